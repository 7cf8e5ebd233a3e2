package postgres

import (
	"context"
	"errors"
	"fmt"
	"slices"

	"github.com/jackc/pgx/v5"

	"annals/internal/auth"
	"annals/internal/media"
	"annals/internal/timeline"
)

// Uploaded images live in media_blobs (migration 00020), one row per
// stored width, named by the SHA-256 of its bytes; event_media names an
// image by its largest width. The rows are in the full backup.

// PutImage stores the cleaned variants of one image (media.Clean) and
// returns the image's name (its largest variant's). Storing the same image
// twice stores it once.
func (s *Store) PutImage(ctx context.Context, by auth.User, variants []media.Variant) (string, error) {
	if len(variants) == 0 {
		return "", errors.New("store image: no variants")
	}
	image := variants[len(variants)-1].Name
	b := &pgx.Batch{}
	for _, v := range variants {
		b.Queue(`
INSERT INTO media_blobs (name, image, width, height, content_type, bytes, created_by)
VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (name) DO NOTHING`,
			v.Name, image, v.Width, v.Height, v.ContentType, v.Bytes, nullID(by.ID))
	}
	if err := s.withTx(ctx, func(tx pgx.Tx) error { return tx.SendBatch(ctx, b).Close() }); err != nil {
		return "", fmt.Errorf("store image %s: %w", image, err)
	}
	return image, nil
}

// PublicMediaBlob is a stored width of an image that a public event shows
// (published or retracted, public): an image uploaded for a draft, or
// only in a pending edit, is not served to the public.
func (s *Store) PublicMediaBlob(ctx context.Context, name string) (timeline.MediaBlob, error) {
	return mediaBlob(ctx, s.pool, name, true)
}

// StaffMediaBlob is any stored width, for the editor and previews.
func (s *Store) StaffMediaBlob(ctx context.Context, name string) (timeline.MediaBlob, error) {
	return mediaBlob(ctx, s.pool, name, false)
}

func mediaBlob(ctx context.Context, db querier, name string, public bool) (timeline.MediaBlob, error) {
	b := timeline.MediaBlob{Name: name}
	err := db.QueryRow(ctx, `
SELECT b.content_type, b.bytes FROM media_blobs b
WHERE b.name = $1 AND (NOT $2 OR EXISTS (
  SELECT 1 FROM event_media m JOIN events e ON e.id = m.event_id
  WHERE m.upload = b.image AND event_shown(e.status, e.visibility)))`, name, public).Scan(&b.ContentType, &b.Bytes)
	if err != nil {
		return b, notFound(fmt.Errorf("load image %s: %w", name, err), "There is no image %s.", name)
	}
	return b, nil
}

// loadMedia reads the media of the events ids, in order, each uploaded
// image with its stored widths.
func loadMedia(ctx context.Context, db querier, ids []int64, add func(int64, timeline.Media)) error {
	rows, err := db.Query(ctx, `
SELECT m.event_id, m.kind, m.url, coalesce(m.upload, ''), m.caption, m.credit, m.alt, m.sensitive,
       coalesce((SELECT array_agg(b.name ORDER BY b.width) FROM media_blobs b WHERE b.image = m.upload), '{}'),
       coalesce((SELECT array_agg(b.width ORDER BY b.width) FROM media_blobs b WHERE b.image = m.upload), '{}'),
       coalesce((SELECT array_agg(b.height ORDER BY b.width) FROM media_blobs b WHERE b.image = m.upload), '{}')
FROM event_media m WHERE m.event_id = ANY($1)
ORDER BY m.event_id, m.position`, ids)
	if err != nil {
		return fmt.Errorf("query event media: %w", err)
	}
	var id int64
	var m timeline.Media
	var names []string
	var widths, heights []int
	_, err = pgx.ForEachRow(rows, []any{&id, &m.Kind, &m.URL, &m.Upload, &m.Caption, &m.Credit, &m.Alt, &m.Sensitive,
		&names, &widths, &heights}, func() error {
		out := m
		out.Variants = variantsOf(names, widths, heights)
		add(id, out)
		return nil
	})
	if err != nil {
		return fmt.Errorf("read event media: %w", err)
	}
	return nil
}

func variantsOf(names []string, widths, heights []int) []timeline.MediaVariant {
	var out []timeline.MediaVariant
	for i := range names {
		out = append(out, timeline.MediaVariant{Name: names[i], Width: widths[i], Height: heights[i]})
	}
	return out
}

// loadMediaVariants fills in the stored widths of uploaded images (media
// read from a record rather than from event_media).
func loadMediaVariants(ctx context.Context, db querier, ms []timeline.Media) error {
	for i := range ms {
		if ms[i].Upload == "" {
			continue
		}
		var names []string
		var widths, heights []int
		err := db.QueryRow(ctx, `
SELECT coalesce(array_agg(name ORDER BY width), '{}'), coalesce(array_agg(width ORDER BY width), '{}'),
       coalesce(array_agg(height ORDER BY width), '{}')
FROM media_blobs WHERE image = $1`, ms[i].Upload).Scan(&names, &widths, &heights)
		if err != nil {
			return fmt.Errorf("load widths of image %s: %w", ms[i].Upload, err)
		}
		ms[i].Variants = variantsOf(names, widths, heights)
	}
	return nil
}

// checkUploads reports every uploaded image e names that is not stored.
func checkUploads(ctx context.Context, db querier, e timeline.Event, p *timeline.Problems) error {
	for i, m := range e.Media {
		if m.Upload == "" {
			continue
		}
		var ok bool
		if err := db.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM media_blobs WHERE name = $1 AND image = name)`,
			m.Upload).Scan(&ok); err != nil {
			return fmt.Errorf("find image %s: %w", m.Upload, err)
		}
		if !ok {
			p.Add(fmt.Sprintf("media[%d].upload", i), "there is no uploaded image %q: upload it again", m.Upload)
		}
	}
	return nil
}

// syncMedia makes the event's media rows what e says, and reports whether
// anything changed. Media have no identity of their own beyond their place
// in the list, so a changed list is written anew.
func syncMedia(ctx context.Context, tx pgx.Tx, eventID int64, e timeline.Event) (bool, error) {
	var have []timeline.Media
	if err := loadMedia(ctx, tx, []int64{eventID}, func(_ int64, m timeline.Media) {
		m.Variants = nil
		have = append(have, m)
	}); err != nil {
		return false, err
	}
	want := make([]timeline.Media, len(e.Media))
	for i, m := range e.Media {
		m.Variants = nil
		want[i] = m
	}
	if slices.EqualFunc(have, want, func(a, b timeline.Media) bool {
		return timeline.MediaRecordOf(a) == timeline.MediaRecordOf(b)
	}) {
		return false, nil
	}
	if _, err := tx.Exec(ctx, `DELETE FROM event_media WHERE event_id = $1`, eventID); err != nil {
		return false, fmt.Errorf("remove media of event %d: %w", eventID, err)
	}
	b := &pgx.Batch{}
	queueMedia(b, eventID, e.Media)
	if err := tx.SendBatch(ctx, b).Close(); err != nil {
		return false, fmt.Errorf("save media of event %d: %w", eventID, err)
	}
	return true, nil
}

// queueMedia queues the inserts of an event's media.
func queueMedia(b *pgx.Batch, eventID int64, ms []timeline.Media) {
	for i, m := range ms {
		var upload any
		if m.Upload != "" {
			upload = m.Upload
		}
		b.Queue(`
INSERT INTO event_media (event_id, position, kind, url, upload, caption, credit, alt, sensitive)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`, eventID, i, m.Kind, m.URL, upload, m.Caption, m.Credit, m.Alt, m.Sensitive)
	}
}
