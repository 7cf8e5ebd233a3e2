package web

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"mime"
	"net/http"
	"net/url"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/labstack/echo/v4"

	"annals/internal/auth"
	"annals/internal/timeline"
)

// Writing through the API: the same /api/v1 resource paths, with a per-user
// API token (Authorization: Bearer ...; see staff_tokens.go). A token acts
// as its account, with the account's current role, through the very store
// functions the staff editor uses, so every write has the same rules
// (review before publishing, no self-publishing unless allowed), the same
// optimistic locking by version, and a revision by that account. Requests
// carry no cookie, so there is nothing for CSRF to forge; a request without
// a token is refused with 401 whatever cookies it has. GET routes stay
// public: a token shows no drafts through them.

// maxAPIBody bounds the JSON body of a write.
const maxAPIBody = 1 << 20

// requireToken puts the account of the request's bearer token on the
// request, or answers 401 with WWW-Authenticate: Bearer.
func (s *Server) requireToken(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		h := c.Response().Header()
		h.Set(echo.HeaderCacheControl, "no-store")
		h.Del("Access-Control-Allow-Origin") // writes are for programs, not for other sites' pages
		scheme, token, _ := strings.Cut(c.Request().Header.Get(echo.HeaderAuthorization), " ")
		token = strings.TrimSpace(token)
		if !strings.EqualFold(scheme, "Bearer") || token == "" {
			h.Set("WWW-Authenticate", `Bearer realm="annals"`)
			return timeline.Errorf(timeline.EUNAUTHORIZED,
				"Writing needs an API token: send the header Authorization: Bearer followed by the token. Make a token at /staff/tokens.")
		}
		u, err := s.store.UserForAPIToken(c.Request().Context(), token)
		if err != nil {
			if timeline.ErrorCode(err) == timeline.EUNAUTHORIZED {
				h.Set("WWW-Authenticate", `Bearer realm="annals", error="invalid_token"`)
			}
			return err
		}
		c.SetRequest(c.Request().WithContext(context.WithValue(c.Request().Context(), userKey, u)))
		return next(c)
	}
}

// requireAPIRole refuses (403) a token whose account lacks role min.
func (s *Server) requireAPIRole(min auth.Role) echo.MiddlewareFunc {
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			if u := currentUser(c); !u.Can(min) {
				return timeline.Errorf(timeline.EFORBIDDEN, "This needs the %s role; the token's account is a %s.", min, u.Role)
			}
			return next(c)
		}
	}
}

// apiEventIn is the body of a create or an update. Dates are written as
// 2021, 2021-05 or 2021-05-14; a source is a library source by id or a new
// one; a figure's source is a source of this event by index or a library
// source by id.
type apiEventIn struct {
	Version    *int          `json:"version,omitempty"`
	Slug       string        `json:"slug"`
	Title      string        `json:"title"`
	Summary    string        `json:"summary"`
	Start      apiDateIn     `json:"start"`
	End        apiDateIn     `json:"end"`
	Category   string        `json:"category"`
	Place      *apiPlace     `json:"place,omitempty"`
	Visibility string        `json:"visibility"`
	Actors     []apiActorIn  `json:"actors"`
	Sources    []apiSourceIn `json:"sources"`
	Figures    []apiFigureIn `json:"figures"`
	Timelines  []string      `json:"timelines,omitempty"`
	Submit     bool          `json:"submit,omitempty"`
	Reason     string        `json:"reason,omitempty"`
}

// apiDateIn is a date as the API takes it: "2021-02-01", or as annals/v1
// writes it, {"date": "2021-02-01", "precision": "day", "time": "03:00"}
// (precision and time optional; a time needs a day).
type apiDateIn struct {
	Date      string `json:"date"`
	Precision string `json:"precision,omitempty"`
	Time      string `json:"time,omitempty"`
}

func (d *apiDateIn) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	switch {
	case string(b) == "null":
		*d = apiDateIn{}
		return nil
	case len(b) > 0 && b[0] == '"':
		*d = apiDateIn{}
		if err := json.Unmarshal(b, &d.Date); err != nil {
			return err
		}
		d.Date = strings.TrimSpace(d.Date)
		return nil
	case len(b) > 0 && b[0] == '{':
		type plain apiDateIn
		dec := json.NewDecoder(bytes.NewReader(b))
		dec.DisallowUnknownFields()
		var v plain
		if err := dec.Decode(&v); err != nil {
			return fmt.Errorf("a date object has date, precision and time (strings): %w", err)
		}
		*d = apiDateIn(v)
		d.Date, d.Time = strings.TrimSpace(d.Date), strings.TrimSpace(d.Time)
		return nil
	}
	return fmt.Errorf("a date is a string (\"2021-02-01\") or an object ({\"date\": \"2021-02-01\", \"time\": \"03:00\"})")
}

func (d apiDateIn) date() (timeline.FuzzyDate, error) {
	return timeline.ParseDateWithPrecision(d.Date, timeline.Precision(d.Precision))
}

func (d apiDateIn) timeOfDay() (timeline.TimeOfDay, error) {
	if d.Time == "" {
		return timeline.TimeOfDay{}, nil
	}
	return timeline.ParseTimeOfDay(d.Time)
}

type apiActorIn struct {
	Slug string `json:"slug"`
	Role string `json:"role"`
}

type apiSourceIn struct {
	ID           int64  `json:"id,omitempty"`
	URL          string `json:"url,omitempty"`
	Title        string `json:"title,omitempty"`
	Publisher    string `json:"publisher,omitempty"`
	Published    string `json:"published,omitempty"`
	Kind         string `json:"kind,omitempty"`
	ArchiveURL   string `json:"archive_url,omitempty"`
	Language     string `json:"language,omitempty"`
	Confidential bool   `json:"confidential,omitempty"`
	Locator      string `json:"locator,omitempty"`
	Note         string `json:"note,omitempty"`
}

type apiFigureIn struct {
	Metric      string `json:"metric"`
	Value       *int64 `json:"value"`
	Qualifier   string `json:"qualifier"`
	Scope       string `json:"scope"`
	AsOf        string `json:"as_of"`
	SourceIndex *int   `json:"source_index,omitempty"`
	SourceID    int64  `json:"source_id,omitempty"`
	Attribution string `json:"attribution,omitempty"`
	Note        string `json:"note,omitempty"`
}

// apiActionIn is the body of a workflow step.
type apiActionIn struct {
	Version *int   `json:"version"`
	Reason  string `json:"reason"`
}

// apiWriteResult answers every write: where the event now stands, and the
// work as it is now (which the public GET routes do not show until it is
// published).
type apiWriteResult struct {
	ID         int64    `json:"id"`
	Slug       string   `json:"slug"`
	Version    int      `json:"version"`
	Status     string   `json:"status"`
	LiveStatus string   `json:"live_status"`
	Pending    bool     `json:"pending"`
	Visibility string   `json:"visibility"`
	Timelines  []string `json:"timelines"`
	Event      apiEvent `json:"event"`
	Links      struct {
		Self    string `json:"self"`
		Staff   string `json:"staff"`
		History string `json:"history"`
		Public  string `json:"public,omitempty"`
	} `json:"links"`
}

type apiProblem struct {
	Field   string `json:"field"`
	Message string `json:"message"`
}

// apiFail answers status with the JSON error shape of handleError plus the
// problems by field.
func apiFail(c echo.Context, status int, message string, problems []apiProblem) error {
	e := map[string]any{"status": status, "message": message}
	if problems != nil {
		e["problems"] = problems
	}
	return c.JSON(status, map[string]any{"error": e})
}

// apiWriteError answers a store error: validation problems as 422 naming
// each field; anything else through the one error handler.
func apiWriteError(c echo.Context, err error) error {
	var v *timeline.ValidationError
	switch {
	case errors.As(err, &v):
		var list []apiProblem
		for _, p := range v.Problems {
			list = append(list, apiProblem{Field: p.Field, Message: p.Message})
		}
		return apiFail(c, http.StatusUnprocessableEntity, v.Error(), list)
	case timeline.ErrorCode(err) == timeline.EINVALID:
		return apiFail(c, http.StatusUnprocessableEntity, timeline.ErrorMessage(err), []apiProblem{{Message: timeline.ErrorMessage(err)}})
	}
	return err
}

// decodeBody reads a JSON object into dst, refusing unknown fields, and
// returns the top-level keys it had. On a problem it has already answered
// (400 naming the field, 413, or 415 for a body that is not JSON by its
// Content-Type) and returns ok false.
func decodeBody(c echo.Context, dst any) (keys map[string]bool, ok bool, err error) {
	r := c.Request()
	if mt, _, err := mime.ParseMediaType(r.Header.Get(echo.HeaderContentType)); err != nil ||
		mt != echo.MIMEApplicationJSON && !strings.HasSuffix(mt, "+json") {
		return nil, false, apiFail(c, http.StatusUnsupportedMediaType,
			"The body must be JSON, sent with Content-Type: application/json.", nil)
	}
	body, rerr := io.ReadAll(http.MaxBytesReader(c.Response(), r.Body, maxAPIBody))
	var tooBig *http.MaxBytesError
	if errors.As(rerr, &tooBig) {
		return nil, false, apiFail(c, http.StatusRequestEntityTooLarge,
			fmt.Sprintf("The body is larger than %d bytes.", maxAPIBody), nil)
	}
	if rerr != nil {
		return nil, false, fmt.Errorf("read body: %w", rerr)
	}
	bad := func(field, format string, args ...any) (map[string]bool, bool, error) {
		msg := fmt.Sprintf(format, args...)
		return nil, false, apiFail(c, http.StatusBadRequest, msg, []apiProblem{{Field: field, Message: msg}})
	}
	var top map[string]json.RawMessage
	if err := json.Unmarshal(body, &top); err != nil || top == nil {
		var syn *json.SyntaxError
		switch {
		case len(strings.TrimSpace(string(body))) == 0:
			return bad("", "The body is empty; send a JSON object (Content-Type: application/json).")
		case errors.As(err, &syn):
			return bad("", "The body is not valid JSON (at byte %d): %v.", syn.Offset, err)
		}
		return bad("", "The body must be a JSON object.")
	}
	// encoding/json would quietly turn bytes that are not UTF-8 into
	// U+FFFD, and PostgreSQL refuses NUL in text: refuse both by field.
	if field, problem := badString(body, ""); problem != "" {
		if field == "" {
			return bad("", "The body %s.", problem)
		}
		return bad(field, "%s: %s.", field, problem)
	}
	dec := json.NewDecoder(strings.NewReader(string(body)))
	dec.DisallowUnknownFields()
	if err := dec.Decode(dst); err != nil {
		var typ *json.UnmarshalTypeError
		switch {
		case errors.As(err, &typ):
			return bad(typ.Field, "%s: is a JSON %s; it must be %s.", typ.Field, typ.Value, jsonKind(typ.Type))
		case strings.HasPrefix(err.Error(), "json: unknown field "):
			name := strings.Trim(strings.TrimPrefix(err.Error(), "json: unknown field "), `"`)
			return bad(name, "%s: is not a field here; see the OpenAPI document at /api/v1/openapi.json.", name)
		}
		return bad("", "The body could not be read: %v.", err)
	}
	keys = map[string]bool{}
	for k := range top {
		keys[k] = true
	}
	return keys, true, nil
}

// badString finds a string in the JSON value raw, at path, that is not
// UTF-8 or holds a NUL character, and names its field as validation does
// (title, sources[1].url, start, start_time).
func badString(raw json.RawMessage, path string) (field, problem string) {
	raw = bytes.TrimSpace(raw)
	if utf8.Valid(raw) && !bytes.Contains(raw, []byte(`\u0000`)) {
		return "", ""
	}
	switch {
	case len(raw) > 0 && raw[0] == '{':
		var m map[string]json.RawMessage
		if json.Unmarshal(raw, &m) == nil {
			for _, k := range slices.Sorted(maps.Keys(m)) {
				name := k
				if path != "" {
					name = path + "." + k
				}
				if f, p := badString(m[k], name); p != "" {
					return f, p
				}
			}
		}
	case len(raw) > 0 && raw[0] == '[':
		var list []json.RawMessage
		if json.Unmarshal(raw, &list) == nil {
			for i, v := range list {
				if f, p := badString(v, fmt.Sprintf("%s[%d]", path, i)); p != "" {
					return f, p
				}
			}
		}
	case len(raw) > 0 && raw[0] == '"':
		var str string
		switch {
		case !utf8.Valid(raw):
			problem = "is not valid UTF-8 text"
		case json.Unmarshal(raw, &str) == nil && strings.ContainsRune(str, 0):
			problem = "contains a NUL character (U+0000)"
		default:
			return "", ""
		}
		// A date object's parts are named like the date's problems.
		for _, d := range []string{"start", "end"} {
			switch path {
			case d + ".date", d + ".precision":
				path = d
			case d + ".time":
				path = d + "_time"
			}
		}
		return path, problem
	}
	return path, "has a field name that is not valid UTF-8 text"
}

func jsonKind(t reflect.Type) string {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch t.Kind() {
	case reflect.String:
		return "a string"
	case reflect.Bool:
		return "true or false"
	case reflect.Int, reflect.Int64, reflect.Int32:
		return "a whole number"
	case reflect.Float64, reflect.Float32:
		return "a number"
	case reflect.Slice:
		return "an array"
	}
	return "an object"
}

// eventOf turns the body into an event, reporting problems with the field
// names of the domain's validation ("start", "sources[1].url").
func (in apiEventIn) eventOf() (timeline.Event, *timeline.Problems) {
	p := timeline.NewProblems("")
	e := timeline.Event{Slug: strings.TrimSpace(in.Slug), Title: in.Title, Summary: in.Summary,
		Category: timeline.Category{Slug: in.Category}, Visibility: timeline.Visibility(in.Visibility)}
	if e.Visibility == "" {
		e.Visibility = timeline.VisibilityPublic
	}
	if in.Start.Date == "" {
		p.Add("start", "is required (write 2021, 2021-05 or 2021-05-14)")
	} else if d, err := in.Start.date(); err != nil {
		p.AddErr("start", err)
	} else {
		e.When.Start = d
	}
	if in.End.Date != "" {
		if d, err := in.End.date(); err != nil {
			p.AddErr("end", err)
		} else {
			e.When.End = d
		}
	}
	var err error
	e.When.StartTime, err = in.Start.timeOfDay()
	p.AddErr("start_time", err)
	e.When.EndTime, err = in.End.timeOfDay()
	p.AddErr("end_time", err)
	if in.Category == "" {
		p.Add("category", "is required (a category slug)")
	}
	if in.Place != nil {
		e.Place = timeline.Place{Name: strings.TrimSpace(in.Place.Name), Country: strings.ToUpper(strings.TrimSpace(in.Place.Country)),
			Lat: in.Place.Lat, Lon: in.Place.Lon}
	}
	for i, a := range in.Actors {
		if a.Slug == "" {
			p.Add(fmt.Sprintf("actors[%d].slug", i), "is required (an actor slug)")
		}
		e.Actors = append(e.Actors, timeline.EventActor{Actor: timeline.Actor{Slug: a.Slug}, Role: a.Role})
	}
	for i, s := range in.Sources {
		prefix := fmt.Sprintf("sources[%d].", i)
		var src timeline.Source
		if s.ID != 0 {
			if s.ID < 0 {
				p.Add(prefix+"id", "must be the id of a library source")
			}
			src = timeline.Source{ID: s.ID, Title: "?", Kind: "other"} // filled in from the library
		} else {
			src = timeline.Source{URL: strings.TrimSpace(s.URL), Title: strings.TrimSpace(s.Title), Publisher: strings.TrimSpace(s.Publisher),
				ArchiveURL: strings.TrimSpace(s.ArchiveURL), Kind: s.Kind, Language: strings.TrimSpace(s.Language), Confidential: s.Confidential}
			if src.Kind == "" {
				src.Kind = "other"
			}
			if s.Published != "" {
				d, err := timeline.ParseDate(strings.TrimSpace(s.Published))
				p.AddErr(prefix+"published", err)
				src.Published = d
			}
		}
		e.Citations = append(e.Citations, timeline.Citation{Source: src, Locator: s.Locator, Note: s.Note})
	}
	for i, f := range in.Figures {
		prefix := fmt.Sprintf("figures[%d].", i)
		fig := timeline.Figure{Metric: strings.ToLower(strings.TrimSpace(f.Metric)), Qualifier: timeline.Qualifier(f.Qualifier),
			Scope: timeline.Scope(f.Scope), Attribution: f.Attribution, Note: f.Note}
		if fig.Qualifier == "" {
			fig.Qualifier = timeline.QualifierExact
		}
		if fig.Scope == "" {
			fig.Scope = timeline.ScopeEvent
		}
		if f.Value == nil {
			p.Add(prefix+"value", "is required")
		} else {
			fig.Value = *f.Value
		}
		if f.AsOf == "" {
			p.Add(prefix+"as_of", "is required (the date the count is as of)")
		} else if d, err := timeline.ParseDate(strings.TrimSpace(f.AsOf)); err != nil {
			p.AddErr(prefix+"as_of", err)
		} else {
			fig.AsOf = d
		}
		switch {
		case f.SourceIndex != nil && f.SourceID != 0:
			p.Add(prefix+"source_index", "give source_index or source_id, not both")
		case f.SourceIndex != nil:
			if n := *f.SourceIndex; n < 0 || n >= len(e.Citations) {
				p.Add(prefix+"source_index", "there is no source %d in this event's sources (they are numbered from 0)", n)
				fig.Source = timeline.Source{Title: "?", Kind: "other"}
			} else {
				fig.Source = e.Citations[n].Source
			}
		case f.SourceID > 0:
			fig.Source = timeline.Source{ID: f.SourceID, Title: "?", Kind: "other"}
		default:
			p.Add(prefix+"source_index", "is required: the source of the count (source_index or source_id)")
			fig.Source = timeline.Source{Title: "?", Kind: "other"}
		}
		e.Figures = append(e.Figures, fig)
	}
	return e, p
}

// inputOf is the body that would save e unchanged: the base of a PATCH.
func inputOf(e timeline.Event) apiEventIn {
	in := apiEventIn{Slug: e.Slug, Title: e.Title, Summary: e.Summary,
		Start:    apiDateIn{Date: e.When.Start.String(), Time: e.When.StartTime.String()},
		End:      apiDateIn{Date: e.When.End.String(), Time: e.When.EndTime.String()},
		Category: e.Category.Slug, Visibility: string(e.Visibility)}
	if !e.Place.IsZero() {
		in.Place = &apiPlace{Name: e.Place.Name, Country: e.Place.Country, Lat: e.Place.Lat, Lon: e.Place.Lon}
	}
	for _, a := range e.Actors {
		in.Actors = append(in.Actors, apiActorIn{Slug: a.Actor.Slug, Role: a.Role})
	}
	for _, c := range e.Citations {
		in.Sources = append(in.Sources, apiSourceIn{ID: c.Source.ID, Locator: c.Locator, Note: c.Note})
	}
	for _, f := range e.Figures {
		v := f.Value
		in.Figures = append(in.Figures, apiFigureIn{Metric: f.Metric, Value: &v, Qualifier: string(f.Qualifier),
			Scope: string(f.Scope), AsOf: f.AsOf.String(), SourceID: f.Source.ID, Attribution: f.Attribution, Note: f.Note})
	}
	return in
}

// patch overlays the fields the body named on base.
func patch(base, in apiEventIn, keys map[string]bool) apiEventIn {
	set := func(key string, apply func()) {
		if keys[key] {
			apply()
		}
	}
	set("slug", func() { base.Slug = in.Slug })
	set("title", func() { base.Title = in.Title })
	set("summary", func() { base.Summary = in.Summary })
	set("start", func() { base.Start = in.Start })
	set("end", func() { base.End = in.End })
	set("category", func() { base.Category = in.Category })
	set("place", func() { base.Place = in.Place })
	set("visibility", func() { base.Visibility = in.Visibility })
	set("actors", func() { base.Actors = in.Actors })
	set("sources", func() { base.Sources = in.Sources })
	set("figures", func() { base.Figures = in.Figures })
	base.Version, base.Submit, base.Reason, base.Timelines = in.Version, in.Submit, in.Reason, in.Timelines
	return base
}

// apiCreateEvent creates an event on the path's timeline (and any further
// timelines the body names): a draft, or in review with "submit": true.
func (s *Server) apiCreateEvent(c echo.Context) error {
	ctx := c.Request().Context()
	slug := c.Param("slug")
	if err := s.store.StaffTimelineExists(ctx, slug); err != nil {
		return err
	}
	var in apiEventIn
	keys, ok, err := decodeBody(c, &in)
	if !ok {
		return err
	}
	if keys["version"] { // not a field of EventCreate, like any unknown one
		return apiFail(c, http.StatusBadRequest, "version: a new event has no version; leave it out.",
			[]apiProblem{{Field: "version", Message: "a new event has no version; leave it out"}})
	}
	e, problems := in.eventOf()
	if err := problems.Err(); err != nil {
		return apiWriteError(c, mergeDomainProblems(problems, e))
	}
	timelines := append([]string{slug}, in.Timelines...)
	id, _, err := s.store.SaveEvent(ctx, currentUser(c), timeline.EventSave{Event: e, Timelines: timelines,
		Submit: in.Submit, Reason: in.Reason})
	if err != nil {
		return apiWriteError(c, err)
	}
	res, err := s.apiResult(c, slug, id)
	if err != nil {
		return err
	}
	c.Response().Header().Set(echo.HeaderLocation, res.Links.Self)
	return c.JSON(http.StatusCreated, res)
}

// apiUpdateEvent saves a new version of an event: PUT replaces it whole
// (but keeps its visibility unless the body names one), PATCH changes only
// the fields the body names. The body's version must be
// the event's current one (409 otherwise, and nothing changes).
func (s *Server) apiUpdateEvent(partial bool) echo.HandlerFunc {
	return func(c echo.Context) error {
		ctx := c.Request().Context()
		slug := c.Param("slug")
		id, err := s.store.StaffEventID(ctx, slug, c.Param("event"))
		if err != nil {
			return err
		}
		var in apiEventIn
		keys, ok, err := decodeBody(c, &in)
		if !ok {
			return err
		}
		if in.Version == nil {
			return apiFail(c, http.StatusUnprocessableEntity,
				"version: is required: the version you last saw (every write answers with the new one).",
				[]apiProblem{{Field: "version", Message: "is required: the version you last saw"}})
		}
		if keys["timelines"] { // not a field of EventReplace or EventPatch
			return apiFail(c, http.StatusBadRequest, "timelines: only a new event takes timelines; an editor changes them in the staff UI.",
				[]apiProblem{{Field: "timelines", Message: "only a new event takes timelines"}})
		}
		cur, err := s.store.StaffEvent(ctx, id)
		if err != nil {
			return err
		}
		switch {
		case partial:
			in = patch(inputOf(cur.Work), in, keys)
		case !keys["visibility"]:
			// A PUT that does not mention visibility never makes an
			// internal event public.
			in.Visibility = string(cur.Work.Visibility)
		}
		e, problems := in.eventOf()
		if err := problems.Err(); err != nil {
			return apiWriteError(c, mergeDomainProblems(problems, e))
		}
		e.ID = id
		// The API has no media fields yet: a PUT or PATCH leaves the
		// event's images and videos as they are (the editor changes them).
		e.Media = cur.Work.Media
		if _, _, err := s.store.SaveEvent(ctx, currentUser(c), timeline.EventSave{Event: e, Version: *in.Version,
			Submit: in.Submit, Reason: in.Reason}); err != nil {
			return apiWriteError(c, err)
		}
		res, err := s.apiResult(c, slug, id)
		if err != nil {
			return err
		}
		return c.JSON(http.StatusOK, res)
	}
}

// apiEventAction runs a workflow step with the rules of the staff UI.
func (s *Server) apiEventAction(action string) echo.HandlerFunc {
	return func(c echo.Context) error {
		ctx := c.Request().Context()
		slug := c.Param("slug")
		id, err := s.store.StaffEventID(ctx, slug, c.Param("event"))
		if err != nil {
			return err
		}
		var in apiActionIn
		if _, ok, err := decodeBody(c, &in); !ok {
			return err
		}
		if in.Version == nil {
			return apiFail(c, http.StatusUnprocessableEntity, "version: is required: the version you last saw.",
				[]apiProblem{{Field: "version", Message: "is required: the version you last saw"}})
		}
		u := currentUser(c)
		a := timeline.EventAction{ID: id, Version: *in.Version, Reason: in.Reason, AllowSelfPublish: s.allowSelfPublish(c)}
		switch action {
		case "submit":
			_, err = s.store.SubmitEvent(ctx, u, a)
		case "publish":
			_, err = s.store.PublishEvent(ctx, u, a)
		case "retract":
			_, err = s.store.RetractEvent(ctx, u, a)
		}
		if err != nil {
			return apiWriteError(c, err)
		}
		res, err := s.apiResult(c, slug, id)
		if err != nil {
			return err
		}
		return c.JSON(http.StatusOK, res)
	}
}

func (s *Server) apiResult(c echo.Context, timelineSlug string, id int64) (apiWriteResult, error) {
	cur, err := s.store.StaffEvent(c.Request().Context(), id)
	if err != nil {
		return apiWriteResult{}, err
	}
	base := s.baseURL(c)
	out := apiWriteResult{ID: id, Slug: cur.Live.Slug, Version: cur.Version, Status: string(cur.Work.Status),
		LiveStatus: string(cur.Live.Status), Pending: cur.Pending, Visibility: string(cur.Work.Visibility),
		Timelines: cur.Timelines, Event: s.apiEventOf(c, timelineSlug, cur.Work)}
	if out.Timelines == nil {
		out.Timelines = []string{}
	}
	out.Links.Self = base + "/api/v1/timelines/" + url.PathEscape(timelineSlug) + "/events/" + url.PathEscape(cur.Live.Slug)
	out.Links.Staff = base + "/staff/events/" + strconv.FormatInt(id, 10)
	out.Links.History = out.Links.Staff + "/history"
	if cur.Live.IsPublic() {
		out.Links.Public = base + eventPath(timelineSlug, cur.Live.Slug)
	}
	return out, nil
}
