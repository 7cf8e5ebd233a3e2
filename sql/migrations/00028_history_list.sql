-- +goose Up
-- The staff history list (/staff/history) is searched and paged without
-- reading every revision: its text (reason, author, the record's title or
-- name; the expression of postgres.revisionText) by trigrams, its author
-- filter and author order, and its date range.
CREATE INDEX revisions_find_trgm ON revisions
  USING gin ((reason || ' ' || author || ' ' || coalesce(record->>'title', record->>'name', '')) gin_trgm_ops);
CREATE INDEX revisions_author_id ON revisions (author_id, id);
CREATE INDEX revisions_author_order ON revisions (lower(author), id);
CREATE INDEX revisions_created ON revisions (created_at);

-- +goose Down
DROP INDEX revisions_created;
DROP INDEX revisions_author_order;
DROP INDEX revisions_author_id;
DROP INDEX revisions_find_trgm;
