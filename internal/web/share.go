package web

import (
	"github.com/labstack/echo/v4"

	"annals/views"
)

// share is the link preview of a page at path: its absolute address and
// the default card image. An event's own image, once events carry media,
// replaces Image.
func (s *Server) share(c echo.Context, typ, title, path string) views.Share {
	origin := s.origin(c)
	return views.Share{
		Type:  typ,
		Title: title,
		URL:   origin + path,
		Image: views.Image{
			URL:    origin + views.Static(views.DefaultCard),
			Width:  views.DefaultCardWidth,
			Height: views.DefaultCardHeight,
			Alt:    tr(c, "share.card.alt"),
		},
	}
}
