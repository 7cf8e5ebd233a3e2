-- +goose Up
-- The optional local time of day an event started and ended, as the sources
-- give it where it happened (no time zone). A time only goes with a date
-- known to the day, and an end time only with an end date.
ALTER TABLE events
  ADD COLUMN start_time time(0),
  ADD COLUMN end_time   time(0),
  ADD CONSTRAINT start_time_needs_day CHECK (start_time IS NULL OR start_precision = 'day'),
  ADD CONSTRAINT end_time_needs_end_day CHECK (end_time IS NULL OR (end_date IS NOT NULL AND end_precision = 'day'));

-- +goose Down
ALTER TABLE events
  DROP CONSTRAINT end_time_needs_end_day,
  DROP CONSTRAINT start_time_needs_day,
  DROP COLUMN end_time,
  DROP COLUMN start_time;
