-- +goose Up
-- Content translations: a title and summary of an event or a timeline in
-- another language (Burmese first). A translation is public text, so it
-- goes through review like an edit of a published event: the text staff
-- save (title, summary) waits, as a draft, until a reviewer publishes it;
-- the public only ever reads published_title and published_summary, which
-- keep the last published text while a new one waits.

CREATE TABLE event_translations (
  event_id           bigint NOT NULL REFERENCES events (id) ON DELETE CASCADE,
  -- A BCP 47 tag, checked like timeline.ValidateLanguage.
  lang               text NOT NULL CHECK (lang ~ '^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$'),
  -- The text being worked on: waiting for review when status is draft,
  -- the same as the published text when status is published.
  title              text NOT NULL CHECK (btrim(title) <> '' AND length(title) <= 300),
  summary            text NOT NULL DEFAULT '' CHECK (length(summary) <= 20000),
  status             text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'published')),
  version            integer NOT NULL DEFAULT 1 CHECK (version > 0),
  updated_by         bigint REFERENCES users (id),
  updated_at         timestamptz NOT NULL DEFAULT now(),
  -- What the public reads; NULL until the translation is first published.
  published_title    text CHECK (published_title IS NULL OR (btrim(published_title) <> '' AND length(published_title) <= 300)),
  published_summary  text CHECK (published_summary IS NULL OR length(published_summary) <= 20000),
  published_by       bigint REFERENCES users (id),
  published_at       timestamptz,
  PRIMARY KEY (event_id, lang),
  CONSTRAINT published_text_whole CHECK ((published_title IS NULL) = (published_summary IS NULL)),
  CONSTRAINT published_has_text CHECK (status = 'draft' OR published_title IS NOT NULL)
);
-- Public pages read the translations of one language for many events.
CREATE INDEX event_translations_lang ON event_translations (lang, event_id) WHERE published_title IS NOT NULL;

CREATE TABLE timeline_translations (
  timeline_id        bigint NOT NULL REFERENCES timelines (id) ON DELETE CASCADE,
  lang               text NOT NULL CHECK (lang ~ '^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$'),
  title              text NOT NULL CHECK (btrim(title) <> '' AND length(title) <= 300),
  summary            text NOT NULL DEFAULT '' CHECK (length(summary) <= 20000),
  status             text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'published')),
  version            integer NOT NULL DEFAULT 1 CHECK (version > 0),
  updated_by         bigint REFERENCES users (id),
  updated_at         timestamptz NOT NULL DEFAULT now(),
  published_title    text CHECK (published_title IS NULL OR (btrim(published_title) <> '' AND length(published_title) <= 300)),
  published_summary  text CHECK (published_summary IS NULL OR length(published_summary) <= 20000),
  published_by       bigint REFERENCES users (id),
  published_at       timestamptz,
  PRIMARY KEY (timeline_id, lang),
  CONSTRAINT published_text_whole CHECK ((published_title IS NULL) = (published_summary IS NULL)),
  CONSTRAINT published_has_text CHECK (status = 'draft' OR published_title IS NOT NULL)
);

-- Every change to a translation is a revision of its event or timeline
-- (entity_id is the event's or timeline's id; the record names the language).
ALTER TABLE revisions DROP CONSTRAINT revisions_entity_check;
ALTER TABLE revisions ADD CONSTRAINT revisions_entity_check
  CHECK (entity IN ('event', 'source', 'figure', 'timeline', 'user', 'event_translation', 'timeline_translation'));

-- Search finds an event by the words of its published translations too
-- (never by a text waiting for review). Whether the event is public is
-- still checked at query time.
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

CREATE TRIGGER event_search_translation_insert AFTER INSERT ON event_translations
  FOR EACH ROW WHEN (NEW.published_title IS NOT NULL) EXECUTE FUNCTION event_search_on_translation();
CREATE TRIGGER event_search_translation_update AFTER UPDATE OF published_title, published_summary ON event_translations
  FOR EACH ROW WHEN (OLD.published_title IS DISTINCT FROM NEW.published_title
                     OR OLD.published_summary IS DISTINCT FROM NEW.published_summary)
  EXECUTE FUNCTION event_search_on_translation();
CREATE TRIGGER event_search_translation_delete AFTER DELETE ON event_translations
  FOR EACH ROW WHEN (OLD.published_title IS NOT NULL) EXECUTE FUNCTION event_search_on_translation();

-- +goose Down
DROP TRIGGER event_search_translation_delete ON event_translations;
DROP TRIGGER event_search_translation_update ON event_translations;
DROP TRIGGER event_search_translation_insert ON event_translations;
DROP FUNCTION event_search_on_translation();
-- +goose StatementBegin
CREATE OR REPLACE FUNCTION event_search_document(eid bigint) RETURNS text
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
DELETE FROM revisions WHERE entity IN ('event_translation', 'timeline_translation');
ALTER TABLE revisions DROP CONSTRAINT revisions_entity_check;
ALTER TABLE revisions ADD CONSTRAINT revisions_entity_check
  CHECK (entity IN ('event', 'source', 'figure', 'timeline', 'user'));
DROP TABLE timeline_translations, event_translations;
SELECT refresh_event_search(id) FROM events;
