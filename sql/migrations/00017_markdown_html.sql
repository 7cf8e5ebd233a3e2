-- +goose Up
-- The Markdown that public pages show (event and timeline summaries, and
-- the published summaries of their translations) is rendered and sanitised
-- once, when it is saved, and kept beside its source: rendering it on every
-- request cost a fifth of a large timeline page. Only Go renders
-- (internal/markdown), so rows are written here without HTML and the
-- program fills it in (internal/postgres/markdown.go): at the end of every
-- writing transaction, and, for these new columns or after the renderer
-- changes (html_version differs from markdown.Version), in `annals migrate`.
ALTER TABLE events ADD COLUMN summary_html text, ADD COLUMN html_version integer NOT NULL DEFAULT 0;
ALTER TABLE timelines ADD COLUMN summary_html text, ADD COLUMN html_version integer NOT NULL DEFAULT 0;
ALTER TABLE event_translations ADD COLUMN published_summary_html text, ADD COLUMN html_version integer NOT NULL DEFAULT 0,
  -- No HTML without the published text it was made from.
  ADD CONSTRAINT published_html_has_text CHECK (published_summary IS NOT NULL OR published_summary_html IS NULL);
ALTER TABLE timeline_translations ADD COLUMN published_summary_html text, ADD COLUMN html_version integer NOT NULL DEFAULT 0,
  ADD CONSTRAINT published_html_has_text CHECK (published_summary IS NOT NULL OR published_summary_html IS NULL);

-- A statement that changes the text without writing its HTML leaves no
-- stale HTML behind: the HTML is cleared, so the row is rendered again
-- before the transaction commits, and read as "not rendered" until then.
-- +goose StatementBegin
CREATE FUNCTION summary_html_clear() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  NEW.summary_html := NULL;
  RETURN NEW;
END
$$;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE FUNCTION published_summary_html_clear() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  NEW.published_summary_html := NULL;
  RETURN NEW;
END
$$;
-- +goose StatementEnd

CREATE TRIGGER summary_html_clear BEFORE UPDATE OF summary ON events FOR EACH ROW
  WHEN (OLD.summary IS DISTINCT FROM NEW.summary AND OLD.summary_html IS NOT DISTINCT FROM NEW.summary_html)
  EXECUTE FUNCTION summary_html_clear();
CREATE TRIGGER summary_html_clear BEFORE UPDATE OF summary ON timelines FOR EACH ROW
  WHEN (OLD.summary IS DISTINCT FROM NEW.summary AND OLD.summary_html IS NOT DISTINCT FROM NEW.summary_html)
  EXECUTE FUNCTION summary_html_clear();
CREATE TRIGGER summary_html_clear BEFORE UPDATE OF published_summary ON event_translations FOR EACH ROW
  WHEN (OLD.published_summary IS DISTINCT FROM NEW.published_summary
        AND OLD.published_summary_html IS NOT DISTINCT FROM NEW.published_summary_html)
  EXECUTE FUNCTION published_summary_html_clear();
CREATE TRIGGER summary_html_clear BEFORE UPDATE OF published_summary ON timeline_translations FOR EACH ROW
  WHEN (OLD.published_summary IS DISTINCT FROM NEW.published_summary
        AND OLD.published_summary_html IS NOT DISTINCT FROM NEW.published_summary_html)
  EXECUTE FUNCTION published_summary_html_clear();

-- The rows still to render, found at the end of each writing transaction.
CREATE INDEX events_html_missing ON events (id) WHERE summary_html IS NULL;
CREATE INDEX timelines_html_missing ON timelines (id) WHERE summary_html IS NULL;
CREATE INDEX event_translations_html_missing ON event_translations (event_id, lang)
  WHERE published_summary IS NOT NULL AND published_summary_html IS NULL;
CREATE INDEX timeline_translations_html_missing ON timeline_translations (timeline_id, lang)
  WHERE published_summary IS NOT NULL AND published_summary_html IS NULL;

-- +goose Down
DROP TRIGGER summary_html_clear ON timeline_translations;
DROP TRIGGER summary_html_clear ON event_translations;
DROP TRIGGER summary_html_clear ON timelines;
DROP TRIGGER summary_html_clear ON events;
DROP FUNCTION published_summary_html_clear();
DROP FUNCTION summary_html_clear();
ALTER TABLE timeline_translations DROP CONSTRAINT published_html_has_text,
  DROP COLUMN published_summary_html, DROP COLUMN html_version;
ALTER TABLE event_translations DROP CONSTRAINT published_html_has_text,
  DROP COLUMN published_summary_html, DROP COLUMN html_version;
ALTER TABLE timelines DROP COLUMN summary_html, DROP COLUMN html_version;
ALTER TABLE events DROP COLUMN summary_html, DROP COLUMN html_version;
