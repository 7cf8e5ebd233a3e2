package importer

import (
	"bytes"
	"encoding/json"
	"errors"
	"regexp"
	"strconv"
	"strings"

	"annals/internal/native"
	"annals/internal/timeline"
)

var (
	eventIndex = regexp.MustCompile(`\(events\[(\d+)\]\)`)
	eventSlug  = regexp.MustCompile(`^event "(.*)"$`)
)

// parseNative reads annals/v1 JSON. Its events keep the file's status.
func parseNative(data []byte, opt Options, rep *Report) timeline.Document {
	doc, err := native.Decode(bytes.NewReader(data))
	if err != nil {
		var v *timeline.ValidationError
		if !errors.As(err, &v) {
			rep.problem(0, "", "%s", timeline.ErrorMessage(err))
			return timeline.Document{}
		}
		// Problems name events by slug, or by slug and index: find the row.
		var slugs struct {
			Events []struct {
				Slug string `json:"slug"`
			} `json:"events"`
		}
		_ = json.Unmarshal(data, &slugs)
		rowOf := map[string]int{}
		for i, e := range slugs.Events {
			if _, dup := rowOf[e.Slug]; !dup {
				rowOf[e.Slug] = i + 1
			}
		}
		startBad := map[int]bool{}
		for _, p := range v.Problems {
			row, column, event := 0, p.Field, ""
			if m := eventIndex.FindStringSubmatch(p.Item); m != nil {
				n, _ := strconv.Atoi(m[1])
				row = n + 1
				if n < len(slugs.Events) {
					event = slugs.Events[n].Slug
				}
			} else if m := eventSlug.FindStringSubmatch(p.Item); m != nil && rowOf[m[1]] > 0 {
				row, event = rowOf[m[1]], m[1]
			} else if p.Item != "" {
				column = strings.TrimSpace(p.Item + " " + p.Field)
			}
			if p.Field == "start" {
				startBad[row] = true
			}
			if p.Field == "end" && p.Message == "a start date is required" && row > 0 {
				continue // the unreadable start is reported on its own
			}
			rep.Problems = append(rep.Problems, Problem{Row: row, Event: event, Column: column, Message: p.Message, Key: p.Key, Args: p.Args})
		}
		return timeline.Document{}
	}
	rep.FileStatus = true
	rep.TimelineFields = givenTimelineFields(data)
	applyStatus(&doc, opt)
	for i, e := range doc.Events {
		rep.Rows = append(rep.Rows, Row{Row: i + 1, Event: e.Slug, Title: e.Title, Outcome: OutcomeValid})
		if opt.Publish {
			checkEvent(e, i+1, func(f string) string { return f }, rep)
		}
	}
	return doc
}

// givenTimelineFields lists the fields the file's timeline object gives
// (not empty): an annals/v1 file says what its timeline is, but a field it
// leaves out is a default, which never changes a timeline that exists.
func givenTimelineFields(data []byte) []string {
	var f struct {
		Timeline map[string]json.RawMessage `json:"timeline"`
	}
	_ = json.Unmarshal(data, &f)
	var out []string
	for _, name := range []string{"title", "summary", "language", "visibility"} {
		var v string
		if raw, ok := f.Timeline[name]; ok && json.Unmarshal(raw, &v) == nil && strings.TrimSpace(v) != "" {
			out = append(out, name)
		}
	}
	return out
}
