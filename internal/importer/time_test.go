package importer_test

import (
	"bytes"
	"encoding/json"
	"testing"

	"annals/internal/export"
	"annals/internal/importer"
	"annals/internal/timeline"
)

func times(e timeline.Event) string { return e.When.StartTime.String() + "/" + e.When.EndTime.String() }

func TestCSVTimes(t *testing.T) {
	t.Parallel()
	good := "title,start,end,start_time,end_time,category\n" +
		"Night raid,2021-02-01,,03:00,,political\n" +
		"Curfew,2021-02-01,2021-02-02,8:00 PM,4:00 am,political\n" +
		"No time,2021-02-01,,,,political\n"
	doc, _, err := importer.ParseFormat(importer.FormatCSV, "t.csv", []byte(good), known)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range doc.Events {
		got = append(got, times(e))
	}
	if want := []string{"03:00/", "20:00/04:00", "/"}; !equal(got, want) {
		t.Errorf("times = %v, want %v", got, want)
	}
	// Exported and read again, the times stay.
	var buf bytes.Buffer
	if err := export.CSV(&buf, doc); err != nil {
		t.Fatal(err)
	}
	again, _, err := importer.ParseFormat(importer.FormatCSV, "t.csv", buf.Bytes(), known)
	if err != nil {
		t.Fatalf("the export does not import: %v", err)
	}
	for i := range doc.Events {
		if again.Events[i].When != doc.Events[i].When {
			t.Errorf("event %d: %+v after the round trip, want %+v", i, again.Events[i].When, doc.Events[i].When)
		}
	}

	bad := "title,start,end,start_time,end_time,category\n" +
		"Bad time,2021-02-01,,25:00,,political\n" +
		"Month with a time,2021-02,,03:00,,political\n" +
		"End time without end,2021-02-01,,,03:00,political\n" +
		"Fine,2021-02-01,,03:00,,political\n"
	_, rep, err := importer.ParseFormat(importer.FormatCSV, "t.csv", []byte(bad), known)
	if err == nil {
		t.Fatal("bad times imported")
	}
	checkProblems(t, rep, []want{
		{2, "start_time", "hour 25 does not exist"},
		{3, "start_time", "a time needs a date with its day"},
		{4, "end_time", "a time needs an end date with its day"},
	})
}

func TestSheetTimes(t *testing.T) {
	t.Parallel()
	good := "Year,Month,Day,Time,End Year,End Month,End Day,End Time,Headline,Group\n" +
		"2021,2,1,2:30 PM,2021,2,1,16:45:00,Talks,political\n" +
		"2021,2,2,,,,,,No time,political\n"
	doc, rep, err := importer.ParseFormat(importer.FormatTimelineSheet, "s.csv", []byte(good), known)
	if err != nil {
		t.Fatal(err)
	}
	if got := []string{times(doc.Events[0]), times(doc.Events[1])}; !equal(got, []string{"14:30/16:45", "/"}) {
		t.Errorf("times = %v", got)
	}
	for _, w := range rep.Warnings {
		if w.Column == "Time" || w.Column == "End Time" {
			t.Errorf("a warning about a kept column: %s", w)
		}
	}
	bad := "Year,Month,Day,Time,End Year,End Month,End Day,End Time,Headline,Group\n" +
		"2021,2,1,quarter past,,,,,Bad,political\n" +
		"2021,2,,03:00,,,,,Month only,political\n" +
		"2021,2,1,,2021,3,,03:00,End month,political\n" +
		"2021,2,1,03:00,,,,,Fine,political\n"
	_, rep, err = importer.ParseFormat(importer.FormatTimelineSheet, "s.csv", []byte(bad), known)
	if err == nil {
		t.Fatal("bad times imported")
	}
	checkProblems(t, rep, []want{
		{2, "Time", `"quarter past"`},
		{3, "Time", "a time needs a date with its day"},
		{4, "End Time", "a time needs an end date with its day"},
	})
}

func TestTimelineJSONHourMinute(t *testing.T) {
	t.Parallel()
	file := `{"events": [
	  {"start_date": {"year": "2021", "month": "2", "day": "1", "hour": "3", "minute": "5"},
	   "end_date": {"year": 2021, "month": 2, "day": 1, "hour": 17}, "text": {"headline": "With hours"}, "group": "political"},
	  {"start_date": {"year": 2021, "month": 2, "day": 2, "hour": 0, "minute": 0}, "text": {"headline": "Midnight"}, "group": "political"},
	  {"start_date": {"year": 2021, "month": 2, "day": 3}, "text": {"headline": "No time"}, "group": "political"}
	]}`
	doc, _, err := importer.ParseFormat(importer.FormatTimelineJS, "t.json", []byte(file), known)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range doc.Events {
		got = append(got, times(e))
	}
	if want := []string{"03:05/17:00", "00:00/", "/"}; !equal(got, want) {
		t.Errorf("times = %v, want %v", got, want)
	}
	// The TimelineJS export writes them back as hour and minute.
	data, err := export.TimelineJS(doc, "", func(s string) string { return "/e/" + s })
	if err != nil {
		t.Fatal(err)
	}
	var out struct {
		Events []struct {
			StartDate map[string]any `json:"start_date"`
			EndDate   map[string]any `json:"end_date"`
		} `json:"events"`
	}
	if err := json.Unmarshal(data, &out); err != nil {
		t.Fatal(err)
	}
	s0, s1, s2 := out.Events[0].StartDate, out.Events[1].StartDate, out.Events[2].StartDate
	if s0["hour"] != 3.0 || s0["minute"] != 5.0 || out.Events[0].EndDate["hour"] != 17.0 ||
		s1["hour"] != 0.0 || s1["minute"] != 0.0 || s2["hour"] != nil {
		t.Errorf("exported dates: %v %v %v %v", s0, out.Events[0].EndDate, s1, s2)
	}

	bad := `{"events": [
	  {"start_date": {"year": 2021, "month": 2, "day": 1, "hour": 25}, "text": {"headline": "Bad"}, "group": "political"},
	  {"start_date": {"year": 2021, "month": 2, "hour": 3}, "text": {"headline": "Month"}, "group": "political"}
	]}`
	_, rep, err := importer.ParseFormat(importer.FormatTimelineJS, "t.json", []byte(bad), known)
	if err == nil {
		t.Fatal("bad times imported")
	}
	checkProblems(t, rep, []want{
		{1, "start_date.hour", "hour 25 does not exist"},
		{2, "start_date.hour", "a time needs a date with its day"},
	})
}

func equal(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
