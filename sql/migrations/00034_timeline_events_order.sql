-- +goose Up
-- Each timeline's events in date order. A window of a timeline (and an
-- event's previous and next) is "the next 50 of this timeline's events
-- after this date", but the date lived only in events: a timeline that is
-- a small part of the database had to read all its rows and sort them
-- (about 2 ms at 1,000 events, 10 at 5,000, for every window and both
-- neighbours), and a large one walked the events of every timeline in date
-- order. A copy of each event's start date in timeline_events, kept equal
-- by the triggers below, lets the index (timeline_id, start_date) give a
-- timeline's events in order from any date: a window reads what it shows.
ALTER TABLE timeline_events ADD COLUMN start_date date;
UPDATE timeline_events te SET start_date = e.start_date FROM events e WHERE e.id = te.event_id;
ALTER TABLE timeline_events ALTER COLUMN start_date SET NOT NULL;
CREATE INDEX timeline_events_order ON timeline_events (timeline_id, start_date, event_id);

-- +goose StatementBegin
-- A link takes its event's date, whatever the statement that writes it says.
CREATE FUNCTION timeline_events_take_date() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  NEW.start_date := (SELECT start_date FROM events WHERE id = NEW.event_id);
  RETURN NEW;
END $$;
-- +goose StatementEnd
CREATE TRIGGER take_date BEFORE INSERT OR UPDATE ON timeline_events
  FOR EACH ROW EXECUTE FUNCTION timeline_events_take_date();

-- +goose StatementBegin
-- An event's new date goes to every timeline that holds it.
CREATE FUNCTION events_give_date() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  UPDATE timeline_events SET start_date = NEW.start_date
  WHERE event_id = NEW.id AND start_date IS DISTINCT FROM NEW.start_date;
  RETURN NULL;
END $$;
-- +goose StatementEnd
CREATE TRIGGER give_date AFTER UPDATE OF start_date ON events
  FOR EACH ROW WHEN (OLD.start_date IS DISTINCT FROM NEW.start_date)
  EXECUTE FUNCTION events_give_date();

-- +goose Down
DROP TRIGGER give_date ON events;
DROP FUNCTION events_give_date();
DROP TRIGGER take_date ON timeline_events;
DROP FUNCTION timeline_events_take_date();
DROP INDEX timeline_events_order;
ALTER TABLE timeline_events DROP COLUMN start_date;
