package native

import (
	"errors"
	"strings"
	"testing"

	"annals/internal/timeline"
)

const minimal = `{
 "format": "annals/v1",
 "timeline": {"slug": "t", "title": "T"},
 "categories": [{"slug": "un", "name": "United Nations"}],
 "actors": [{"slug": "unsc", "name": "UN Security Council", "kind": "intergovernmental"}],
 "events": [%s]
}`

const goodEvent = `{"slug": "e1", "title": "Statement", "start": {"date": "2021-05", "precision": "month"},
  "category": "un", "actors": ["unsc"], "sources": [{"url": "https://un.org/a", "title": "A", "kind": "un_document"}]}`

func decode(t *testing.T, events string) (timeline.Document, error) {
	t.Helper()
	return Decode(strings.NewReader(strings.Replace(minimal, "%s", events, 1)))
}

func TestDecodeMinimal(t *testing.T) {
	doc, err := decode(t, goodEvent)
	if err != nil {
		t.Fatal(err)
	}
	e := doc.Events[0]
	if e.Status != timeline.StatusDraft || e.Visibility != timeline.VisibilityPublic {
		t.Errorf("defaults: status %s visibility %s, want draft and public", e.Status, e.Visibility)
	}
	if e.When.Start.Format() != "May 2021" {
		t.Errorf("start = %q", e.When.Start.Format())
	}
	if doc.Timeline.Language != "en" {
		t.Errorf("language default = %q", doc.Timeline.Language)
	}
}

func TestDecodeReportsEveryProblemWithItemAndField(t *testing.T) {
	bad := `{"slug": "bad-dates", "title": "", "start": {"date": "2021-02-31"}, "end": {"date": "2021-13"},
	  "category": "nope", "actors": ["ghost"],
	  "sources": [{"url": "javascript:alert(1)", "title": "x", "kind": "news"}],
	  "figures": [{"metric": "killed", "value": -5, "qualifier": "roughly", "as_of": "2021-03-27", "source": "https://a.org"}]}`
	_, err := decode(t, goodEvent+","+bad)
	var v *timeline.ValidationError
	if !errors.As(err, &v) {
		t.Fatalf("err = %v, want a ValidationError", err)
	}
	msg := err.Error()
	for _, want := range []string{
		`"bad-dates"`, "start: 31 February 2021 does not exist", "end: month 13 does not exist",
		"title: is required", `category: "nope" is not a category`, `actors[0]: "ghost" is not an actor`,
		"sources[0].url", "javascript:alert(1)", "figures[0].value", "figures[0].qualifier",
	} {
		if !strings.Contains(msg, want) {
			t.Errorf("error does not mention %q:\n%s", want, msg)
		}
	}
	if strings.Contains(msg, `"e1"`) {
		t.Errorf("the valid event is blamed:\n%s", msg)
	}
}

func TestDecodeRejectsBrokenFiles(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"not JSON", `{"format": "annals/v1",`, "not valid annals/v1 JSON"},
		{"wrong format", `{"format": "timelinejs"}`, `format is "timelinejs"`},
		{"unknown field", `{"format": "annals/v1", "timline": {}}`, `unknown field "timline"`},
		{"wrong type", `{"format": "annals/v1", "events": {}}`, "events"},
		{"month precision with a day", strings.Replace(minimal, "%s", strings.Replace(goodEvent, `"2021-05"`, `"2021-05-17"`, 1), 1), "has day precision but month was given"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Decode(strings.NewReader(tt.in))
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("err = %v, want it to mention %q", err, tt.want)
			}
		})
	}
}

func TestDecodeDeduplicatesSourcesByURL(t *testing.T) {
	two := goodEvent + "," + strings.NewReplacer(`"e1"`, `"e2"`, `"title": "A"`, `"title": "A again", "publisher": "Other"`).Replace(goodEvent)
	doc, err := decode(t, two)
	if err != nil {
		t.Fatal(err)
	}
	if got := doc.Events[1].Citations[0].Source.Title; got != "A" {
		t.Errorf("second citation of the same URL has title %q, want the first description %q", got, "A")
	}
}

func TestDecodeRefusesHugeFiles(t *testing.T) {
	big := strings.NewReader(`{"format": "annals/v1", "note": "` + strings.Repeat("x", MaxFileSize) + `"}`)
	_, err := Decode(big)
	if err == nil || !strings.Contains(err.Error(), "larger than 20 MB") {
		t.Errorf("err = %v, want a size message", err)
	}
}

func TestDecodeTimes(t *testing.T) {
	withTime := `{"slug": "e2", "title": "Night raid", "start": {"date": "2021-02-01", "precision": "day", "time": "03:00"},
	  "end": {"date": "2021-02-02", "time": "2:30 PM"}, "category": "un", "sources": [{"url": "https://un.org/b", "title": "B", "kind": "un_document"}]}`
	doc, err := decode(t, withTime)
	if err != nil {
		t.Fatal(err)
	}
	w := doc.Events[0].When
	if w.StartTime.String() != "03:00" || w.EndTime.String() != "14:30" {
		t.Errorf("times = %q %q, want 03:00 14:30", w.StartTime, w.EndTime)
	}
	out, err := Encode(doc)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`"time": "03:00"`, `"time": "14:30"`} {
		if !strings.Contains(string(out), want) {
			t.Errorf("the encoding lacks %s", want)
		}
	}
	bad := `{"slug": "e3", "title": "Bad", "start": {"date": "2021-02", "time": "03:00"},
	  "end": {"date": "2021-03-01", "time": "25:00"}, "category": "un"}`
	_, err = decode(t, bad)
	if err == nil {
		t.Fatal("a time on a month and an hour 25 decoded")
	}
	for _, want := range []string{`"e3"`, "start_time: a time needs a date with its day", "end_time: time \"25:00\": hour 25 does not exist"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error does not mention %q:\n%s", want, err)
		}
	}
}
