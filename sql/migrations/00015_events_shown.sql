-- +goose Up
-- Citation numbers count every event the public can open: published and
-- retracted ones (a retracted event keeps its permalink). An index of only
-- those keeps drafts and internal events, however many, out of the scan.
CREATE INDEX events_shown ON events (id) WHERE status IN ('published', 'retracted') AND visibility = 'public';

-- +goose Down
DROP INDEX events_shown;
