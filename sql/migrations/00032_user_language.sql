-- +goose Up
-- Each account may choose the language of its staff pages; NULL follows the
-- browser (Accept-Language), as the public pages do. The shape is checked
-- here, the language itself (one with a message file) by the store.
ALTER TABLE users ADD COLUMN language text CHECK (language ~ '^[a-z]{2,3}$');

-- +goose Down
ALTER TABLE users DROP COLUMN language;
