package postgres

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/jackc/pgx/v5"

	"annals/internal/auth"
	"annals/internal/timeline"
)

// Proposed actors, categories and places (migration 00031). Whether an
// item may be public is the SQL function catalogue_public, used by the
// database's guard on shown events and by notAccepted below; nothing else
// decides it.

// ProposeItem records a proposal from the event editor, with its revision,
// and returns it. Proposing what already exists (the same name, or for a
// place the same name, country and coordinates) returns that item, unless
// an editor rejected it: then the answer is the editor's reason.
func (s *Store) ProposeItem(ctx context.Context, by auth.User, in timeline.ProposalInput) (timeline.Proposal, error) {
	in.Name = strings.TrimSpace(in.Name)
	if err := in.Validate(); err != nil {
		return timeline.Proposal{}, err
	}
	// The role that reviews proposals adds to the catalogue directly, as at
	// /staff/actors: what it "proposes" is accepted at once.
	state, action, reason := timeline.ItemProposed, "propose", "proposed in the event editor"
	if timeline.MayReviewProposal(by) == nil {
		state, action, reason = timeline.ItemAccepted, "create", "created in the event editor"
	}
	out := timeline.Proposal{Kind: in.Kind, Name: in.Name, State: state}
	known := false
	err := s.withTx(ctx, func(tx pgx.Tx) error {
		var err error
		switch in.Kind {
		case "place":
			err = tx.QueryRow(ctx, `
SELECT id, name, state, review_note FROM places
WHERE name = $1 AND country = $2 AND lat IS NOT DISTINCT FROM $3 AND lon IS NOT DISTINCT FROM $4`,
				in.Name, in.Country, in.Lat, in.Lon).Scan(&out.ID, &out.Name, &out.State, &out.Note)
		default:
			// The table comes from catalogTables, never from input.
			err = tx.QueryRow(ctx, `SELECT id, slug, name, state, review_note FROM `+ident(catalogTables[in.Kind])+`
WHERE lower(name) = lower($1) ORDER BY id LIMIT 1`, in.Name).Scan(&out.ID, &out.Slug, &out.Name, &out.State, &out.Note)
		}
		switch {
		case err == nil && out.State == timeline.ItemRejected:
			return &timeline.ValidationError{Problems: []timeline.Problem{{Field: "propose_" + in.Kind + "_name",
				Message: timeline.ItemNote{Kind: in.Kind, Name: out.Name, State: out.State, Note: out.Note}.Message()}}}
		case err == nil:
			known = true
			return nil // known already: chosen, not proposed again
		case !errors.Is(err, pgx.ErrNoRows):
			return fmt.Errorf("look for the %s %q: %w", in.Kind, in.Name, err)
		}
		switch in.Kind {
		case "place":
			err = tx.QueryRow(ctx, `
INSERT INTO places (name, country, lat, lon, state, proposed_by) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
				in.Name, in.Country, in.Lat, in.Lon, state, nullID(by.ID)).Scan(&out.ID)
		case "category":
			if out.Slug, err = freeCatalogSlug(ctx, tx, "categories", in.Name); err == nil {
				err = tx.QueryRow(ctx, `
INSERT INTO categories (slug, name, state, proposed_by) VALUES ($1, $2, $3, $4) RETURNING id`,
					out.Slug, in.Name, state, nullID(by.ID)).Scan(&out.ID)
			}
		case "actor":
			if out.Slug, err = freeCatalogSlug(ctx, tx, "actors", in.Name); err == nil {
				err = tx.QueryRow(ctx, `
INSERT INTO actors (slug, name, kind, state, proposed_by) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
					out.Slug, in.Name, in.Actor, state, nullID(by.ID)).Scan(&out.ID)
			}
		}
		if err != nil {
			return fmt.Errorf("propose the %s %q: %w", in.Kind, in.Name, err)
		}
		return catalogRevisionAs(ctx, tx, in.Kind, out.ID, by, action, reason)
	})
	if err != nil {
		return timeline.Proposal{}, constraintError(err)
	}
	out.Known = known
	return out, nil
}

// freeCatalogSlug makes a slug from name that no row of table has yet; a
// name with no Latin letters or digits gets the table's own word.
func freeCatalogSlug(ctx context.Context, tx pgx.Tx, table, name string) (string, error) {
	base := strings.Trim(nonSlug.ReplaceAllString(strings.ToLower(name), "-"), "-")
	if len(base) > 60 {
		base = strings.Trim(base[:60], "-")
	}
	if base == "" {
		base = strings.TrimSuffix(strings.TrimSuffix(table, "s"), "ie") + "-proposed"
	}
	for n := 1; n < 1000; n++ {
		slug := base
		if n > 1 {
			slug = fmt.Sprintf("%s-%d", base, n)
		}
		var taken bool
		if err := tx.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM `+ident(table)+` WHERE slug = $1)`, slug).Scan(&taken); err != nil {
			return "", fmt.Errorf("check slug: %w", err)
		}
		if !taken {
			return slug, nil
		}
	}
	return "", timeline.Errorf(timeline.EINVALID, "Could not find a free slug for %q.", name)
}

// Proposals lists the items waiting for an editor, oldest first, with who
// proposed each and the drafts and pending edits that cite it.
func (s *Store) Proposals(ctx context.Context) ([]timeline.Proposal, error) {
	rows, err := s.pool.Query(ctx, `
WITH items AS (
  SELECT 'category' AS kind, c.id, c.slug, c.name, '' AS detail, c.state, c.proposed_by, c.review_note
  FROM categories c WHERE c.state = 'proposed'
  UNION ALL
  SELECT 'actor', a.id, a.slug, a.name, replace(a.kind, '_', ' '), a.state, a.proposed_by, a.review_note
  FROM actors a WHERE a.state = 'proposed'
  UNION ALL
  SELECT 'place', p.id, '', p.name,
         concat_ws(', ', nullif(p.country, ''), CASE WHEN p.lat IS NOT NULL THEN p.lat || ' ' || p.lon END),
         p.state, p.proposed_by, p.review_note
  FROM places p WHERE p.state = 'proposed'
)
SELECT i.kind, i.id, i.slug, i.name, i.detail, i.state, coalesce(nullif(u.name, ''), u.email, 'unknown'), i.review_note,
  coalesce((SELECT jsonb_agg(jsonb_build_object('ID', x.id, 'Title', x.title) ORDER BY x.id)
            FROM item_uses(i.kind, i.id) x), '[]')
FROM items i LEFT JOIN users u ON u.id = i.proposed_by
ORDER BY i.id`)
	if err != nil {
		return nil, fmt.Errorf("list proposals: %w", err)
	}
	var out []timeline.Proposal
	var p timeline.Proposal
	_, err = pgx.ForEachRow(rows, []any{&p.Kind, &p.ID, &p.Slug, &p.Name, &p.Detail, &p.State, &p.ProposedBy, &p.Note, &p.UsedBy}, func() error {
		out = append(out, p)
		p.UsedBy = nil
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("list proposals: %w", err)
	}
	return out, nil
}

// AcceptProposal makes a proposed item public-ready, under name when one is
// given (rename, then accept), with its revision.
func (s *Store) AcceptProposal(ctx context.Context, by auth.User, kind string, id int64, name, reason string) error {
	return s.reviewProposal(ctx, by, kind, id, timeline.ItemAccepted, strings.TrimSpace(name), reason)
}

// RejectProposal marks a proposed item rejected with the editor's reason,
// which the drafts that cite it then show; nothing in those drafts changes.
func (s *Store) RejectProposal(ctx context.Context, by auth.User, kind string, id int64, reason string) error {
	if strings.TrimSpace(reason) == "" {
		return &timeline.ValidationError{Problems: []timeline.Problem{{Field: "reason",
			Message: "say why it is rejected: the drafts that use it will show your reason"}}}
	}
	return s.reviewProposal(ctx, by, kind, id, timeline.ItemRejected, "", reason)
}

func (s *Store) reviewProposal(ctx context.Context, by auth.User, kind string, id int64, state, name, reason string) error {
	if err := timeline.MayReviewProposal(by); err != nil {
		return err
	}
	table, ok := catalogTables[kind]
	if !ok || kind == "timeline" || kind == "metric" {
		return timeline.Errorf(timeline.ENOTFOUND, "There is no kind of proposal %q.", kind)
	}
	p := timeline.NewProblems("")
	if name != "" {
		p.AddErr("name", timeline.ValidateText(name, true, timeline.MaxNameLength))
	}
	p.AddErr("reason", timeline.ValidateText(reason, false, timeline.MaxNoteLength))
	if err := p.Err(); err != nil {
		return err
	}
	err := s.withTx(ctx, func(tx pgx.Tx) error {
		var cur, curName string
		err := tx.QueryRow(ctx, `SELECT state, name FROM `+ident(table)+` WHERE id = $1 FOR UPDATE`, id).Scan(&cur, &curName)
		if err != nil {
			return notFound(fmt.Errorf("lock %s %d: %w", kind, id, err), "There is no proposed %s %d.", kind, id)
		}
		if cur != timeline.ItemProposed {
			return timeline.Errorf(timeline.ECONFLICT, "The %s “%s” is already %s; nothing was changed.", kind, curName, cur)
		}
		if name == "" {
			name = curName
		}
		note := ""
		if state == timeline.ItemRejected {
			note = strings.TrimSpace(reason)
		}
		if _, err := tx.Exec(ctx, `UPDATE `+ident(table)+` SET state = $2, name = $3, review_note = $4 WHERE id = $1`,
			id, state, name, note); err != nil {
			return fmt.Errorf("%s %s %d: %w", state, kind, id, err)
		}
		action := "accept"
		if state == timeline.ItemRejected {
			action = "reject"
		}
		if reason == "" && name != curName {
			reason = fmt.Sprintf("renamed from “%s” and accepted", curName)
		}
		return catalogRevisionAs(ctx, tx, kind, id, by, action, reason)
	})
	return constraintError(err)
}

// ItemNotes lists what e cites that is not accepted (proposed or rejected),
// for its editor.
func (s *Store) ItemNotes(ctx context.Context, e timeline.Event) ([]timeline.ItemNote, error) {
	return notAccepted(ctx, s.pool, e)
}

// notAccepted lists the category, actors and place e cites that the public
// may not see, by the one rule catalogue_public.
func notAccepted(ctx context.Context, db querier, e timeline.Event) ([]timeline.ItemNote, error) {
	actors := make([]string, len(e.Actors))
	for i, a := range e.Actors {
		actors[i] = a.Actor.Slug
	}
	var name, country *string
	if !e.Place.IsZero() {
		name, country = &e.Place.Name, &e.Place.Country
	}
	rows, err := db.Query(ctx, `
SELECT 'category', c.name, c.state, c.review_note, 'category', 0
FROM categories c WHERE c.slug = $1 AND NOT catalogue_public(c.state)
UNION ALL
SELECT 'actor', a.name, a.state, a.review_note, 'actors', (x.n - 1)::int
FROM unnest($2::text[]) WITH ORDINALITY x (slug, n) JOIN actors a ON a.slug = x.slug
WHERE NOT catalogue_public(a.state)
UNION ALL
SELECT 'place', p.name, p.state, p.review_note, 'place.name', 0
FROM places p WHERE p.name = $3 AND p.country = $4 AND p.lat IS NOT DISTINCT FROM $5 AND p.lon IS NOT DISTINCT FROM $6
  AND NOT catalogue_public(p.state)`, e.Category.Slug, actors, name, country, e.Place.Lat, e.Place.Lon)
	if err != nil {
		return nil, fmt.Errorf("check what the event cites: %w", err)
	}
	var out []timeline.ItemNote
	var n timeline.ItemNote
	var i int
	_, err = pgx.ForEachRow(rows, []any{&n.Kind, &n.Name, &n.State, &n.Note, &n.Field, &i}, func() error {
		if n.Field == "actors" {
			n.Field = fmt.Sprintf("actors[%d]", i)
		}
		out = append(out, n)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("check what the event cites: %w", err)
	}
	return out, nil
}

// refuseUnaccepted is the publish step's check: it names every item of e
// not accepted yet, so the reviewer knows what to ask an editor for.
func refuseUnaccepted(ctx context.Context, tx pgx.Tx, e timeline.Event) error {
	notes, err := notAccepted(ctx, tx, e)
	if err != nil || len(notes) == 0 {
		return err
	}
	var names []string
	for _, n := range notes {
		names = append(names, fmt.Sprintf("the %s %s “%s”", n.State, n.Kind, n.Name))
	}
	return timeline.Errorf(timeline.EINVALID,
		"This event cannot be published yet: it cites %s, which the public may not see. An editor accepts or rejects proposals at /staff/proposals; publish after that.",
		strings.Join(names, " and "))
}

// refuseRejected is the save step's check: a rejected item cannot be
// chosen (again), with the editor's reason by the field.
func refuseRejected(ctx context.Context, tx pgx.Tx, e timeline.Event, p *timeline.Problems) error {
	notes, err := notAccepted(ctx, tx, e)
	if err != nil {
		return err
	}
	for _, n := range notes {
		if n.State == timeline.ItemRejected {
			p.Add(n.Field, "%s", n.Message())
		}
	}
	return nil
}
