package web

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"

	"annals/internal/auth"
	"annals/internal/media"
	"annals/internal/timeline"
	"annals/views"
)

// MediaStore keeps uploaded images (postgres/media.go).
type MediaStore interface {
	PutImage(ctx context.Context, by auth.User, variants []media.Variant) (string, error)
	PublicMediaBlob(ctx context.Context, name string) (timeline.MediaBlob, error)
	StaffMediaBlob(ctx context.Context, name string) (timeline.MediaBlob, error)
}

// mediaBodyLimit bounds an image upload: enough for a camera's JPEG.
const mediaBodyLimit = 15 << 20

// mediaUploadPath is the one staff route that takes a multipart body.
const mediaUploadPath = "/staff/media"

// mediaUploadRoute registers the upload outside the /staff group, whose
// middleware refuses multipart bodies (refuseUploads): the body is
// limited and parsed (temporary files included, which removeUploadFiles
// deletes) only after the role check, so an anonymous upload is never read.
func (s *Server) mediaUploadRoute() {
	s.echo.Add(http.MethodPost, mediaUploadPath, s.uploadMedia, noStore, echo.WrapMiddleware(s.sessions.LoadAndSave),
		s.loadUser, s.requireRole(auth.RoleContributor), limitMediaBody, s.csrf)
	s.staffRoles = append(s.staffRoles, StaffRoute{Method: http.MethodPost, Path: mediaUploadPath, Role: auth.RoleContributor})
}

func limitMediaBody(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		r := c.Request()
		if r.ContentLength > mediaBodyLimit {
			return timeline.Errorf(timeline.EINVALID, "image: the file is %d MB; at most %d MB is taken", r.ContentLength>>20, mediaBodyLimit>>20)
		}
		r.Body = http.MaxBytesReader(c.Response(), r.Body, mediaBodyLimit)
		// Parts past 1 MB go to temporary files, removed when the request ends.
		err := r.ParseMultipartForm(1 << 20)
		var tooBig *http.MaxBytesError
		switch {
		case err == nil, errors.Is(err, http.ErrNotMultipart):
			// A form without a file goes on to the CSRF check, then is
			// refused for want of an image.
		case errors.As(err, &tooBig):
			return timeline.Errorf(timeline.EINVALID, "image: the file is larger than %d MB", mediaBodyLimit>>20)
		default:
			return timeline.Errorf(timeline.EINVALID, "image: the upload could not be read (%s); try again", err)
		}
		return next(c)
	}
}

// uploadMedia cleans and stores one image (media.Clean) and answers with
// its name: JSON for scripts, a page for people.
func (s *Server) uploadMedia(c echo.Context) error {
	fh, err := c.FormFile("image")
	if err != nil {
		return refuseImage(c, "choose an image file to upload")
	}
	f, err := fh.Open()
	if err != nil {
		return fmt.Errorf("open upload: %w", err)
	}
	defer f.Close()
	variants, err := media.Clean(io.LimitReader(f, mediaBodyLimit))
	if errors.Is(err, media.ErrNotImage) {
		return refuseImage(c, fmt.Sprintf("%q is not a JPEG, PNG or GIF image", fh.Filename))
	}
	if err != nil {
		return refuseImage(c, err.Error())
	}
	name, err := s.store.PutImage(c.Request().Context(), currentUser(c), variants)
	if err != nil {
		return err
	}
	var widths []int
	var words []string
	for _, v := range variants {
		widths = append(widths, v.Width)
		words = append(words, fmt.Sprint(v.Width))
	}
	if strings.Contains(c.Request().Header.Get(echo.HeaderAccept), "application/json") {
		return c.JSON(http.StatusCreated, map[string]any{"upload": name, "widths": widths,
			"preview": staffMediaPrefix + variants[0].Name})
	}
	list := strings.Join(words, ", ") + " pixels"
	if len(words) > 1 {
		list = strings.Join(words[:len(words)-1], ", ") + " and " + words[len(words)-1] + " pixels"
	}
	return render(c, http.StatusCreated, views.StaffMediaUploaded(views.MediaUploadPage{
		Meta: s.staffMeta(c, tr(c, "staff.media.stored"), "Events"), Name: name, Preview: staffMediaPrefix + variants[0].Name,
		Widths: widths, WidthList: list}))
}

// refuseImage answers 422 for an upload that is not an image Annals
// takes, naming the field.
func refuseImage(c echo.Context, message string) error {
	message = "image: " + message
	if wantsJSON(c.Request()) || strings.Contains(c.Request().Header.Get(echo.HeaderAccept), "application/json") {
		return c.JSON(http.StatusUnprocessableEntity, map[string]any{"error": map[string]any{
			"status": http.StatusUnprocessableEntity, "field": "image", "message": message}})
	}
	return render(c, http.StatusUnprocessableEntity, views.Error(views.ErrorPage{
		Meta:   views.Meta{Title: "The upload is not an image · Annals", Lang: langOf(c), NoIndex: true},
		Status: http.StatusUnprocessableEntity, Heading: "The upload is not an image", Message: message}))
}

// publicMedia serves a stored width of an image a public event shows. The
// name is the content's hash, so the answer never changes: caches keep it
// for a year.
func (s *Server) publicMedia(c echo.Context) error {
	return s.serveMedia(c, s.store.PublicMediaBlob, "public, max-age=31536000, immutable")
}

// staffMedia serves any stored width to staff (the editor and review).
func (s *Server) staffMedia(c echo.Context) error {
	return s.serveMedia(c, s.store.StaffMediaBlob, "private, max-age=31536000, immutable")
}

func (s *Server) serveMedia(c echo.Context, load func(context.Context, string) (timeline.MediaBlob, error), cache string) error {
	name := c.Param("name")
	if !timeline.IsUploadName(name) {
		return timeline.Errorf(timeline.ENOTFOUND, "There is no image %s.", name)
	}
	b, err := load(c.Request().Context(), name)
	if err != nil {
		return err
	}
	h := c.Response().Header()
	h.Set(echo.HeaderCacheControl, cache)
	h.Set("ETag", `"`+strings.TrimSuffix(strings.TrimSuffix(name, ".jpg"), ".png")+`"`)
	if match := c.Request().Header.Get("If-None-Match"); match != "" && strings.Contains(match, h.Get("ETag")) {
		return c.NoContent(http.StatusNotModified)
	}
	return c.Blob(http.StatusOK, b.ContentType, b.Bytes)
}
