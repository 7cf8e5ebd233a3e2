package timeline

import (
	"errors"
	"math"
	"slices"
	"strings"
	"testing"
)

func mustDate(t *testing.T, s string) FuzzyDate {
	t.Helper()
	d, err := ParseDate(s)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func validEvent(t *testing.T) Event {
	return Event{
		Slug:       "coup",
		Title:      "Military seizes power",
		Summary:    "The military declares a state of emergency.",
		When:       DateRange{Start: mustDate(t, "2021-02-01")},
		Category:   Category{Slug: "political", Name: "Coup"},
		Place:      Place{Name: "Naypyidaw", Country: "MM"},
		Status:     StatusPublished,
		Visibility: VisibilityPublic,
		Actors:     []EventActor{{Actor: Actor{Slug: "tatmadaw"}}},
		Citations: []Citation{{Source: Source{
			URL: "https://www.hrw.org/news/2021/05/05/x", Title: "UN Security Council: Adopt Global Arms Embargo", Kind: "ngo_report",
		}}},
		Figures: []Figure{{
			Metric: "killed", Value: 64, Qualifier: QualifierAtLeast, Scope: ScopeEvent, AsOf: mustDate(t, "2021-03-27"),
			Source: Source{URL: "https://example.org/a", Title: "At least 60 killed", Kind: "news"},
		}},
	}
}

// problemFields returns "field" for each problem of a *ValidationError.
func problemFields(t *testing.T, err error) []string {
	t.Helper()
	var v *ValidationError
	if !errors.As(err, &v) {
		t.Fatalf("error %v is not a *ValidationError", err)
	}
	var fields []string
	for _, p := range v.Problems {
		fields = append(fields, p.Field)
	}
	return fields
}

func TestEventValidate(t *testing.T) {
	if err := validEvent(t).Validate(); err != nil {
		t.Fatalf("valid event rejected: %v", err)
	}
	tests := []struct {
		name   string
		mutate func(*Event)
		field  string
	}{
		{"empty slug", func(e *Event) { e.Slug = "" }, "slug"},
		{"slug with capitals", func(e *Event) { e.Slug = "Coup" }, "slug"},
		{"slug with spaces", func(e *Event) { e.Slug = "the coup" }, "slug"},
		{"blank title", func(e *Event) { e.Title = "   " }, "title"},
		{"long title", func(e *Event) { e.Title = strings.Repeat("x", MaxTitleLength+1) }, "title"},
		{"1 MB summary", func(e *Event) { e.Summary = strings.Repeat("a", 1<<20) }, "summary"},
		{"control character", func(e *Event) { e.Title = "bad\x00title" }, "title"},
		{"invalid UTF-8", func(e *Event) { e.Summary = "bad \xff" }, "summary"},
		{"end before start", func(e *Event) { e.When.End = mustDate(t, "2021-01-31") }, "end"},
		{"no start", func(e *Event) { e.When.Start = FuzzyDate{} }, "end"},
		{"no category", func(e *Event) { e.Category = Category{} }, "category"},
		{"bad country", func(e *Event) { e.Place.Country = "Myanmar" }, "place.country"},
		{"half coordinates", func(e *Event) { lat := 19.7; e.Place.Lat = &lat }, "place"},
		{"latitude out of range", func(e *Event) { lat, lon := 91.0, 0.0; e.Place.Lat, e.Place.Lon = &lat, &lon }, "place.lat"},
		{"unknown status", func(e *Event) { e.Status = "live" }, "status"},
		{"unknown visibility", func(e *Event) { e.Visibility = "secret" }, "visibility"},
		{"actor twice", func(e *Event) { e.Actors = append(e.Actors, e.Actors[0]) }, "actors[1]"},
		{"unknown role", func(e *Event) { e.Actors[0].Role = "hero" }, "actors[0].role"},
		{"javascript URL", func(e *Event) { e.Citations[0].Source.URL = "javascript:alert(1)" }, "sources[0].url"},
		{"data URL", func(e *Event) { e.Citations[0].Source.URL = "data:text/html,<script>x</script>" }, "sources[0].url"},
		{"relative URL", func(e *Event) { e.Citations[0].Source.URL = "/relative" }, "sources[0].url"},
		{"ftp archive URL", func(e *Event) { e.Citations[0].Source.ArchiveURL = "ftp://a.org/x" }, "sources[0].archive_url"},
		{"untitled source", func(e *Event) { e.Citations[0].Source.Title = "" }, "sources[0].title"},
		{"unknown source kind", func(e *Event) { e.Citations[0].Source.Kind = "rumour" }, "sources[0].kind"},
		{"bad source language", func(e *Event) { e.Citations[0].Source.Language = "English" }, "sources[0].language"},
		{"bad sha256", func(e *Event) { e.Citations[0].Source.SHA256 = "abc" }, "sources[0].sha256"},
		{"published without sources", func(e *Event) { e.Citations = nil }, "sources"},
		{"negative figure", func(e *Event) { e.Figures[0].Value = -1 }, "figures[0].value"},
		{"figure past the largest count", func(e *Event) { e.Figures[0].Value = MaxFigureValue + 1 }, "figures[0].value"},
		{"figure at the int64 limit", func(e *Event) { e.Figures[0].Value = math.MaxInt64 }, "figures[0].value"},
		{"unknown qualifier", func(e *Event) { e.Figures[0].Qualifier = "roughly" }, "figures[0].qualifier"},
		{"unknown scope", func(e *Event) { e.Figures[0].Scope = "weekly" }, "figures[0].scope"},
		{"bad metric", func(e *Event) { e.Figures[0].Metric = "People Killed" }, "figures[0].metric"},
		{"figure without date", func(e *Event) { e.Figures[0].AsOf = FuzzyDate{} }, "figures[0].as_of"},
		{"figure source URL", func(e *Event) { e.Figures[0].Source.URL = "javascript:x" }, "figures[0].source.url"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := validEvent(t)
			tt.mutate(&e)
			err := e.Validate()
			if err == nil {
				t.Fatal("accepted")
			}
			fields := problemFields(t, err)
			found := false
			for _, f := range fields {
				if f == tt.field {
					found = true
				}
			}
			if !found {
				t.Errorf("problems on %v, want one on %q (%v)", fields, tt.field, err)
			}
			if !strings.Contains(err.Error(), `event "`) {
				t.Errorf("error %q does not name the event", err)
			}
		})
	}
}

func TestDraftMayHaveNoSources(t *testing.T) {
	e := validEvent(t)
	e.Status = StatusDraft
	e.Citations = nil
	if err := e.Validate(); err != nil {
		t.Errorf("a draft without sources was rejected: %v", err)
	}
}

func TestAcceptsEveryScript(t *testing.T) {
	e := validEvent(t)
	e.Title = "နေပြည်တော်တွင် စစ်တပ်က အာဏာသိမ်း"
	e.Summary = "الجيش يستولي على السلطة 🪖 — ‘quoted’"
	if err := e.Validate(); err != nil {
		t.Errorf("Burmese, Arabic and emoji text rejected: %v", err)
	}
}

func TestOtherEntitiesValidate(t *testing.T) {
	tests := []struct {
		name  string
		err   error
		field string // "" means valid
	}{
		{"timeline ok", Timeline{Slug: "myanmar-2021", Title: "Myanmar", Language: "en", Visibility: VisibilityPublic}.Validate(), ""},
		{"timeline no title", Timeline{Slug: "x", Language: "en", Visibility: VisibilityPublic}.Validate(), "title"},
		{"timeline bad language", Timeline{Slug: "x", Title: "X", Language: "English", Visibility: VisibilityPublic}.Validate(), "language"},
		{"timeline bad visibility", Timeline{Slug: "x", Title: "X", Language: "my", Visibility: "hidden"}.Validate(), "visibility"},
		{"category ok", Category{Slug: "un", Name: "United Nations"}.Validate(), ""},
		{"category no name", Category{Slug: "un"}.Validate(), "name"},
		{"category bad slug", Category{Slug: "U N", Name: "x"}.Validate(), "slug"},
		{"actor ok", Actor{Slug: "aapp", Name: "AAPP", Kind: "ngo"}.Validate(), ""},
		{"actor bad kind", Actor{Slug: "aapp", Name: "AAPP", Kind: "club"}.Validate(), "kind"},
		{"actor no name", Actor{Slug: "aapp", Kind: "ngo"}.Validate(), "name"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.field == "" {
				if tt.err != nil {
					t.Fatalf("rejected: %v", tt.err)
				}
				return
			}
			if tt.err == nil {
				t.Fatal("accepted")
			}
			fields := problemFields(t, tt.err)
			if len(fields) == 0 || fields[0] != tt.field {
				t.Errorf("problems on %v, want %q", fields, tt.field)
			}
		})
	}
}

func TestFigurePhrase(t *testing.T) {
	tests := []struct {
		q    Qualifier
		v    int64
		want string
	}{
		{QualifierAtLeast, 64, "at least 64"},
		{QualifierExact, 91, "91"},
		{QualifierAbout, 730, "about 730"},
		{QualifierMoreThan, 3140, "more than 3,140"},
		{QualifierNearly, 6000, "nearly 6,000"},
		{QualifierUpTo, 1000000, "up to 1,000,000"},
	}
	for _, tt := range tests {
		if got := (Figure{Qualifier: tt.q, Value: tt.v}).Phrase(); got != tt.want {
			t.Errorf("%s %d: %q, want %q", tt.q, tt.v, got, tt.want)
		}
	}
}

func TestFilterFromQuery(t *testing.T) {
	f, err := FilterFromQuery(map[string][]string{"category": {"un,arms", "un"}, "actor": {"unsc"}, "from": {"2021-02"}, "to": {"2021"}})
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(f.Categories, ",") != "un,arms" || f.Actors[0] != "unsc" || f.From.String() != "2021-02" || f.To.String() != "2021" {
		t.Errorf("filter = %+v", f)
	}
	if got := f.Query().Encode(); got != "actor=unsc&category=un&category=arms&from=2021-02&to=2021" {
		t.Errorf("Query() = %q", got)
	}
	_, err = FilterFromQuery(map[string][]string{"from": {"2021-13"}, "to": {"2020"}, "category": {"<script>"}})
	fields := problemFields(t, err)
	if strings.Join(fields, ",") != "category,from" {
		t.Errorf("problems on %v, want category and from", fields)
	}
	_, err = FilterFromQuery(map[string][]string{"from": {"2021-06"}, "to": {"2021-05"}})
	if fields := problemFields(t, err); len(fields) != 1 || fields[0] != "to" {
		t.Errorf("to before from: problems on %v", fields)
	}
}

func TestFilterPlaces(t *testing.T) {
	f, err := FilterFromQuery(map[string][]string{"place": {"12,3", "12"}})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(f.Places, []int64{12, 3}) || f.IsZero() {
		t.Errorf("places = %v (zero %v)", f.Places, f.IsZero())
	}
	if got := f.Query().Encode(); got != "place=12&place=3" {
		t.Errorf("Query() = %q", got)
	}
	_, err = FilterFromQuery(map[string][]string{"place": {"Yangon", "-1", "0"}})
	if fields := problemFields(t, err); strings.Join(fields, ",") != "place,place,place" {
		t.Errorf("problems on %v, want three on place", fields)
	}
}
