-- +goose Up
-- Search: one document per event (title, summary, place, actor names, and the
-- titles and publishers of its non-confidential sources), indexed twice:
--   * a pg_trgm GIN index, for substring matching (LIKE '%term%'). Burmese
--     is written without spaces between words, so a word must be found inside
--     a longer run of text; with the cluster's C.UTF-8 locale pg_trgm counts
--     Myanmar letters and marks as word characters, so a Burmese run yields
--     trigrams like any other word and the index narrows ILIKE to a handful of
--     rows (checked with EXPLAIN on this cluster).
--   * an English full-text tsvector, so "killings" also finds "killed".
-- The document is kept current by triggers, so every writer (import, editor,
-- restore) keeps search right without knowing it exists. Whether an event is
-- public is checked at query time, never baked into the document; the titles
-- of confidential sources are left out of the document altogether.
CREATE EXTENSION IF NOT EXISTS pg_trgm;

-- The document is stored lower-cased and matched with LIKE on a lower-cased
-- pattern: ILIKE lower-cases every row it checks, which on 100,000 events
-- costs more than the match itself.
CREATE TABLE event_search (
  event_id  bigint PRIMARY KEY REFERENCES events (id) ON DELETE CASCADE,
  document  text NOT NULL,
  words     tsvector NOT NULL
);
CREATE INDEX event_search_trgm ON event_search USING gin (document gin_trgm_ops);
CREATE INDEX event_search_words ON event_search USING gin (words);

-- The searchable text of one event, or NULL when the event does not exist.
-- +goose StatementBegin
CREATE FUNCTION event_search_document(eid bigint) RETURNS text
LANGUAGE sql STABLE AS $$
  SELECT concat_ws(E'\n', e.title, e.summary, p.name,
    (SELECT string_agg(a.name, E'\n' ORDER BY ea.position)
       FROM event_actors ea JOIN actors a ON a.id = ea.actor_id
      WHERE ea.event_id = e.id),
    (SELECT string_agg(concat_ws(E'\n', s.title, nullif(s.publisher, '')), E'\n' ORDER BY es.position)
       FROM event_sources es JOIN sources s ON s.id = es.source_id
      WHERE es.event_id = e.id AND NOT s.confidential))
  FROM events e LEFT JOIN places p ON p.id = e.place_id
  WHERE e.id = eid
$$;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE FUNCTION refresh_event_search(eid bigint) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
  doc text := event_search_document(eid);
BEGIN
  IF doc IS NULL THEN
    DELETE FROM event_search WHERE event_id = eid;
    RETURN;
  END IF;
  INSERT INTO event_search (event_id, document, words)
  VALUES (eid, lower(doc), to_tsvector('english', doc))
  ON CONFLICT (event_id) DO UPDATE SET document = excluded.document, words = excluded.words
  WHERE event_search.document IS DISTINCT FROM excluded.document;
END
$$;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE FUNCTION event_search_on_event() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  PERFORM refresh_event_search(NEW.id);
  RETURN NULL;
END
$$;
-- +goose StatementEnd

-- For event_actors and event_sources: the event on either side of the change.
-- +goose StatementBegin
CREATE FUNCTION event_search_on_link() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    PERFORM refresh_event_search(OLD.event_id);
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') AND (TG_OP = 'INSERT' OR NEW.event_id <> OLD.event_id) THEN
    PERFORM refresh_event_search(NEW.event_id);
  END IF;
  RETURN NULL;
END
$$;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE FUNCTION event_search_on_actor() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  PERFORM refresh_event_search(ea.event_id) FROM event_actors ea WHERE ea.actor_id = NEW.id;
  RETURN NULL;
END
$$;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE FUNCTION event_search_on_place() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  PERFORM refresh_event_search(e.id) FROM events e WHERE e.place_id = NEW.id;
  RETURN NULL;
END
$$;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE FUNCTION event_search_on_source() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  PERFORM refresh_event_search(es.event_id) FROM event_sources es WHERE es.source_id = NEW.id;
  RETURN NULL;
END
$$;
-- +goose StatementEnd

CREATE TRIGGER event_search_insert AFTER INSERT ON events
  FOR EACH ROW EXECUTE FUNCTION event_search_on_event();
CREATE TRIGGER event_search_update AFTER UPDATE OF title, summary, place_id ON events
  FOR EACH ROW WHEN (OLD.title IS DISTINCT FROM NEW.title OR OLD.summary IS DISTINCT FROM NEW.summary
                     OR OLD.place_id IS DISTINCT FROM NEW.place_id)
  EXECUTE FUNCTION event_search_on_event();
CREATE TRIGGER event_search_actors AFTER INSERT OR DELETE OR UPDATE OF event_id, actor_id ON event_actors
  FOR EACH ROW EXECUTE FUNCTION event_search_on_link();
CREATE TRIGGER event_search_sources AFTER INSERT OR DELETE OR UPDATE OF event_id, source_id ON event_sources
  FOR EACH ROW EXECUTE FUNCTION event_search_on_link();
CREATE TRIGGER event_search_actor_name AFTER UPDATE OF name ON actors
  FOR EACH ROW WHEN (OLD.name IS DISTINCT FROM NEW.name) EXECUTE FUNCTION event_search_on_actor();
CREATE TRIGGER event_search_place_name AFTER UPDATE OF name ON places
  FOR EACH ROW WHEN (OLD.name IS DISTINCT FROM NEW.name) EXECUTE FUNCTION event_search_on_place();
CREATE TRIGGER event_search_source_text AFTER UPDATE OF title, publisher, confidential ON sources
  FOR EACH ROW WHEN (OLD.title IS DISTINCT FROM NEW.title OR OLD.publisher IS DISTINCT FROM NEW.publisher
                     OR OLD.confidential IS DISTINCT FROM NEW.confidential)
  EXECUTE FUNCTION event_search_on_source();

-- Events that exist before this migration.
SELECT refresh_event_search(id) FROM events;

-- Facet and filter helpers.
CREATE INDEX events_place ON events (place_id);

-- +goose Down
DROP TRIGGER event_search_source_text ON sources;
DROP TRIGGER event_search_place_name ON places;
DROP TRIGGER event_search_actor_name ON actors;
DROP TRIGGER event_search_sources ON event_sources;
DROP TRIGGER event_search_actors ON event_actors;
DROP TRIGGER event_search_update ON events;
DROP TRIGGER event_search_insert ON events;
DROP FUNCTION event_search_on_source(), event_search_on_place(), event_search_on_actor(),
  event_search_on_link(), event_search_on_event(), refresh_event_search(bigint), event_search_document(bigint);
DROP TABLE event_search;
DROP INDEX events_place;
