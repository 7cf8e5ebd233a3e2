package timeline

// EventRecord is the whole event as a revision keeps it: plain JSON with
// stable names, so history can be read and compared field by field.
type EventRecord struct {
	Slug       string           `json:"slug"`
	Title      string           `json:"title"`
	Summary    string           `json:"summary"`
	Start      string           `json:"start"`
	End        string           `json:"end"`
	StartTime  string           `json:"start_time"`
	EndTime    string           `json:"end_time"`
	Category   string           `json:"category"`
	Place      Place            `json:"place"`
	Status     Status           `json:"status"`
	Visibility string           `json:"visibility"`
	Actors     []ActorRecord    `json:"actors"`
	Citations  []CitationRecord `json:"sources"`
	Figures    []FigureRecord   `json:"figures"`
	// Media are left out when there are none, so the records of events
	// without media read as they did before media existed.
	Media []MediaRecord `json:"media,omitempty"`
	// Pending marks a proposed edit of a published event, not yet public.
	Pending bool `json:"pending"`
}

type ActorRecord struct {
	Actor string `json:"actor"`
	Role  string `json:"role"`
}

type CitationRecord struct {
	SourceID int64  `json:"source_id"`
	Title    string `json:"title"`
	Locator  string `json:"locator"`
	Note     string `json:"note"`
}

type FigureRecord struct {
	ID          int64  `json:"id"`
	Metric      string `json:"metric"`
	Value       int64  `json:"value"`
	Qualifier   string `json:"qualifier"`
	Scope       string `json:"scope"`
	AsOf        string `json:"as_of"`
	SourceID    int64  `json:"source_id"`
	Attribution string `json:"attribution"`
	Note        string `json:"note"`
}

type MediaRecord struct {
	Kind      MediaKind `json:"kind"`
	URL       string    `json:"url,omitempty"`
	Upload    string    `json:"upload,omitempty"`
	Caption   string    `json:"caption"`
	Credit    string    `json:"credit"`
	Alt       string    `json:"alt"`
	Sensitive bool      `json:"sensitive"`
}

// Media is the medium the record describes.
func (r MediaRecord) Media() Media {
	return Media{Kind: r.Kind, URL: r.URL, Upload: r.Upload, Caption: r.Caption, Credit: r.Credit, Alt: r.Alt,
		Sensitive: r.Sensitive}
}

// MediaRecordOf is the record of one medium.
func MediaRecordOf(m Media) MediaRecord {
	return MediaRecord{Kind: m.Kind, URL: m.URL, Upload: m.Upload, Caption: m.Caption, Credit: m.Credit, Alt: m.Alt,
		Sensitive: m.Sensitive}
}

// EventRecordOf is the record a revision keeps of e.
func EventRecordOf(e Event) EventRecord {
	r := EventRecord{
		Slug: e.Slug, Title: e.Title, Summary: e.Summary, Start: e.When.Start.String(), End: e.When.End.String(),
		StartTime: e.When.StartTime.String(), EndTime: e.When.EndTime.String(),
		Category: e.Category.Slug, Place: e.Place, Status: e.Status, Visibility: string(e.Visibility),
		Actors: []ActorRecord{}, Citations: []CitationRecord{}, Figures: []FigureRecord{},
	}
	for _, a := range e.Actors {
		r.Actors = append(r.Actors, ActorRecord{Actor: a.Actor.Slug, Role: a.Role})
	}
	for _, c := range e.Citations {
		r.Citations = append(r.Citations, CitationRecord{SourceID: c.Source.ID, Title: c.Source.Title, Locator: c.Locator, Note: c.Note})
	}
	for _, f := range e.Figures {
		r.Figures = append(r.Figures, FigureRecord{ID: f.ID, Metric: f.Metric, Value: f.Value, Qualifier: string(f.Qualifier),
			Scope: string(f.Scope), AsOf: f.AsOf.String(), SourceID: f.Source.ID, Attribution: f.Attribution, Note: f.Note})
	}
	for _, m := range e.Media {
		r.Media = append(r.Media, MediaRecordOf(m))
	}
	return r
}
