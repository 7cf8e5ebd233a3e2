-- +goose Up
-- The source library is read a page at a time, in title order, and found
-- by any part of its title, publisher or URL, so neither the list nor the
-- editor's source picker reads the whole library (50,000 sources and
-- more).
CREATE INDEX sources_title_order ON sources (lower(title), id);
CREATE INDEX sources_find_trgm ON sources
  USING gin ((title || ' ' || publisher || ' ' || url) gin_trgm_ops);

-- +goose Down
DROP INDEX sources_find_trgm;
DROP INDEX sources_title_order;
