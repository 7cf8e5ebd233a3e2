package importer

import (
	"bytes"
	"encoding/json"
	"sort"
	"strconv"
	"strings"

	"annals/internal/timeline"
)

// TimelineJS JSON: {"title": slide, "events": [slides], "eras": [...]}. The
// report numbers slides from 1 in the order of "events"; its columns are the
// JSON paths (start_date.month, text.headline, media.url ...).

var jsonColumns = [kFields]string{
	kYear: "start_date.year", kMonth: "start_date.month", kDay: "start_date.day", kTime: "start_date.hour",
	kEndYear: "end_date.year", kEndMonth: "end_date.month", kEndDay: "end_date.day", kEndTime: "end_date.hour",
	kDisplayDate: "display_date", kHeadline: "text.headline", kText: "text.text",
	kMedia: "media.url", kCredit: "media.credit", kCaption: "media.caption", kThumbnail: "media.thumbnail",
	kAlt: "media.alt", kType: "type", kGroup: "group", kBackground: "background", kUniqueID: "unique_id",
}

// flex is a JSON value read as text: TimelineJS files write years both as
// 2021 and "2021". Objects and arrays become a marker the date check rejects.
type flex string

func (f *flex) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	switch {
	case len(b) == 0 || string(b) == "null":
		*f = ""
	case b[0] == '"':
		var s string
		if err := json.Unmarshal(b, &s); err != nil {
			return err
		}
		*f = flex(s)
	case b[0] == '{' || b[0] == '[':
		*f = flex("(" + string(b[:1]) + "...)")
	default:
		*f = flex(b)
	}
	return nil
}

type jsDate struct {
	Year        flex `json:"year"`
	Month       flex `json:"month"`
	Day         flex `json:"day"`
	Hour        flex `json:"hour"`
	Minute      flex `json:"minute"`
	Second      flex `json:"second"`
	Millisecond flex `json:"millisecond"`
	DisplayDate flex `json:"display_date"`
}

// time is the slide's hour and minute as "H:MM" (a minute without an hour
// is refused by the time check); not numbers are passed on as written, so
// the check names them.
func (d *jsDate) time() string {
	if d == nil {
		return ""
	}
	h, m := strings.TrimSpace(string(d.Hour)), strings.TrimSpace(string(d.Minute))
	if h == "" && m == "" {
		return ""
	}
	if n, err := strconv.Atoi(m); err == nil && n >= 0 && n < 10 && len(m) == 1 {
		m = "0" + m
	}
	return h + ":" + or(m, "00")
}

// seconds reports whether the date gives a second or millisecond other than zero.
func (d *jsDate) seconds() bool {
	if d == nil {
		return false
	}
	for _, v := range []flex{d.Second, d.Millisecond} {
		if s := strings.TrimSpace(string(v)); s != "" && s != "0" && s != "00" {
			return true
		}
	}
	return false
}

type jsSlide struct {
	StartDate   *jsDate                        `json:"start_date"`
	EndDate     *jsDate                        `json:"end_date"`
	Text        *struct{ Headline, Text flex } `json:"text"`
	Media       *jsMedia                       `json:"media"`
	Group       flex                           `json:"group"`
	DisplayDate flex                           `json:"display_date"`
	Background  json.RawMessage                `json:"background"`
	UniqueID    flex                           `json:"unique_id"`
	Type        flex                           `json:"type"`
}

type jsMedia struct {
	URL       flex `json:"url"`
	Caption   flex `json:"caption"`
	Credit    flex `json:"credit"`
	Thumbnail flex `json:"thumbnail"`
	Alt       flex `json:"alt"`
}

func (j jsSlide) slide(row int, typ string) slide {
	s := slide{row: row, typ: or(typ, string(j.Type)), group: string(j.Group), uniqueID: string(j.UniqueID),
		displayDate: string(j.DisplayDate)}
	if d := j.StartDate; d != nil {
		s.year, s.month, s.day, s.time = string(d.Year), string(d.Month), string(d.Day), d.time()
		s.seconds = d.seconds()
		s.displayDate += string(d.DisplayDate)
	}
	if d := j.EndDate; d != nil {
		s.endYear, s.endMonth, s.endDay, s.endTime = string(d.Year), string(d.Month), string(d.Day), d.time()
		s.seconds = s.seconds || d.seconds()
		s.endDisplayDate = string(d.DisplayDate)
	}
	if j.Text != nil {
		s.headline, s.text = string(j.Text.Headline), string(j.Text.Text)
	}
	if m := j.Media; m != nil {
		s.media, s.caption, s.credit, s.thumbnail, s.alt = string(m.URL), string(m.Caption), string(m.Credit), string(m.Thumbnail), string(m.Alt)
	}
	if b := bytes.TrimSpace(j.Background); len(b) > 0 && string(b) != "null" && string(b) != "{}" {
		s.background = string(b)
	}
	return s
}

// What a TimelineJS file may hold beside what Annals reads: known fields
// that are not kept, with why, and anything else, which is listed as not
// a TimelineJS field. Nothing is dropped without a warning.
var (
	jsonSlideKeys = map[string]string{"start_date": "", "end_date": "", "text": "", "media": "", "group": "",
		"display_date": "", "background": "", "unique_id": "", "type": "",
		"autolink": ""} // Annals never turns text into links, so there is nothing to switch off
	jsonDateKeys = map[string]string{"year": "", "month": "", "day": "", "hour": "", "minute": "", "second": "",
		"millisecond": "", "display_date": "",
		"format": dropReasons[kDisplayDate]}
	jsonMediaKeys = map[string]string{"url": "", "caption": "", "credit": "", "thumbnail": "", "alt": "",
		"title":       "the media's title is not kept; the caption is the source's title",
		"link":        "the media is kept as a source with its own URL, not the page it linked to",
		"link_target": "the media is kept as a source with its own URL, not the page it linked to"}
	jsonTextKeys = map[string]string{"headline": "", "text": ""}
	jsonObjects  = map[string]map[string]string{"start_date": jsonDateKeys, "end_date": jsonDateKeys,
		"media": jsonMediaKeys, "text": jsonTextKeys}
)

const notTimelineJS = "is not a TimelineJS field Annals reads"

// extras lists the fields of a slide that are not kept, by JSON path.
func (r *slideReader) extras(raw json.RawMessage, s slide) {
	var fields map[string]json.RawMessage
	if json.Unmarshal(raw, &fields) != nil {
		return
	}
	for key, v := range fields {
		reason, known := jsonSlideKeys[key]
		if !known {
			r.dropColumn(s.prefix+key, s.row, notTimelineJS)
			continue
		} else if reason != "" {
			r.dropColumn(s.prefix+key, s.row, reason)
		}
		inner, ok := jsonObjects[key]
		var sub map[string]json.RawMessage
		if !ok || json.Unmarshal(v, &sub) != nil {
			continue
		}
		for k, v := range sub {
			reason, known := inner[k]
			if !known {
				reason = notTimelineJS
			}
			if b := bytes.TrimSpace(v); reason != "" && string(b) != "null" && string(b) != `""` {
				r.dropColumn(s.prefix+key+"."+k, s.row, reason)
			}
		}
	}
}

func parseTimelineJSON(data []byte, opt Options, rep *Report) timeline.Document {
	var file struct {
		Title  json.RawMessage   `json:"title"`
		Events []json.RawMessage `json:"events"`
		Eras   []json.RawMessage `json:"eras"`
		Scale  flex              `json:"scale"`
	}
	if err := json.Unmarshal(data, &file); err != nil {
		rep.problem(0, "", "the file is not TimelineJS JSON: %s", strings.TrimPrefix(err.Error(), "json: "))
		return timeline.Document{}
	}
	if file.Events == nil {
		rep.problem(0, "events", "is missing: a TimelineJS file has an \"events\" list of slides")
		return timeline.Document{}
	}
	if len(file.Events) > MaxRows {
		rep.problem(0, "events", "has %d slides; the limit is %d: split the file", len(file.Events), MaxRows)
		return timeline.Document{}
	}
	r := newSlideReader(opt, rep, jsonColumns)
	if t := bytes.TrimSpace(file.Title); len(t) > 0 && string(t) != "null" {
		var js jsSlide
		if err := json.Unmarshal(t, &js); err != nil {
			rep.problem(0, "title", "is not a TimelineJS slide: %s", strings.TrimPrefix(err.Error(), "json: "))
		} else {
			s := js.slide(0, "title")
			s.prefix = "title."
			r.add(s)
			r.extras(t, s)
			rep.Rows = rep.Rows[:len(rep.Rows)-1] // the title is not a row of the report
		}
	}
	for i, raw := range file.Events {
		var js jsSlide
		if err := json.Unmarshal(raw, &js); err != nil {
			rep.problem(i+1, "", "is not a TimelineJS slide: %s", strings.TrimPrefix(err.Error(), "json: "))
			rep.Rows = append(rep.Rows, Row{Row: i + 1, Outcome: OutcomeRejected})
			continue
		}
		s := js.slide(i+1, "")
		r.add(s)
		r.extras(raw, s)
	}
	// Eras are not slides of the report: their problems name the file's
	// path to them ("eras[0].start_date.year").
	for i, raw := range file.Eras {
		var js jsSlide
		prefix := "eras[" + strconv.Itoa(i) + "]."
		if err := json.Unmarshal(raw, &js); err != nil {
			rep.problem(0, prefix[:len(prefix)-1], "is not a TimelineJS era: %s", strings.TrimPrefix(err.Error(), "json: "))
			continue
		}
		s := js.slide(0, "era")
		s.prefix = prefix
		r.add(s)
	}
	if scale := strings.TrimSpace(string(file.Scale)); scale != "" && !strings.EqualFold(scale, "human") {
		rep.warn(0, "scale", "%q is not kept: Annals dates are calendar years (4713 BCE to 9999)", scale)
	}
	var top map[string]json.RawMessage
	_ = json.Unmarshal(data, &top)
	for _, key := range sortedKeys(top) {
		switch key {
		case "title", "events", "eras", "scale":
		default:
			rep.warn(0, key, "%s; it is not imported", notTimelineJS)
		}
	}
	return r.finish()
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
