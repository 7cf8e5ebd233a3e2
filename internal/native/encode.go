package native

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"time"

	"annals/internal/jsonstream"
	"annals/internal/timeline"
)

// ConfidentialTitle stands in for the title of a confidential source in a
// public export, whose details are never written.
const ConfidentialTitle = "Confidential source on file"

// Encode writes doc as an annals/v1 file. Decode reads it back into the same
// Document, so export -> import -> export gives the same bytes. Categories,
// actors and events are written in the order doc holds them.
func Encode(doc timeline.Document) ([]byte, error) {
	var buf bytes.Buffer
	events := func(yield func(timeline.Event) error) error {
		for _, e := range doc.Events {
			if err := yield(e); err != nil {
				return err
			}
		}
		return nil
	}
	if err := EncodeStream(&buf, doc, events); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// EncodeStream writes the same bytes as Encode of doc holding events, but
// one event at a time as events yields them (doc.Events is ignored), so a
// timeline of any size is written in bounded memory. It walks events twice:
// once for the sources that only figures cite (written up front), once to
// write the events.
func EncodeStream(w io.Writer, doc timeline.Document, events timeline.EventSeq) error {
	f := file{
		Format: Format,
		Timeline: fTimeline{
			Slug: doc.Timeline.Slug, Title: doc.Timeline.Title, Summary: doc.Timeline.Summary,
			Language: doc.Timeline.Language, Visibility: string(doc.Timeline.Visibility),
		},
		Categories: []fCategory{},
		Actors:     []fActor{},
		Events:     []fEvent{},
	}
	if h := doc.ChainHead; h != nil {
		f.ChainHead = &fChainHead{Revision: h.Revision, SHA256: h.SHA256, Revisions: h.Revisions,
			At: h.At.UTC().Format(time.RFC3339)}
	}
	for _, c := range doc.Categories {
		f.Categories = append(f.Categories, fCategory(c))
	}
	for _, a := range doc.Actors {
		f.Actors = append(f.Actors, fActor{Slug: a.Slug, Name: a.Name, Kind: a.Kind, Note: a.Note})
	}
	// Sources that only figures cite are written once, in full, up front:
	// a source is "cited" once any event cites it, wherever that event is.
	cited, onlyFigures := map[string]bool{}, map[string]timeline.Source{}
	var order []string
	err := events(func(e timeline.Event) error {
		for _, c := range e.Citations {
			cited[sourceKey(c.Source)] = true
		}
		for _, fig := range e.Figures {
			if k := sourceKey(fig.Source); !cited[k] {
				if _, ok := onlyFigures[k]; !ok {
					onlyFigures[k] = fig.Source
					order = append(order, k)
				}
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	for _, k := range order {
		if !cited[k] {
			f.Sources = append(f.Sources, encodeSource(onlyFigures[k]))
		}
	}
	for _, e := range doc.Eras {
		f.Eras = append(f.Eras, fEra{Title: e.Title, Summary: e.Summary,
			Start: encodeDate(e.Start, timeline.TimeOfDay{}), End: encodeDate(e.End, timeline.TimeOfDay{})})
	}
	// The file without its events, cut where they go.
	var frame bytes.Buffer
	if err := newEncoder(&frame).Encode(f); err != nil {
		return fmt.Errorf("encode annals/v1: %w", err)
	}
	var one bytes.Buffer
	return jsonstream.Write(w, frame.Bytes(), "events", func(emit func([]byte) error) error {
		return events(func(e timeline.Event) error {
			one.Reset()
			if err := newEncoder(&one).Encode(encodeEvent(e, doc.MediaBase)); err != nil {
				return fmt.Errorf("encode event %q: %w", e.Slug, err)
			}
			return emit(one.Bytes())
		})
	})
}

func newEncoder(w io.Writer) *json.Encoder {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", " ")
	return enc
}

// encodeEvent is an event as the file writes it; an uploaded image is the
// public address of its largest width under mediaBase.
func encodeEvent(e timeline.Event, mediaBase string) fEvent {
	fe := fEvent{
		Slug: e.Slug, Status: string(e.Status), Visibility: string(e.Visibility), Title: e.Title,
		Summary: e.Summary, Start: encodeDate(e.When.Start, e.When.StartTime), Category: e.Category.Slug,
		Sources: []fSource{},
	}
	if !e.When.End.IsZero() {
		end := encodeDate(e.When.End, e.When.EndTime)
		fe.End = &end
	}
	for _, a := range e.Actors {
		fe.Actors = append(fe.Actors, fActorRef{Actor: a.Actor.Slug, Role: a.Role})
	}
	if !e.Place.IsZero() {
		fe.Place = &fPlace{Name: e.Place.Name, Country: e.Place.Country, Lat: e.Place.Lat, Lon: e.Place.Lon}
	}
	for _, c := range e.Citations {
		fs := encodeSource(c.Source)
		fs.Locator, fs.Note = c.Locator, c.Note
		fe.Sources = append(fe.Sources, fs)
	}
	for _, fig := range e.Figures {
		src := encodeSource(fig.Source)
		v := fig.Value
		fe.Figures = append(fe.Figures, fFigure{
			Metric: fig.Metric, Value: &v, Qualifier: string(fig.Qualifier), Scope: string(fig.Scope),
			AsOf: fig.AsOf.String(), Source: src.URL, SourceTitle: src.Title, SourcePublisher: src.Publisher,
			SourcePublished: src.Published, Attribution: fig.Attribution, Note: fig.Note,
		})
	}
	for _, m := range e.Media {
		u := m.URL
		if m.Upload != "" {
			u = strings.TrimSuffix(mediaBase, "/") + "/media/" + m.Upload
		}
		fe.Media = append(fe.Media, fMedia{Kind: string(m.Kind), URL: u, Caption: m.Caption, Credit: m.Credit,
			Alt: m.Alt, Sensitive: m.Sensitive})
	}
	return fe
}

func encodeDate(d timeline.FuzzyDate, t timeline.TimeOfDay) fDate {
	return fDate{Date: d.String(), Precision: string(d.Precision), Time: t.String()}
}

func encodeSource(s timeline.Source) fSource {
	if s.Confidential && s.Title == "" {
		// A public export: the loader blanked the source; say only that it exists.
		return fSource{Title: ConfidentialTitle, Kind: "other", Confidential: true}
	}
	return fSource{
		URL: s.URL, Title: s.Title, Publisher: s.Publisher, Published: s.Published.String(),
		ArchiveURL: s.ArchiveURL, SHA256: s.SHA256, Kind: s.Kind, Language: s.Language,
		Confidential: s.Confidential,
	}
}

// sourceKey is how Decode tells sources apart (see canonical).
func sourceKey(s timeline.Source) string {
	fs := encodeSource(s)
	if fs.URL != "" {
		return "url:" + fs.URL
	}
	return "ref:" + fs.Title + "\x00" + fs.Publisher + "\x00" + fs.Published
}
