package web

import (
	"net/url"
	"strconv"

	"github.com/labstack/echo/v4"

	"annals/internal/timeline"
)

// Addresses: the paths of public pages and the parameters read from them.

// absolute is path as a full address under the configured base URL, or ""
// when none is configured.
func (s *Server) absolute(path string) string {
	if s.config.BaseURL == "" {
		return ""
	}
	return s.config.BaseURL + path
}

func timelinePath(slug string) string { return "/t/" + url.PathEscape(slug) }

func eventPath(timelineSlug, eventSlug string) string {
	return timelinePath(timelineSlug) + "/e/" + url.PathEscape(eventSlug)
}

func sourcePath(id int64) string { return "/sources/" + strconv.FormatInt(id, 10) }

func embedTimelinePath(slug string) string { return "/embed" + timelinePath(slug) }

func embedEventPath(slug, event string) string { return "/embed" + eventPath(slug, event) }

func withQuery(path string, q url.Values) string {
	if len(q) == 0 {
		return path
	}
	return path + "?" + q.Encode()
}

func pathID(c echo.Context) (int64, error) {
	id, err := strconv.ParseInt(c.Param("id"), 10, 64)
	if err != nil || id <= 0 {
		return 0, timeline.Errorf(timeline.ENOTFOUND, "There is no such page.")
	}
	return id, nil
}

// pathLang is the :lang of the path, refused when it is not a language tag.
func pathLang(c echo.Context) (string, error) {
	lang := c.Param("lang")
	if timeline.ValidateLanguage(lang) != nil {
		return "", timeline.Errorf(timeline.ENOTFOUND, "There is no such translation.")
	}
	return lang, nil
}
