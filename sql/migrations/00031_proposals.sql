-- +goose Up
-- Proposed actors, categories and places (issue 15). A contributor proposes
-- one from the event editor and uses it in a draft at once; an editor
-- accepts it (perhaps renamed) or rejects it. A rejected item is kept,
-- marked, with the editor's reason: drafts still name it (an event's
-- category cannot be empty, and rewriting other people's drafts behind
-- their back would be worse), so their editor can say why it is refused.
-- Every item made before this migration, and every item an editor or an
-- import makes, is accepted.
ALTER TABLE categories
  ADD COLUMN state text NOT NULL DEFAULT 'accepted' CHECK (state IN ('proposed', 'accepted', 'rejected')),
  ADD COLUMN proposed_by bigint REFERENCES users (id) ON DELETE SET NULL,
  ADD COLUMN review_note text NOT NULL DEFAULT '' CHECK (length(review_note) <= 2000);
ALTER TABLE actors
  ADD COLUMN state text NOT NULL DEFAULT 'accepted' CHECK (state IN ('proposed', 'accepted', 'rejected')),
  ADD COLUMN proposed_by bigint REFERENCES users (id) ON DELETE SET NULL,
  ADD COLUMN review_note text NOT NULL DEFAULT '' CHECK (length(review_note) <= 2000);
ALTER TABLE places
  ADD COLUMN state text NOT NULL DEFAULT 'accepted' CHECK (state IN ('proposed', 'accepted', 'rejected')),
  ADD COLUMN proposed_by bigint REFERENCES users (id) ON DELETE SET NULL,
  ADD COLUMN review_note text NOT NULL DEFAULT '' CHECK (length(review_note) <= 2000);

-- The review list reads the few items not accepted, never the whole catalogue.
CREATE INDEX categories_unaccepted ON categories (id) WHERE state <> 'accepted';
CREATE INDEX actors_unaccepted ON actors (id) WHERE state <> 'accepted';
CREATE INDEX places_unaccepted ON places (id) WHERE state <> 'accepted';

-- The one rule: only an accepted item may be public. Every public page,
-- facet, count, feed, export, embed, map, sitemap and API answer reaches
-- a category, actor or place only through a shown event (event_shown,
-- 00016), so the rule holds everywhere by holding here: a shown event
-- cites only public items. The store's publish step asks the same
-- question first (notAccepted, catalog_proposals.go) to name the item.
-- +goose StatementBegin
CREATE FUNCTION catalogue_public(state text) RETURNS boolean
LANGUAGE sql IMMUTABLE AS $$
  SELECT state = 'accepted'
$$;
-- +goose StatementEnd

-- unaccepted_cited lists what the shown events among ids cite that is not
-- public: (event slug, kind, name, state).
-- +goose StatementBegin
CREATE FUNCTION unaccepted_cited(ids bigint[]) RETURNS TABLE (event text, kind text, name text, state text)
LANGUAGE sql STABLE AS $$
  WITH ev AS (SELECT e.* FROM unnest(ids) i (id) JOIN events e ON e.id = i.id
              WHERE event_shown(e.status, e.visibility))
  SELECT ev.slug, 'category', c.name, c.state
  FROM ev JOIN categories c ON c.id = ev.category_id WHERE NOT catalogue_public(c.state)
  UNION ALL
  SELECT ev.slug, 'place', p.name, p.state
  FROM ev JOIN places p ON p.id = ev.place_id WHERE NOT catalogue_public(p.state)
  UNION ALL
  SELECT ev.slug, 'actor', a.name, a.state
  FROM ev JOIN event_actors ea ON ea.event_id = ev.id JOIN actors a ON a.id = ea.actor_id
  WHERE NOT catalogue_public(a.state)
$$;
-- +goose StatementEnd

-- catalogue_waiting says whether any item is not public. Almost always
-- none is (three probes of the partial indexes below), and then the guards
-- look nothing up: an import's chunks of thousands of rows cost nothing more.
-- +goose StatementBegin
CREATE FUNCTION catalogue_waiting() RETURNS boolean
LANGUAGE sql STABLE AS $$
  SELECT EXISTS (SELECT 1 FROM categories WHERE NOT catalogue_public(state))
      OR EXISTS (SELECT 1 FROM actors WHERE NOT catalogue_public(state))
      OR EXISTS (SELECT 1 FROM places WHERE NOT catalogue_public(state))
$$;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE FUNCTION refuse_unaccepted(ids bigint[]) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
  bad record;
BEGIN
  SELECT * INTO bad FROM unaccepted_cited(ids) LIMIT 1;
  IF FOUND THEN
    RAISE EXCEPTION 'the event "%" would show the % "%", which is % and never public until an editor accepts it',
      bad.event, bad.kind, bad.name, bad.state
      USING ERRCODE = 'check_violation', CONSTRAINT = 'shown_event_cites_accepted';
  END IF;
END
$$;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE FUNCTION events_cite_accepted() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF NOT catalogue_waiting() THEN
    RETURN NULL;
  END IF;
  IF TG_TABLE_NAME = 'events' THEN
    PERFORM refuse_unaccepted(ARRAY(SELECT id FROM n WHERE event_shown(n.status, n.visibility)));
  ELSE -- event_actors
    PERFORM refuse_unaccepted(ARRAY(SELECT DISTINCT event_id FROM n));
  END IF;
  RETURN NULL;
END
$$;
-- +goose StatementEnd

-- An item in use by a shown event cannot go back to being unaccepted.
-- +goose StatementBegin
CREATE FUNCTION catalogue_stays_public() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  -- Only rows left unaccepted by the statement can matter: most updates
  -- (a rename, an import's upsert) leave none, and look nothing up.
  IF NOT EXISTS (SELECT 1 FROM n WHERE NOT catalogue_public(n.state)) THEN
    RETURN NULL;
  END IF;
  IF TG_TABLE_NAME = 'categories' THEN
    PERFORM refuse_unaccepted(ARRAY(SELECT e.id FROM n JOIN events e ON e.category_id = n.id
                                    WHERE NOT catalogue_public(n.state)));
  ELSIF TG_TABLE_NAME = 'places' THEN
    PERFORM refuse_unaccepted(ARRAY(SELECT e.id FROM n JOIN events e ON e.place_id = n.id
                                    WHERE NOT catalogue_public(n.state)));
  ELSE
    PERFORM refuse_unaccepted(ARRAY(SELECT ea.event_id FROM n JOIN event_actors ea ON ea.actor_id = n.id
                                    WHERE NOT catalogue_public(n.state)));
  END IF;
  RETURN NULL;
END
$$;
-- +goose StatementEnd

-- item_uses lists the events whose work cites an item: drafts and events in
-- review through their rows, pending edits of published events through
-- their record (00002's event_drafts), for the review list.
-- +goose StatementBegin
CREATE FUNCTION item_uses(kind text, item bigint) RETURNS TABLE (id bigint, title text)
LANGUAGE sql STABLE AS $$
  SELECT e.id, e.title FROM events e WHERE kind = 'category' AND e.category_id = item
  UNION
  SELECT e.id, e.title FROM events e WHERE kind = 'place' AND e.place_id = item
  UNION
  SELECT e.id, e.title FROM event_actors ea JOIN events e ON e.id = ea.event_id
  WHERE kind = 'actor' AND ea.actor_id = item
  UNION
  SELECT e.id, d.record->>'title' FROM event_drafts d JOIN events e ON e.id = d.event_id
  WHERE (kind = 'category' AND d.record->>'category' = (SELECT slug FROM categories WHERE categories.id = item))
     OR (kind = 'actor' AND d.record->'actors' @> jsonb_build_array(jsonb_build_object('actor',
           (SELECT slug FROM actors WHERE actors.id = item))))
     OR (kind = 'place' AND EXISTS (SELECT 1 FROM places p WHERE p.id = item
           AND d.record->'place'->>'Name' = p.name AND coalesce(d.record->'place'->>'Country', '') = p.country))
$$;
-- +goose StatementEnd

CREATE TRIGGER cites_accepted_insert AFTER INSERT ON events REFERENCING NEW TABLE AS n
  FOR EACH STATEMENT EXECUTE FUNCTION events_cite_accepted();
CREATE TRIGGER cites_accepted_update AFTER UPDATE ON events REFERENCING NEW TABLE AS n
  FOR EACH STATEMENT EXECUTE FUNCTION events_cite_accepted();
CREATE TRIGGER cites_accepted_insert AFTER INSERT ON event_actors REFERENCING NEW TABLE AS n
  FOR EACH STATEMENT EXECUTE FUNCTION events_cite_accepted();
CREATE TRIGGER cites_accepted_update AFTER UPDATE ON event_actors REFERENCING NEW TABLE AS n
  FOR EACH STATEMENT EXECUTE FUNCTION events_cite_accepted();
CREATE TRIGGER stays_public AFTER UPDATE ON categories REFERENCING NEW TABLE AS n
  FOR EACH STATEMENT EXECUTE FUNCTION catalogue_stays_public();
CREATE TRIGGER stays_public AFTER UPDATE ON actors REFERENCING NEW TABLE AS n
  FOR EACH STATEMENT EXECUTE FUNCTION catalogue_stays_public();
CREATE TRIGGER stays_public AFTER UPDATE ON places REFERENCING NEW TABLE AS n
  FOR EACH STATEMENT EXECUTE FUNCTION catalogue_stays_public();

-- +goose Down
DROP TRIGGER stays_public ON places;
DROP TRIGGER stays_public ON actors;
DROP TRIGGER stays_public ON categories;
DROP TRIGGER cites_accepted_update ON event_actors;
DROP TRIGGER cites_accepted_insert ON event_actors;
DROP TRIGGER cites_accepted_update ON events;
DROP TRIGGER cites_accepted_insert ON events;
DROP FUNCTION item_uses(text, bigint), catalogue_stays_public(), events_cite_accepted(), refuse_unaccepted(bigint[]), catalogue_waiting(),
  unaccepted_cited(bigint[]), catalogue_public(text);
DROP INDEX places_unaccepted, actors_unaccepted, categories_unaccepted;
ALTER TABLE places DROP COLUMN review_note, DROP COLUMN proposed_by, DROP COLUMN state;
ALTER TABLE actors DROP COLUMN review_note, DROP COLUMN proposed_by, DROP COLUMN state;
ALTER TABLE categories DROP COLUMN review_note, DROP COLUMN proposed_by, DROP COLUMN state;
