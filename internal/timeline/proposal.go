package timeline

import (
	"strings"

	"annals/internal/auth"
)

// Proposed actors, categories and places (issue 15): anyone on staff
// proposes one from the event editor and may use it in drafts at once; it
// is public only once an editor accepts it. The database refuses a shown
// event that cites an item not accepted (migration 00031), so no public
// page can show one.

// The states of a category, actor or place.
const (
	ItemProposed = "proposed"
	ItemAccepted = "accepted"
	ItemRejected = "rejected"
)

// ProposalKinds are what can be proposed.
var ProposalKinds = []string{"category", "actor", "place"}

// ReviewProposalRole is the least role that accepts or rejects a proposal:
// the role that keeps the catalogue (categories and actors are an editor's).
const ReviewProposalRole = auth.RoleEditor

// MayReviewProposal is the rule storage refuses with and the staff pages
// show buttons with.
func MayReviewProposal(by auth.User) error {
	if !by.Can(ReviewProposalRole) {
		return Errorf(EFORBIDDEN, "Accepting or rejecting a proposed actor, category or place needs the %s role; your account is a %s.",
			ReviewProposalRole, by.Role)
	}
	return nil
}

// ProposalInput is what the editor's propose form sends.
type ProposalInput struct {
	Kind    string // one of ProposalKinds
	Name    string
	Actor   string // for an actor: one of ActorKinds
	Country string // for a place
	Lat     *float64
	Lon     *float64
}

// Validate checks the input, naming the editor's fields.
func (in ProposalInput) Validate() error {
	p := NewProblems("")
	field := "propose_" + in.Kind + "_name"
	switch in.Kind {
	case "category":
		p.AddErr(field, ValidateText(strings.TrimSpace(in.Name), true, MaxNameLength))
	case "actor":
		p.AddErr(field, ValidateText(strings.TrimSpace(in.Name), true, MaxNameLength))
		if !contains(ActorKinds, in.Actor) {
			p.AddMsg("propose_actor_kind", "problem.actor.kind", "%q is not a kind of actor", in.Actor)
		}
	case "place":
		var q Problems
		Place{Name: strings.TrimSpace(in.Name), Country: in.Country, Lat: in.Lat, Lon: in.Lon}.validate(&q, "place")
		if strings.TrimSpace(in.Name) == "" {
			q.AddMsg("place.name", "problem.place.name", "give the place a name")
		}
		if v, ok := q.Err().(*ValidationError); ok {
			for _, pr := range v.Problems {
				pr.Field = "propose_" + strings.ReplaceAll(pr.Field, ".", "_")
				p.AddProblem(pr)
			}
		}
	default:
		p.AddMsg("propose", "problem.propose.kind", "%q cannot be proposed", in.Kind)
	}
	return p.Err()
}

// Proposal is a proposed (or rejected) item as the review list shows it.
type Proposal struct {
	Kind       string // "category", "actor" or "place"
	ID         int64
	Slug       string // categories and actors
	Name       string
	Detail     string // an actor's kind, a place's country and coordinates
	State      string
	ProposedBy string
	Note       string     // the editor's reason for a rejection
	UsedBy     []EventRef // drafts and pending edits that cite it
	Known      bool       // ProposeItem found it already there
}

// EventRef names an event that uses an item.
type EventRef struct {
	ID    int64
	Title string
}

// ItemNote is an item an event cites that is not accepted: what the
// editor tells its author.
type ItemNote struct {
	Kind, Name, State, Note string
	Field                   string // the editor's field ("category", "actors[1]", "place.name")
}

// Message is what the editor says about the item.
func (n ItemNote) Message() string {
	if n.State == ItemRejected {
		msg := "The " + n.Kind + " “" + n.Name + "” was rejected by an editor"
		if n.Note != "" {
			msg += ": " + n.Note
		}
		return msg + ". Choose another before saving."
	}
	return "The " + n.Kind + " “" + n.Name + "” is proposed: usable in drafts, but the event cannot be published (and the " +
		n.Kind + " is shown nowhere public) until an editor accepts it."
}
