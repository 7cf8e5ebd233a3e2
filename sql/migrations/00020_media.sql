-- +goose Up
-- Images and videos of events (issue 13).
--
-- An uploaded image is kept here, in PostgreSQL, as a few widths (480, 960
-- and 1600 pixels, never wider than the upload), each re-encoded from its
-- pixels so no metadata block of the original (EXIF, GPS, XMP, IPTC)
-- survives. Each width is a blob named by the SHA-256 of its bytes; the
-- check below holds the name to the bytes, so a damaged row (or a restored
-- backup's) is refused. Blobs are never changed; an image is named by its
-- largest width (image), which event_media refers to.
CREATE TABLE media_blobs (
  name          text PRIMARY KEY CHECK (name ~ '^[0-9a-f]{64}\.(jpg|png)$'),
  image         text NOT NULL,
  width         integer NOT NULL CHECK (width > 0),
  height        integer NOT NULL CHECK (height > 0),
  content_type  text NOT NULL CHECK (content_type IN ('image/jpeg', 'image/png')),
  bytes         bytea NOT NULL,
  created_by    bigint REFERENCES users (id) ON DELETE SET NULL,
  created_at    timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT media_blob_hash CHECK (split_part(name, '.', 1) = encode(sha256(bytes), 'hex'))
);
CREATE INDEX media_blobs_image ON media_blobs (image, width);

-- The media of an event, in the order shown. An image is uploaded (upload
-- names its largest width) or linked (url); a video is a link to a post on
-- a known provider, shown as a card that loads nothing from the provider
-- until the reader asks.
CREATE TABLE event_media (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  event_id    bigint NOT NULL REFERENCES events (id) ON DELETE CASCADE,
  position    integer NOT NULL,
  kind        text NOT NULL CHECK (kind IN ('image', 'video')),
  url         text NOT NULL DEFAULT '' CHECK (url = '' OR url ~ '^https?://'),
  upload      text REFERENCES media_blobs (name),
  caption     text NOT NULL DEFAULT '',
  credit      text NOT NULL DEFAULT '',
  alt         text NOT NULL DEFAULT '',
  sensitive   boolean NOT NULL DEFAULT false,
  CONSTRAINT event_media_one_of CHECK ((url = '') <> (upload IS NULL)),
  CONSTRAINT event_media_image_alt CHECK (kind = 'video' OR alt <> ''),
  CONSTRAINT event_media_video_link CHECK (kind = 'image' OR upload IS NULL)
);
CREATE INDEX event_media_event ON event_media (event_id, position);
CREATE INDEX event_media_upload ON event_media (upload) WHERE upload IS NOT NULL;

-- Public pages show an event's media: caches hear of every change
-- (migration 00014), and a change to a shown event's media is a new public
-- version of its timelines (migration 00016's event_rows_changed, which
-- reads event_id from the changed rows). A new blob changes no page until
-- an event shows it, but its data_changed trigger keeps the rule simple.
CREATE TRIGGER data_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON event_media FOR EACH STATEMENT EXECUTE FUNCTION data_changed();
CREATE TRIGGER data_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON media_blobs FOR EACH STATEMENT EXECUTE FUNCTION data_changed();

CREATE TRIGGER public_insert AFTER INSERT ON event_media REFERENCING NEW TABLE AS n
  FOR EACH STATEMENT EXECUTE FUNCTION event_rows_changed();
CREATE TRIGGER public_update AFTER UPDATE ON event_media REFERENCING OLD TABLE AS o NEW TABLE AS n
  FOR EACH STATEMENT EXECUTE FUNCTION event_rows_changed();
CREATE TRIGGER public_delete AFTER DELETE ON event_media REFERENCING OLD TABLE AS o
  FOR EACH STATEMENT EXECUTE FUNCTION event_rows_changed();

-- +goose Down
DROP TABLE event_media;
DROP TABLE media_blobs;
