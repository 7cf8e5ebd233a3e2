package timeline_test

import (
	"reflect"
	"testing"

	"annals/internal/timeline"
)

func mergeBase() timeline.Event {
	start, _ := timeline.ParseDate("2021-03-27")
	asOf, _ := timeline.ParseDate("2021-03-28")
	report := timeline.Source{ID: 7, URL: "https://example.org/report", Title: "Report", Kind: "news"}
	return timeline.Event{ID: 1, Version: 3, Slug: "armed-forces-day", Title: "Armed Forces Day killings",
		Summary: "Security forces killed protesters in many towns.", When: timeline.DateRange{Start: start},
		Category: timeline.Category{Slug: "casualties"}, Place: timeline.Place{Name: "Yangon", Country: "MM"},
		Visibility: timeline.VisibilityPublic,
		Actors: []timeline.EventActor{{Actor: timeline.Actor{Slug: "tatmadaw"}, Role: "perpetrator"},
			{Actor: timeline.Actor{Slug: "police"}, Role: "perpetrator"}},
		Citations: []timeline.Citation{{Source: report, Locator: "p. 2"}},
		Figures: []timeline.Figure{{ID: 18, Metric: "killed", Value: 64, Qualifier: timeline.QualifierAtLeast,
			Scope: timeline.ScopeEvent, AsOf: asOf, Source: report}},
	}
}

// A three-way merge: for each kind of field, a change on one side only
// merges by itself, the same change on both sides merges, and different
// changes on both sides are a conflict holding mine until resolved.
func TestMergeEvents(t *testing.T) {
	t.Parallel()
	date := func(s string) timeline.FuzzyDate {
		d, err := timeline.ParseDate(s)
		if err != nil {
			t.Fatal(err)
		}
		return d
	}
	other := timeline.Source{ID: 9, URL: "https://example.org/other", Title: "Other", Kind: "news"}
	type edit func(*timeline.Event)
	kinds := []struct {
		name       string
		mine       edit // a change
		theirs     edit // a different change of the same field
		conflict   string
		check      func(timeline.Event) any // the field compared
		mineValue  any
		theirValue any
	}{
		{name: "text", conflict: "title",
			mine: func(e *timeline.Event) { e.Title = "Mine" }, theirs: func(e *timeline.Event) { e.Title = "Theirs" },
			check: func(e timeline.Event) any { return e.Title }, mineValue: "Mine", theirValue: "Theirs"},
		{name: "long text", conflict: "summary",
			mine:   func(e *timeline.Event) { e.Summary = "Soldiers killed protesters." },
			theirs: func(e *timeline.Event) { e.Summary = "Police killed protesters." },
			check:  func(e timeline.Event) any { return e.Summary }, mineValue: "Soldiers killed protesters.",
			theirValue: "Police killed protesters."},
		{name: "dates", conflict: "start",
			mine: func(e *timeline.Event) { e.When.Start = date("2021-03-26") }, theirs: func(e *timeline.Event) { e.When.Start = date("2021-03") },
			check: func(e timeline.Event) any { return e.When.Start.String() }, mineValue: "2021-03-26", theirValue: "2021-03"},
		{name: "actors", conflict: "actor:police",
			mine:   func(e *timeline.Event) { e.Actors[1].Role = "decision_maker" },
			theirs: func(e *timeline.Event) { e.Actors = e.Actors[:1] },
			check: func(e timeline.Event) any {
				var out []string
				for _, a := range e.Actors {
					out = append(out, a.Actor.Slug+"/"+a.Role)
				}
				return out
			},
			mineValue: []string{"tatmadaw/perpetrator", "police/decision_maker"}, theirValue: []string{"tatmadaw/perpetrator"}},
		{name: "sources", conflict: "source:id:7",
			mine:   func(e *timeline.Event) { e.Citations[0].Locator = "p. 3" },
			theirs: func(e *timeline.Event) { e.Citations[0].Locator = "para. 9" },
			check: func(e timeline.Event) any {
				var out []string
				for _, c := range e.Citations {
					out = append(out, c.Source.Title+"@"+c.Locator)
				}
				return out
			},
			mineValue: []string{"Report@p. 3"}, theirValue: []string{"Report@para. 9"}},
		{name: "figures", conflict: "figure:killed|event|2021-03-28|id:7|64|at_least",
			mine:   func(e *timeline.Event) { e.Figures[0].Note = "from the list of names" },
			theirs: func(e *timeline.Event) { e.Figures[0].Note = "provisional" },
			check: func(e timeline.Event) any {
				var out []string
				for _, f := range e.Figures {
					out = append(out, timeline.FigureWords(f)+": "+f.Note)
				}
				return out
			},
			mineValue:  []string{"killed at least 64 (as of 28 March 2021): from the list of names"},
			theirValue: []string{"killed at least 64 (as of 28 March 2021): provisional"}},
	}
	for _, k := range kinds {
		for _, tc := range []struct {
			name         string
			mine, theirs edit
			want         any
			conflict     bool
		}{
			{name: "only mine", mine: k.mine, want: k.mineValue},
			{name: "only theirs", theirs: k.theirs, want: k.theirValue},
			{name: "both same", mine: k.mine, theirs: k.mine, want: k.mineValue},
			{name: "both different", mine: k.mine, theirs: k.theirs, want: k.mineValue, conflict: true},
		} {
			t.Run(k.name+"/"+tc.name, func(t *testing.T) {
				base, theirs, mine := mergeBase(), clone(mergeBase()), clone(mergeBase())
				theirs.Version = 4
				// The form carries no figure ids: mine's figures have none.
				for i := range mine.Figures {
					mine.Figures[i].ID = 0
				}
				if tc.theirs != nil {
					tc.theirs(&theirs)
				}
				if tc.mine != nil {
					tc.mine(&mine)
				}
				merged, conflicts := timeline.MergeEvents(&base, theirs, mine)
				if got := k.check(merged); !reflect.DeepEqual(got, tc.want) {
					t.Errorf("merged %v, want %v", got, tc.want)
				}
				if merged.Version != 4 {
					t.Errorf("merged version %d, want theirs (4)", merged.Version)
				}
				if !tc.conflict {
					if len(conflicts) != 0 {
						t.Fatalf("conflicts %+v, want none", conflicts)
					}
					return
				}
				if len(conflicts) != 1 || conflicts[0].Field != k.conflict {
					t.Fatalf("conflicts %+v, want one on %s", conflicts, k.conflict)
				}
				if conflicts[0].Theirs == conflicts[0].Mine || conflicts[0].Label == "" {
					t.Errorf("the conflict does not show both sides: %+v", conflicts[0])
				}
				kept := timeline.KeepTheirs(merged, theirs, conflicts[0].Field)
				if got := k.check(kept); !reflect.DeepEqual(got, k.theirValue) {
					t.Errorf("keeping theirs gives %v, want %v", got, k.theirValue)
				}
			})
		}
	}

	// Elements of one list changed on both sides, each a different one:
	// both changes apply.
	t.Run("lists/both sides, different elements", func(t *testing.T) {
		base, theirs, mine := mergeBase(), clone(mergeBase()), clone(mergeBase())
		theirs.Actors = append(theirs.Actors, timeline.EventActor{Actor: timeline.Actor{Slug: "nld"}, Role: "target"})
		mine.Actors = mine.Actors[:1] // police removed
		theirs.Citations = append(theirs.Citations, timeline.Citation{Source: other})
		mine.Citations[0].Note = "the toll"
		theirs.Figures = nil
		mine.Figures = append(mine.Figures, timeline.Figure{Metric: "detained", Value: 10, Qualifier: timeline.QualifierExact,
			Scope: timeline.ScopeEvent, AsOf: date("2021-03-28"), Source: timeline.Source{ID: 9}})
		merged, conflicts := timeline.MergeEvents(&base, theirs, mine)
		if len(conflicts) != 0 {
			t.Fatalf("conflicts %+v", conflicts)
		}
		var actors, sources, figures []string
		for _, a := range merged.Actors {
			actors = append(actors, a.Actor.Slug)
		}
		for _, c := range merged.Citations {
			sources = append(sources, c.Source.Title+":"+c.Note)
		}
		for _, f := range merged.Figures {
			figures = append(figures, f.Metric)
		}
		if want := []string{"tatmadaw", "nld"}; !reflect.DeepEqual(actors, want) {
			t.Errorf("actors %v, want %v", actors, want)
		}
		if want := []string{"Report:the toll", "Other:"}; !reflect.DeepEqual(sources, want) {
			t.Errorf("sources %v, want %v", sources, want)
		}
		if want := []string{"detained"}; !reflect.DeepEqual(figures, want) {
			t.Errorf("figures %v, want %v", figures, want)
		}
	})

	// Without the starting version every difference needs a choice.
	t.Run("no base", func(t *testing.T) {
		theirs, mine := mergeBase(), mergeBase()
		mine.Title = "Mine"
		_, conflicts := timeline.MergeEvents(nil, theirs, mine)
		if len(conflicts) != 1 || conflicts[0].Field != "title" {
			t.Fatalf("conflicts %+v, want title", conflicts)
		}
	})
}

func clone(e timeline.Event) timeline.Event {
	e.Actors = append([]timeline.EventActor(nil), e.Actors...)
	e.Citations = append([]timeline.Citation(nil), e.Citations...)
	e.Figures = append([]timeline.Figure(nil), e.Figures...)
	return e
}
