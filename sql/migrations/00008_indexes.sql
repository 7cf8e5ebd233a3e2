-- +goose Up
-- Indexes so that what a page costs follows what it shows, not how much
-- private data (drafts, internal events, a large source library) lies
-- beside it.

-- Every foreign key that rows are looked up or deleted by had an index but
-- these: a figure's source (the library's use counts, source pages, merging
-- sources) and the source a merged one went into (deleting a source checks it).
CREATE INDEX figures_source ON figures (source_id);
CREATE INDEX source_merges_into ON source_merges (into_id);

-- Public pages start from the published, public events: drafts, events in
-- review, retracted and internal events are not in this index, however many
-- there are.
CREATE INDEX events_public ON events (id) WHERE status = 'published' AND visibility = 'public';

-- +goose Down
DROP INDEX events_public;
DROP INDEX source_merges_into;
DROP INDEX figures_source;
