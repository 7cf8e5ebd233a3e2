-- +goose Up
-- The staff lists are searched and paged without reading every row: events
-- by any part of their title (trigrams), actors and categories by name or
-- slug and in name order, so the editor's actor search finds one among
-- 50,000. The source library has its indexes since 00013; events are in
-- start-date order since 00001.
CREATE INDEX events_title_trgm ON events USING gin (title gin_trgm_ops);
CREATE INDEX events_changed ON events (updated_at, id);
CREATE INDEX events_status_changed ON events (status, updated_at, id);
CREATE INDEX events_title_order ON events (lower(title), id);
CREATE INDEX actors_find_trgm ON actors USING gin ((name || ' ' || slug) gin_trgm_ops);
CREATE INDEX actors_name_order ON actors (lower(name), id);
CREATE INDEX categories_name_order ON categories (lower(name), id);

-- +goose Down
DROP INDEX categories_name_order;
DROP INDEX actors_name_order;
DROP INDEX actors_find_trgm;
DROP INDEX events_title_order;
DROP INDEX events_status_changed;
DROP INDEX events_changed;
DROP INDEX events_title_trgm;
