-- +goose Up
-- The search index (00003, 00005) is refreshed once per changed event, at
-- commit, and set-based: statement triggers note which events a statement
-- changed (from its transition tables) in event_search_stale, and one
-- deferred trigger makes their documents when the transaction commits. Row
-- triggers made an event's document up to three times as it was written
-- (event, actors, citations), one event at a time: two thirds of a 50,000-row
-- import. Every writer still keeps search right without knowing it exists.
DROP TRIGGER event_search_insert ON events;
DROP TRIGGER event_search_update ON events;
DROP TRIGGER event_search_actors ON event_actors;
DROP TRIGGER event_search_sources ON event_sources;
DROP TRIGGER event_search_actor_name ON actors;
DROP TRIGGER event_search_place_name ON places;
DROP TRIGGER event_search_source_text ON sources;
DROP TRIGGER event_search_translation_insert ON event_translations;
DROP TRIGGER event_search_translation_update ON event_translations;
DROP TRIGGER event_search_translation_delete ON event_translations;
DROP FUNCTION event_search_on_event(), event_search_on_link(), event_search_on_actor(), event_search_on_place(),
  event_search_on_source(), event_search_on_translation();

-- The searchable text of the events ids names (00005's document, unchanged),
-- one row per event that exists: each part made for the whole set at once,
-- so a refresh of 50,000 events is a few joins, not 50,000 lookups.
-- +goose StatementBegin
CREATE FUNCTION event_search_documents(ids bigint[]) RETURNS TABLE (event_id bigint, document text)
LANGUAGE sql STABLE AS $$
  SELECT e.id, concat_ws(E'\n', e.title, e.summary, p.name, ea.names, es.titles, et.texts)
  FROM events e
  LEFT JOIN places p ON p.id = e.place_id
  LEFT JOIN (SELECT ea.event_id, string_agg(a.name, E'\n' ORDER BY ea.position) AS names
               FROM event_actors ea JOIN actors a ON a.id = ea.actor_id
              WHERE ea.event_id = ANY(ids)
              GROUP BY ea.event_id) ea ON ea.event_id = e.id
  LEFT JOIN (SELECT es.event_id,
                    string_agg(concat_ws(E'\n', s.title, nullif(s.publisher, '')), E'\n' ORDER BY es.position) AS titles
               FROM event_sources es JOIN sources s ON s.id = es.source_id
              WHERE es.event_id = ANY(ids) AND NOT s.confidential
              GROUP BY es.event_id) es ON es.event_id = e.id
  LEFT JOIN (SELECT et.event_id,
                    string_agg(concat_ws(E'\n', et.published_title, nullif(et.published_summary, '')), E'\n' ORDER BY et.lang) AS texts
               FROM event_translations et
              WHERE et.event_id = ANY(ids) AND et.published_title IS NOT NULL
              GROUP BY et.event_id) et ON et.event_id = e.id
  WHERE e.id = ANY(ids)
$$;
-- +goose StatementEnd

-- One event's document, or NULL when the event does not exist: the same
-- text, so the two can never disagree.
-- +goose StatementBegin
CREATE OR REPLACE FUNCTION event_search_document(eid bigint) RETURNS text
LANGUAGE sql STABLE AS $$
  SELECT document FROM event_search_documents(ARRAY[eid])
$$;
-- +goose StatementEnd

-- Makes the search rows of the events ids names what their documents are
-- now, in one statement each way; rows of events that are gone go. Rows are
-- written in id order so two transactions never lock them crosswise. No
-- JIT: tables written moments ago have no statistics, and compiling the
-- plan for their guessed size took longer than running it.
-- +goose StatementBegin
CREATE FUNCTION refresh_event_search(ids bigint[]) RETURNS void
LANGUAGE sql SET jit = off AS $$
  DELETE FROM event_search s
  WHERE s.event_id = ANY(ids) AND NOT EXISTS (SELECT 1 FROM events e WHERE e.id = s.event_id);
  INSERT INTO event_search (event_id, document, words)
  SELECT d.event_id, lower(d.document), to_tsvector('english', d.document)
  FROM event_search_documents(ids) d ORDER BY d.event_id
  ON CONFLICT (event_id) DO UPDATE SET document = excluded.document, words = excluded.words
  WHERE event_search.document IS DISTINCT FROM excluded.document;
$$;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE OR REPLACE FUNCTION refresh_event_search(eid bigint) RETURNS void
LANGUAGE sql AS $$
  SELECT refresh_event_search(ARRAY[eid])
$$;
-- +goose StatementEnd

-- The events each writing transaction changed, until it commits. Event id 0
-- is the transaction's mark: inserted once, it queues the one deferred
-- refresh. Keyed by transaction, so concurrent writers never wait on each
-- other here; unlogged, as nothing in it outlives its transaction.
CREATE UNLOGGED TABLE event_search_stale (
  txid      bigint NOT NULL,
  event_id  bigint NOT NULL,
  PRIMARY KEY (txid, event_id)
);

-- +goose StatementBegin
CREATE FUNCTION event_search_mark_stale(ids bigint[]) RETURNS void
LANGUAGE sql AS $$
  INSERT INTO event_search_stale (txid, event_id)
  SELECT DISTINCT txid_current(), id FROM unnest(ids || 0::bigint) id
  WHERE cardinality(ids) > 0
  ON CONFLICT DO NOTHING;
$$;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE FUNCTION event_search_flush() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  ids bigint[];
BEGIN
  WITH gone AS (DELETE FROM event_search_stale WHERE txid = NEW.txid RETURNING event_id)
  SELECT coalesce(array_agg(event_id) FILTER (WHERE event_id <> 0), '{}') INTO ids FROM gone;
  PERFORM refresh_event_search(ids);
  RETURN NULL;
END
$$;
-- +goose StatementEnd

-- Deferred: at commit, after every statement of the transaction, and not at
-- all if it rolls back.
CREATE CONSTRAINT TRIGGER event_search_flush AFTER INSERT ON event_search_stale
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW WHEN (NEW.event_id = 0) EXECUTE FUNCTION event_search_flush();

-- What each statement changed. An UPDATE compares the columns the document
-- is made of (and the order of actors, citations and translations), so a
-- status change or a version bump costs one empty comparison. Tables with
-- links (event_id) name the events on both sides of a change.
-- +goose StatementBegin
CREATE FUNCTION event_search_stale_events() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    PERFORM event_search_mark_stale(array(SELECT id FROM new_rows));
  ELSE
    PERFORM event_search_mark_stale(array(
      SELECT id FROM (SELECT id, title, summary, place_id FROM new_rows
                      EXCEPT SELECT id, title, summary, place_id FROM old_rows) c));
  END IF;
  RETURN NULL;
END
$$;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE FUNCTION event_search_stale_links() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    PERFORM event_search_mark_stale(array(SELECT event_id FROM new_rows));
  ELSIF TG_OP = 'DELETE' THEN
    PERFORM event_search_mark_stale(array(SELECT event_id FROM old_rows));
  ELSIF TG_TABLE_NAME = 'event_actors' THEN
    PERFORM event_search_mark_stale(array(SELECT event_id FROM (
      (SELECT event_id, actor_id, position FROM new_rows EXCEPT SELECT event_id, actor_id, position FROM old_rows)
      UNION ALL
      (SELECT event_id, actor_id, position FROM old_rows EXCEPT SELECT event_id, actor_id, position FROM new_rows)) c));
  ELSIF TG_TABLE_NAME = 'event_sources' THEN
    PERFORM event_search_mark_stale(array(SELECT event_id FROM (
      (SELECT event_id, source_id, position FROM new_rows EXCEPT SELECT event_id, source_id, position FROM old_rows)
      UNION ALL
      (SELECT event_id, source_id, position FROM old_rows EXCEPT SELECT event_id, source_id, position FROM new_rows)) c));
  ELSE -- event_translations
    PERFORM event_search_mark_stale(array(SELECT event_id FROM (
      (SELECT event_id, lang, published_title, published_summary FROM new_rows
       EXCEPT SELECT event_id, lang, published_title, published_summary FROM old_rows)
      UNION ALL
      (SELECT event_id, lang, published_title, published_summary FROM old_rows
       EXCEPT SELECT event_id, lang, published_title, published_summary FROM new_rows)) c));
  END IF;
  RETURN NULL;
END
$$;
-- +goose StatementEnd

-- Renamed actors, places and sources (and sources made confidential or
-- not): the events that show them.
-- +goose StatementBegin
CREATE FUNCTION event_search_stale_names() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_TABLE_NAME = 'actors' THEN
    PERFORM event_search_mark_stale(array(
      SELECT ea.event_id FROM event_actors ea
      JOIN (SELECT id, name FROM new_rows EXCEPT SELECT id, name FROM old_rows) c ON c.id = ea.actor_id));
  ELSIF TG_TABLE_NAME = 'places' THEN
    PERFORM event_search_mark_stale(array(
      SELECT e.id FROM events e
      JOIN (SELECT id, name FROM new_rows EXCEPT SELECT id, name FROM old_rows) c ON c.id = e.place_id));
  ELSE -- sources
    PERFORM event_search_mark_stale(array(
      SELECT es.event_id FROM event_sources es
      JOIN (SELECT id, title, publisher, confidential FROM new_rows
            EXCEPT SELECT id, title, publisher, confidential FROM old_rows) c ON c.id = es.source_id));
  END IF;
  RETURN NULL;
END
$$;
-- +goose StatementEnd

CREATE TRIGGER event_search_insert AFTER INSERT ON events REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION event_search_stale_events();
CREATE TRIGGER event_search_update AFTER UPDATE ON events REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION event_search_stale_events();
CREATE TRIGGER event_search_insert AFTER INSERT ON event_actors REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION event_search_stale_links();
CREATE TRIGGER event_search_update AFTER UPDATE ON event_actors REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION event_search_stale_links();
CREATE TRIGGER event_search_delete AFTER DELETE ON event_actors REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION event_search_stale_links();
CREATE TRIGGER event_search_insert AFTER INSERT ON event_sources REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION event_search_stale_links();
CREATE TRIGGER event_search_update AFTER UPDATE ON event_sources REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION event_search_stale_links();
CREATE TRIGGER event_search_delete AFTER DELETE ON event_sources REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION event_search_stale_links();
CREATE TRIGGER event_search_insert AFTER INSERT ON event_translations REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION event_search_stale_links();
CREATE TRIGGER event_search_update AFTER UPDATE ON event_translations REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION event_search_stale_links();
CREATE TRIGGER event_search_delete AFTER DELETE ON event_translations REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION event_search_stale_links();
CREATE TRIGGER event_search_update AFTER UPDATE ON actors REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION event_search_stale_names();
CREATE TRIGGER event_search_update AFTER UPDATE ON places REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION event_search_stale_names();
CREATE TRIGGER event_search_update AFTER UPDATE ON sources REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION event_search_stale_names();

-- The index is written only at commit, for changes to tables that bump the
-- data version themselves (00014); its own bump would come after the
-- transaction's one and make two.
DROP TRIGGER data_changed ON event_search;

-- Documents that the row triggers left behind (actors or citations
-- reordered, which they did not watch).
SELECT refresh_event_search(array(SELECT id FROM events));

-- +goose Down
CREATE TRIGGER data_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON event_search
  FOR EACH STATEMENT EXECUTE FUNCTION data_changed();
DROP TRIGGER event_search_update ON sources;
DROP TRIGGER event_search_update ON places;
DROP TRIGGER event_search_update ON actors;
DROP TRIGGER event_search_delete ON event_translations;
DROP TRIGGER event_search_update ON event_translations;
DROP TRIGGER event_search_insert ON event_translations;
DROP TRIGGER event_search_delete ON event_sources;
DROP TRIGGER event_search_update ON event_sources;
DROP TRIGGER event_search_insert ON event_sources;
DROP TRIGGER event_search_delete ON event_actors;
DROP TRIGGER event_search_update ON event_actors;
DROP TRIGGER event_search_insert ON event_actors;
DROP TRIGGER event_search_update ON events;
DROP TRIGGER event_search_insert ON events;
DROP FUNCTION event_search_stale_names(), event_search_stale_links(), event_search_stale_events();
DROP TABLE event_search_stale;
DROP FUNCTION event_search_flush(), event_search_mark_stale(bigint[]);

-- +goose StatementBegin
CREATE OR REPLACE FUNCTION event_search_document(eid bigint) RETURNS text
LANGUAGE sql STABLE AS $$
  SELECT concat_ws(E'\n', e.title, e.summary, p.name,
    (SELECT string_agg(a.name, E'\n' ORDER BY ea.position)
       FROM event_actors ea JOIN actors a ON a.id = ea.actor_id
      WHERE ea.event_id = e.id),
    (SELECT string_agg(concat_ws(E'\n', s.title, nullif(s.publisher, '')), E'\n' ORDER BY es.position)
       FROM event_sources es JOIN sources s ON s.id = es.source_id
      WHERE es.event_id = e.id AND NOT s.confidential),
    (SELECT string_agg(concat_ws(E'\n', et.published_title, nullif(et.published_summary, '')), E'\n' ORDER BY et.lang)
       FROM event_translations et
      WHERE et.event_id = e.id AND et.published_title IS NOT NULL))
  FROM events e LEFT JOIN places p ON p.id = e.place_id
  WHERE e.id = eid
$$;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE OR REPLACE FUNCTION refresh_event_search(eid bigint) RETURNS void
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
DROP FUNCTION refresh_event_search(bigint[]), event_search_documents(bigint[]);

-- +goose StatementBegin
CREATE FUNCTION event_search_on_event() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  PERFORM refresh_event_search(NEW.id);
  RETURN NULL;
END
$$;
-- +goose StatementEnd

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

-- +goose StatementBegin
CREATE FUNCTION event_search_on_translation() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    PERFORM refresh_event_search(OLD.event_id);
  ELSE
    PERFORM refresh_event_search(NEW.event_id);
  END IF;
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
CREATE TRIGGER event_search_translation_insert AFTER INSERT ON event_translations
  FOR EACH ROW WHEN (NEW.published_title IS NOT NULL) EXECUTE FUNCTION event_search_on_translation();
CREATE TRIGGER event_search_translation_update AFTER UPDATE OF published_title, published_summary ON event_translations
  FOR EACH ROW WHEN (OLD.published_title IS DISTINCT FROM NEW.published_title
                     OR OLD.published_summary IS DISTINCT FROM NEW.published_summary)
  EXECUTE FUNCTION event_search_on_translation();
CREATE TRIGGER event_search_translation_delete AFTER DELETE ON event_translations
  FOR EACH ROW WHEN (OLD.published_title IS NOT NULL) EXECUTE FUNCTION event_search_on_translation();
