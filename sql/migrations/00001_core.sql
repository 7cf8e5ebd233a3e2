-- +goose Up
-- The core of Annals: timelines of events tied to their sources.
-- Constraints reject impossible data even if a bug lets it past the Go checks.

-- A date is stored as its first day plus a precision; a month-precision date
-- must fall on the 1st and a year-precision date on 1 January, so no made-up
-- day can be stored.
CREATE DOMAIN date_precision AS text CHECK (VALUE IN ('year', 'month', 'day'));

-- +goose StatementBegin
CREATE FUNCTION date_fits_precision(d date, p date_precision) RETURNS boolean
LANGUAGE sql IMMUTABLE AS $$
  SELECT CASE p
    WHEN 'year'  THEN extract(month FROM d) = 1 AND extract(day FROM d) = 1
    WHEN 'month' THEN extract(day FROM d) = 1
    ELSE true END
$$;
-- +goose StatementEnd

-- The last day a date at a precision can mean.
-- +goose StatementBegin
CREATE FUNCTION date_last_day(d date, p date_precision) RETURNS date
LANGUAGE sql IMMUTABLE AS $$
  SELECT (CASE p
    WHEN 'year'  THEN d + interval '1 year' - interval '1 day'
    WHEN 'month' THEN d + interval '1 month' - interval '1 day'
    ELSE d END)::date
$$;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE FUNCTION is_http_url(u text) RETURNS boolean
LANGUAGE sql IMMUTABLE AS $$
  SELECT u ~* '^https?://[^\s/?#]+[^\s]*$'
$$;
-- +goose StatementEnd

CREATE DOMAIN slug AS text
  CHECK (VALUE ~ '^[a-z0-9]+(-[a-z0-9]+)*$' AND length(VALUE) <= 100);

CREATE TABLE timelines (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  slug        slug NOT NULL UNIQUE,
  title       text NOT NULL CHECK (btrim(title) <> '' AND length(title) <= 300),
  summary     text NOT NULL DEFAULT '',
  language    text NOT NULL DEFAULT 'en',
  visibility  text NOT NULL DEFAULT 'public' CHECK (visibility IN ('public', 'internal')),
  created_at  timestamptz NOT NULL DEFAULT now(),
  updated_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE categories (
  id    bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  slug  slug NOT NULL UNIQUE,
  name  text NOT NULL CHECK (btrim(name) <> '')
);

CREATE TABLE actors (
  id    bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  slug  slug NOT NULL UNIQUE,
  name  text NOT NULL CHECK (btrim(name) <> ''),
  kind  text NOT NULL DEFAULT 'other' CHECK (kind IN ('person', 'armed_force', 'state', 'company',
          'intergovernmental', 'ngo', 'party', 'media', 'group', 'other')),
  note  text NOT NULL DEFAULT ''
);

CREATE TABLE places (
  id       bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  name     text NOT NULL CHECK (btrim(name) <> ''),
  country  text NOT NULL DEFAULT '' CHECK (country = '' OR country ~ '^[A-Z]{2}$'),
  lat      double precision CHECK (lat BETWEEN -90 AND 90),
  lon      double precision CHECK (lon BETWEEN -180 AND 180),
  CHECK ((lat IS NULL) = (lon IS NULL))
);
-- One row per distinct place; NULLS NOT DISTINCT so "Myanmar" without
-- coordinates is one place, not one per import.
CREATE UNIQUE INDEX places_identity ON places (name, country, lat, lon) NULLS NOT DISTINCT;

CREATE TABLE events (
  id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  slug             slug NOT NULL UNIQUE,
  title            text NOT NULL CHECK (btrim(title) <> '' AND length(title) <= 300),
  summary          text NOT NULL DEFAULT '' CHECK (length(summary) <= 20000),
  start_date       date NOT NULL,
  start_precision  date_precision NOT NULL,
  end_date         date,
  end_precision    date_precision,
  category_id      bigint NOT NULL REFERENCES categories (id),
  place_id         bigint REFERENCES places (id),
  status           text NOT NULL DEFAULT 'draft'
                     CHECK (status IN ('draft', 'in_review', 'published', 'retracted')),
  visibility       text NOT NULL DEFAULT 'public' CHECK (visibility IN ('public', 'internal')),
  version          integer NOT NULL DEFAULT 1 CHECK (version > 0),
  created_at       timestamptz NOT NULL DEFAULT now(),
  updated_at       timestamptz NOT NULL DEFAULT now(),
  -- The last day the event can cover, for date-range filters.
  last_day         date GENERATED ALWAYS AS
                     (date_last_day(coalesce(end_date, start_date), coalesce(end_precision, start_precision))) STORED,
  CONSTRAINT start_fits_precision CHECK (date_fits_precision(start_date, start_precision)),
  CONSTRAINT end_fits_precision CHECK (end_date IS NULL OR date_fits_precision(end_date, end_precision)),
  CONSTRAINT end_has_precision CHECK ((end_date IS NULL) = (end_precision IS NULL)),
  CONSTRAINT end_not_before_start CHECK (end_date IS NULL OR end_date >= start_date)
);
CREATE INDEX events_start ON events (start_date, id);
CREATE INDEX events_category ON events (category_id);

CREATE TABLE timeline_events (
  timeline_id  bigint NOT NULL REFERENCES timelines (id) ON DELETE CASCADE,
  event_id     bigint NOT NULL REFERENCES events (id) ON DELETE CASCADE,
  PRIMARY KEY (timeline_id, event_id)
);
CREATE INDEX timeline_events_event ON timeline_events (event_id);

CREATE TABLE event_actors (
  event_id  bigint NOT NULL REFERENCES events (id) ON DELETE CASCADE,
  actor_id  bigint NOT NULL REFERENCES actors (id),
  role      text NOT NULL DEFAULT '' CHECK (role IN ('', 'perpetrator', 'victim', 'target',
              'decision_maker', 'witness', 'supplier', 'recipient', 'other')),
  position  integer NOT NULL,
  PRIMARY KEY (event_id, actor_id)
);
CREATE INDEX event_actors_actor ON event_actors (actor_id);

CREATE TABLE sources (
  id                   bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  url                  text NOT NULL DEFAULT '' CHECK (url = '' OR is_http_url(url)),
  title                text NOT NULL CHECK (btrim(title) <> ''),
  publisher            text NOT NULL DEFAULT '',
  published_date       date,
  published_precision  date_precision,
  accessed_at          timestamptz,
  archive_url          text NOT NULL DEFAULT '' CHECK (archive_url = '' OR is_http_url(archive_url)),
  sha256               text NOT NULL DEFAULT '' CHECK (sha256 = '' OR sha256 ~ '^[0-9a-f]{64}$'),
  kind                 text NOT NULL DEFAULT 'other' CHECK (kind IN ('news', 'ngo_report', 'un_document',
                         'official_statement', 'court_record', 'social_media', 'testimony', 'other')),
  language             text NOT NULL DEFAULT '',
  confidential         boolean NOT NULL DEFAULT false,
  created_at           timestamptz NOT NULL DEFAULT now(),
  updated_at           timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT published_has_precision CHECK ((published_date IS NULL) = (published_precision IS NULL)),
  CONSTRAINT published_fits_precision CHECK (published_date IS NULL
                                             OR date_fits_precision(published_date, published_precision))
);
-- A URL is one source; sources without a URL are told apart by what they say.
CREATE UNIQUE INDEX sources_url ON sources (url) WHERE url <> '';
CREATE UNIQUE INDEX sources_reference ON sources (title, publisher, published_date) NULLS NOT DISTINCT
  WHERE url = '';

CREATE TABLE event_sources (
  event_id   bigint NOT NULL REFERENCES events (id) ON DELETE CASCADE,
  source_id  bigint NOT NULL REFERENCES sources (id),
  locator    text NOT NULL DEFAULT '',
  note       text NOT NULL DEFAULT '',
  position   integer NOT NULL,
  PRIMARY KEY (event_id, source_id)
);
CREATE INDEX event_sources_source ON event_sources (source_id);

CREATE TABLE figures (
  id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  event_id         bigint REFERENCES events (id) ON DELETE CASCADE,
  metric           text NOT NULL CHECK (metric ~ '^[a-z][a-z0-9_]{0,39}$'),
  value            bigint NOT NULL CHECK (value >= 0),
  qualifier        text NOT NULL CHECK (qualifier IN ('exact', 'at_least', 'more_than', 'about', 'nearly', 'up_to')),
  scope            text NOT NULL CHECK (scope IN ('event', 'cumulative')),
  as_of_date       date NOT NULL,
  as_of_precision  date_precision NOT NULL,
  source_id        bigint NOT NULL REFERENCES sources (id),
  attribution      text NOT NULL DEFAULT '',
  note             text NOT NULL DEFAULT '',
  position         integer NOT NULL DEFAULT 0,
  created_at       timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT as_of_fits_precision CHECK (date_fits_precision(as_of_date, as_of_precision))
);
CREATE INDEX figures_event ON figures (event_id);
CREATE INDEX figures_metric ON figures (metric, as_of_date);

-- Every change to an event, source or figure: who, when, why, and the whole
-- record as it was after the change. History and restore read this table.
CREATE TABLE revisions (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  entity      text NOT NULL CHECK (entity IN ('event', 'source', 'figure', 'timeline')),
  entity_id   bigint NOT NULL,
  version     integer NOT NULL,
  action      text NOT NULL,
  author      text NOT NULL DEFAULT '',
  reason      text NOT NULL DEFAULT '',
  record      jsonb NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX revisions_entity ON revisions (entity, entity_id, id);

-- +goose Down
DROP TABLE revisions, figures, event_sources, sources, event_actors, timeline_events, events,
  places, actors, categories, timelines;
DROP DOMAIN slug;
DROP FUNCTION is_http_url(text), date_last_day(date, date_precision), date_fits_precision(date, date_precision);
DROP DOMAIN date_precision;
