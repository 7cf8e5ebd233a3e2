package web

import (
	"context"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"annals/internal/i18n"
	"annals/internal/timeline"
	"annals/views"
)

// Proposed categories, actors and places (issue 15): proposed from the
// event editor by anyone on staff, reviewed by editors at /staff/proposals.

// proposeInEditor proposes what the editor's propose fields hold (kind:
// category, actor or place) and chooses it in f: the category, a free
// actor row, or the place fields. It returns what to tell the person.
func (s *Server) proposeInEditor(c echo.Context, f *views.EventForm, kind string) (string, error) {
	in := timeline.ProposalInput{Kind: kind}
	switch kind {
	case "category":
		in.Name = f.Propose.Category
	case "actor":
		in.Name, in.Actor = f.Propose.Actor, f.Propose.ActorKind
	case "place":
		in.Name, in.Country = f.Propose.PlaceName, f.Propose.PlaceCountry
		if f.Propose.PlaceLat != "" || f.Propose.PlaceLon != "" {
			lat, err1 := strconv.ParseFloat(f.Propose.PlaceLat, 64)
			lon, err2 := strconv.ParseFloat(f.Propose.PlaceLon, 64)
			if err1 != nil || err2 != nil {
				return "", &timeline.ValidationError{Problems: []timeline.Problem{{Field: "propose_place",
					Message: tr(c, "staff.prop.latlon")}}}
			}
			in.Lat, in.Lon = &lat, &lon
		}
	}
	got, err := s.store.ProposeItem(c.Request().Context(), currentUser(c), in)
	if err != nil {
		return "", err
	}
	switch kind {
	case "category":
		f.Category, f.Propose.Category = got.Slug, ""
	case "actor":
		addActor(f, got.Slug)
		f.Propose.Actor = ""
	case "place":
		f.PlaceName, f.PlaceCountry, f.Lat, f.Lon = got.Name, in.Country, f.Propose.PlaceLat, f.Propose.PlaceLon
		f.Propose = views.ProposeForm{Category: f.Propose.Category, Actor: f.Propose.Actor, ActorKind: f.Propose.ActorKind}
	}
	switch {
	case got.Known:
		return tr(c, "staff.prop.known", proposalKind(c, kind), got.Name, proposalState(c, got.State)), nil
	case got.State == timeline.ItemAccepted: // an editor's
		return tr(c, "staff.prop.added", proposalKind(c, kind), got.Name), nil
	}
	return tr(c, "staff.prop.proposed", proposalKind(c, kind), got.Name), nil
}

// proposalKind names a kind of proposed item ("category") in the page's
// language; an unknown kind (from the address) is shown as given.
func proposalKind(c echo.Context, kind string) string {
	if msg, ok := i18n.Messages().Lookup(langOf(c), "staff.prop.kind."+kind); ok {
		return msg
	}
	return kind
}

// proposalState names an item's state ("accepted") in the page's language.
func proposalState(c echo.Context, state string) string {
	if msg, ok := i18n.Messages().Lookup(langOf(c), "staff.prop.state."+state); ok {
		return msg
	}
	return state
}

// itemNotes says which proposed or rejected items the form's work cites.
func (s *Server) itemNotes(ctx context.Context, f views.EventForm) []string {
	e := timeline.Event{Category: timeline.Category{Slug: f.Category},
		Place: timeline.Place{Name: f.PlaceName, Country: f.PlaceCountry}}
	if lat, err := strconv.ParseFloat(f.Lat, 64); err == nil {
		if lon, err := strconv.ParseFloat(f.Lon, 64); err == nil {
			e.Place.Lat, e.Place.Lon = &lat, &lon
		}
	}
	for _, a := range f.Actors {
		if a.Slug != "" {
			e.Actors = append(e.Actors, timeline.EventActor{Actor: timeline.Actor{Slug: a.Slug}})
		}
	}
	notes, err := s.store.ItemNotes(ctx, e)
	if err != nil {
		return nil // the notes help; the save and publish steps check again
	}
	var out []string
	for _, n := range notes {
		out = append(out, n.Message())
	}
	return out
}

// proposalsPage is the review list.
func (s *Server) proposalsPage(c echo.Context) error {
	return s.renderProposals(c, statusOK, "", nil)
}

func (s *Server) renderProposals(c echo.Context, status int, key string, errs error) error {
	list, err := s.store.Proposals(c.Request().Context())
	if err != nil {
		return err
	}
	page := views.ProposalsPage{Meta: s.staffMeta(c, tr(c, "staff.nav.proposals"), "Proposals"), FormKey: key}
	if errs != nil {
		page.Errors, _ = problemMap(c, errs)
	}
	for _, p := range list {
		key := fmt.Sprintf("%s-%d", p.Kind, p.ID)
		v := views.ProposalView{Key: key, Kind: proposalKind(c, p.Kind), Name: p.Name, Slug: p.Slug, Detail: p.Detail, ProposedBy: p.ProposedBy,
			AcceptURL: fmt.Sprintf("/staff/proposals/%s/%d/accept", p.Kind, p.ID),
			RejectURL: fmt.Sprintf("/staff/proposals/%s/%d/reject", p.Kind, p.ID)}
		if p.Kind == "actor" { // the actor's kind, named in the page's language
			if msg, ok := i18n.Messages().Lookup(langOf(c), "staff.actorkind."+strings.ReplaceAll(p.Detail, " ", "_")); ok {
				v.Detail = msg
			}
		}
		for _, u := range p.UsedBy {
			v.UsedBy = append(v.UsedBy, views.Link{Label: u.Title, URL: fmt.Sprintf("/staff/events/%d", u.ID)})
		}
		page.Proposals = append(page.Proposals, v)
	}
	return render(c, status, views.StaffProposals(page))
}

// reviewProposal accepts or rejects one proposal and returns to the list.
func (s *Server) reviewProposal(accept bool) echo.HandlerFunc {
	return func(c echo.Context) error {
		kind := c.Param("kind")
		id, err := pathID(c)
		if err != nil {
			return err
		}
		ctx, u := c.Request().Context(), currentUser(c)
		var msg string
		if accept {
			name := strings.TrimSpace(c.FormValue("name"))
			err = s.store.AcceptProposal(ctx, u, kind, id, name, c.FormValue("reason"))
			msg = tr(c, "staff.prop.accepted", proposalKind(c, kind))
			if name != "" {
				msg = tr(c, "staff.prop.acceptedname", proposalKind(c, kind), name)
			}
		} else {
			err = s.store.RejectProposal(ctx, u, kind, id, c.FormValue("reason"))
			msg = tr(c, "staff.prop.rejected", proposalKind(c, kind))
		}
		switch timeline.ErrorCode(err) {
		case "":
			s.flash(c, msg)
		case timeline.EINVALID:
			return s.renderProposals(c, http.StatusUnprocessableEntity, fmt.Sprintf("%s-%d", kind, id), err)
		case timeline.ECONFLICT:
			s.flash(c, tr(c, "staff.flash.notdone", errorSaid(c.Request().Context(), err)))
		default:
			return err
		}
		return c.Redirect(http.StatusSeeOther, "/staff/proposals")
	}
}
