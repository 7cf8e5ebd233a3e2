package timeline

import (
	"fmt"
	"time"
)

// Document is one timeline with everything it needs: the unit that is
// imported and exported. Events refer to categories and actors by slug.
type Document struct {
	Timeline   Timeline
	Categories []Category
	Actors     []Actor
	Events     []Event
	// Eras are the timeline's named periods, oldest first.
	Eras []Era
	// ChainHead, when set, is the record's chain head the export was made
	// at. Imports ignore it.
	ChainHead *ChainHead
	// MediaBase, when set, is the site's address: exports write an
	// uploaded image as the public address of its largest width under it.
	MediaBase string
	// KeepMedia says the file's format carries no media (the Annals CSV):
	// importing it keeps the images and videos events already have.
	KeepMedia bool
}

// ChainHead is the head of the record's chain of revisions (see the
// staff docs, "The record's chain"): the last revision, its chain hash, how
// many revisions the chain holds, and when that revision was written.
type ChainHead struct {
	Revision  int64
	SHA256    string // hex
	Revisions int64
	At        time.Time
}

// Validate checks every item and the references between them, and returns
// all problems at once.
func (d Document) Validate() error {
	p := NewProblems("")
	p.Merge(d.Timeline.Validate())
	cats := map[string]bool{}
	for i, c := range d.Categories {
		if cats[c.Slug] {
			p.AddMsg(fmt.Sprintf("categories[%d]", i), "problem.category.twice", "category %q is listed twice", c.Slug)
		}
		cats[c.Slug] = true
		p.Merge(c.Validate())
	}
	actors := map[string]bool{}
	for i, a := range d.Actors {
		if actors[a.Slug] {
			p.AddMsg(fmt.Sprintf("actors[%d]", i), "problem.actor.twice", "actor %q is listed twice", a.Slug)
		}
		actors[a.Slug] = true
		p.Merge(a.Validate())
	}
	events := map[string]bool{}
	for i, e := range d.Events {
		ep := NewProblems(EventItem(e.Slug))
		if events[e.Slug] {
			ep.AddMsg("slug", "problem.event.twice", "event %q is listed twice (events[%d])", e.Slug, i)
		}
		events[e.Slug] = true
		if e.Category.Slug != "" && !cats[e.Category.Slug] {
			ep.AddMsg("category", "problem.category.notinfile", "%q is not a category of this file", e.Category.Slug)
		}
		for j, a := range e.Actors {
			if !actors[a.Actor.Slug] {
				ep.AddMsg(fmt.Sprintf("actors[%d]", j), "problem.actor.notinfile", "%q is not an actor of this file", a.Actor.Slug)
			}
		}
		p.Merge(e.Validate())
		p.Merge(ep.Err())
	}
	validateEras(p, d.Eras)
	return p.Err()
}

// EventSeq walks events in order, calling yield with each until it returns
// an error, which the walk returns. A sequence may be walked more than
// once, giving the same events each time.
type EventSeq func(yield func(Event) error) error

// PublicSnapshot is what one consistent read of a public timeline saw: the
// timeline, its fingerprint digest (Fingerprint.Digest) and the revision
// chain's head, all at the moment its events were read.
type PublicSnapshot struct {
	Timeline  Timeline
	Digest    string
	ChainHead ChainHead
}
