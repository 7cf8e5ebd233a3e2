package views

import (
	"strconv"

	"annals/internal/i18n"
)

// View models of the staff pages (/staff/...). Like the public models they
// are page-shaped and already formatted; the staff views never query.

// StaffMeta is what every staff page's frame needs.
type StaffMeta struct {
	Title string
	User  string // signed-in account's name; empty on the sign-in page
	Role  string
	CSRF  string // token for every form that changes something
	Nav   []NavLink
	Flash string // a one-time message ("Saved as draft.")
	// Zawgyi, when set, asks whether to convert fields that look Zawgyi (zawgyi.templ).
	Zawgyi *ZawgyiNotice
}

// NavLink is an entry of a navigation list.
type NavLink struct {
	Label   string
	URL     string
	Current bool
	Count   int
}

// LoginPage is the sign-in form.
type LoginPage struct {
	Meta  StaffMeta
	Email string
	Next  string
	Error string
}

// DashboardPage is the staff home.
type DashboardPage struct {
	Meta      StaffMeta
	Drafts    []EventRow
	InReview  []EventRow
	Recent    []EventRow
	CanReview bool
}

// EventRow is an event in a staff list.
type EventRow struct {
	ID          int64
	URL         string
	Title       string
	Status      string // draft, in_review, published, retracted
	StatusLabel string
	Pending     string // "edit in review" etc., when a published event has a pending edit
	Internal    bool
	Updated     string
	UpdatedBy   string
	Start       string // the event's date
	Pick        string // the bulk checkbox's value: id:version
}

// EventListPage lists events: searched, filtered, sorted and paged by GET
// parameters, with checkboxes for bulk actions.
type EventListPage struct {
	Meta      StaffMeta
	Heading   string
	Action    string // the list's own path, for the filter form
	Filters   []NavLink
	Rows      []EventRow
	Query     EventListQuery
	ErrorList []string
	// The filter form's choices.
	Statuses, Timelines, Categories, Authors, Sorts []Choice
	ShowStatus                                      bool // the review queue is only work in review
	NextURL                                         string
	FirstURL                                        string // the first page, when this is a later one
	// Bulk actions the account may take, and the timelines to add to.
	BulkSteps     []Choice
	BulkTimelines []Choice
	ReturnTo      string // this page, to come back to after a bulk action
}

// EventListQuery is what an events list was asked for, as typed.
type EventListQuery struct {
	Q, Status, Timeline, Category, Author, From, To, Sort string
	Mine                                                  bool // needs my review
}

// Filtered says a filter or order other than the search is set, so the
// form shows them open.
func (q EventListQuery) Filtered() bool {
	return q.Status != "" || q.Timeline != "" || q.Category != "" || q.Author != "" || q.From != "" || q.To != "" ||
		q.Sort != "" || q.Mine
}

// BulkReportPage says what a bulk action did to each event.
type BulkReportPage struct {
	Meta    StaffMeta
	Step    string
	Done    []BulkRow
	Refused []BulkRow
	BackURL string
}

// BulkRow is one event of a bulk report.
type BulkRow struct {
	ID     int64
	URL    string
	Title  string
	Reason string // why it was refused
}

// Choice is one option of a select, radio group or checkbox list.
type Choice struct {
	Value, Label string
	Selected     bool
}

// EventForm is what the editor's form holds: exactly what was typed, so a
// form with errors comes back with nothing lost.
type EventForm struct {
	Slug, Title, Summary    string
	Start, End              string
	StartTime, EndTime      string // "14:30" or ""
	Category                string
	PlaceName, PlaceCountry string
	Lat, Lon                string
	Internal                bool
	Actors                  []ActorRow
	Citations               []CitationRow
	Figures                 []FigureRow
	Media                   []MediaRow
	Timelines               []string
	Reason                  string
	// SourceQuery finds sources in the library for the source lists.
	SourceQuery string
	// ActorQuery finds actors for the actor lists.
	ActorQuery string
	// Propose is the editor's propose form: a new category, actor or
	// place, proposed without leaving the draft.
	Propose ProposeForm
}

// ProposeForm is what the editor's propose fields hold.
type ProposeForm struct {
	Category                string
	Actor, ActorKind        string
	PlaceName, PlaceCountry string
	PlaceLat, PlaceLon      string
}

// ActorRow is one actor line of the editor.
type ActorRow struct{ Slug, Role string }

// CitationRow is one source line of the editor: a library source (SourceID)
// or a new source typed in.
type CitationRow struct {
	SourceID                               string
	URL, Title, Publisher, Published, Kind string
	ArchiveURL, Language                   string
	Confidential                           bool
	Locator, Note                          string
}

// MediaRow is one image or video line of the editor: an uploaded image
// (Upload, the name the upload form gave) or a link (URL).
type MediaRow struct {
	Kind, URL, Upload, Caption, Credit, Alt string
	Sensitive                               bool
	Preview                                 string // a small width of an upload, for staff
}

// FigureRow is one count line of the editor. Source is a library source id
// or "row:N" for the editor's citation row N.
type FigureRow struct {
	Metric, Value, Qualifier, Scope, AsOf, Source, Attribution, Note string
}

// EventEditPage is the event editor.
type EventEditPage struct {
	Meta        StaffMeta
	Heading     string
	Action      string // form action
	EventID     int64
	Version     int
	Status      string // label of the work's status
	Notice      string // e.g. "Edit of a published event: the public sees the published version until this is published."
	Form        EventForm
	Errors      map[string]string
	ErrorList   []string
	PreviewHTML string
	Conflict    *ConflictView

	Categories []Choice
	ActorList  []Choice // actors offered: the ones chosen, and what ActorQuery found
	ActorMore  bool     // there are more actors than offered: search to find them
	ActorRoles []Choice
	Library    []Choice // sources offered: the ones cited, and what SourceQuery found
	// LibraryMore says the library holds more sources than the lists
	// offer: search to find them.
	LibraryMore bool
	Kinds       []Choice
	Qualifiers  []Choice
	Metrics     []Choice // the metrics list (/staff/metrics)
	Scopes      []Choice
	Timelines   []Choice
	NewEvent    bool
	ActorKinds  []Choice // for the propose form
	// ItemNotes say which proposed or rejected items the work cites.
	ItemNotes []string

	// SourceSuggest and ActorSuggest are what the pickers found for
	// SourceQuery and ActorQuery.
	SourceSuggest PickerList
	ActorSuggest  PickerList

	Comments   []CommentView
	HistoryURL string
	ReviewURL  string
	PublicURL  string
	Workflow   []WorkflowAction
	// TimelinesURL is where an editor changes which timelines show the
	// event (at once, even when published); empty for others.
	TimelinesURL string
	// FigureHistory links to the history of each published figure.
	FigureHistory []Link
	// Translations lists the event's translations (staff_translations.go);
	// nil for a new event.
	Translations *TranslationSummary
}

// ConflictView explains a save that met changes saved meanwhile: what
// merged by itself is already in the form; each field both sides changed
// differently is listed with both values and a choice.
type ConflictView struct {
	Message      string
	TheirVersion int
	BaseVersion  int // the version the person started from
	Fields       []ConflictChoice
}

// ConflictChoice is one field both sides changed: keep theirs or mine.
// In text, the words that differ are marked.
type ConflictChoice struct {
	Field, Label string
	Theirs, Mine []WordRun
}

// DiffRow is one field (or actor, source, figure) compared between two
// versions, labelled in staff words.
type DiffRow struct {
	Label    string
	Changed  bool
	Old, New []WordRun // the earlier and later value; changed words marked
}

// WordRun is a run of text; Mark is "del", "ins" or empty.
type WordRun struct{ Text, Mark string }

// WorkflowAction is a button that moves an event through review.
type WorkflowAction struct {
	Label       string
	URL         string
	Version     int
	NeedsReason bool // shows a reason box (required for send back and retract)
	ReasonLabel string
	Danger      bool
	Note        string // why it is not available, when Disabled
	Disabled    bool
}

// CommentView is a review comment.
type CommentView struct{ Author, When, Body string }

// ReviewPage shows work in review, with its diff against the published version.
type ReviewPage struct {
	Meta     StaffMeta
	Title    string
	EventID  int64
	EditURL  string
	Status   string
	Preview  EventCard
	Sources  []SourceEntry
	Diff     []DiffRow // published vs. proposed; empty for a new event
	IsEdit   bool
	Workflow []WorkflowAction
	Comments []CommentView
	// Cited lists every source in full, confidential ones included, for
	// the reviewer to check (the preview shows what the public will see).
	Cited []CitedSource
}

// CitedSource is a citation as staff see it.
type CitedSource struct {
	Title, Publisher, Date, URL, ArchiveURL, Kind string
	Confidential                                  bool
	Locator, Note                                 string
	HistoryURL                                    string
}

// HistoryPage lists revisions and compares two.
type HistoryPage struct {
	Meta        StaffMeta
	Heading     string
	BackURL     string
	Action      string // GET form that picks two revisions
	Revisions   []RevisionRow
	A, B        int64
	Compare     string // "version 3 → version 5"
	Diff        []DiffRow
	Notes       []string // about the versions compared: "Pending edit of a published event"
	OnlyChanged bool
}

// RevisionRow is one revision in a history list.
type RevisionRow struct {
	ID             int64
	Version        int
	Action         string
	Author         string
	When           string
	Reason         string
	RestoreURL     string // empty when it cannot be restored by this person
	CurrentVersion int
}

// SourceListPage is the source library.
type SourceListPage struct {
	Meta    StaffMeta
	Rows    []SourceRow
	CanEdit bool
	Query   string // what the list is narrowed to
	NextURL string // the next page; empty on the last
	// Filters and order, as asked, and their choices.
	Kind, Confidential, Sort string
	Unused                   bool
	Kinds, Sorts             []Choice
	ErrorList                []string
	FirstURL                 string
}

// SourceRow is a source in the library list.
type SourceRow struct {
	ID           int64
	EditURL      string
	HistoryURL   string
	Title        string
	Publisher    string
	URL          string
	Date         string
	Kind         string
	Confidential bool
	Uses         int
}

// SourceEditPage edits a library source.
type SourceEditPage struct {
	Meta       StaffMeta
	ID         int64
	Version    int
	Form       CitationRow
	Reason     string
	Errors     map[string]string
	ErrorList  []string
	Kinds      []Choice
	HistoryURL string
	Uses       int
	Conflict   string
}

// DuplicatesPage lists sources that share a normalised URL.
type DuplicatesPage struct {
	Meta   StaffMeta
	Groups []DuplicateGroup
}

// DuplicateGroup is one set of duplicates.
type DuplicateGroup struct {
	NormURL string
	Sources []SourceRow
}

// CatalogPage manages categories, actors or timelines: a list and a form.
type CatalogPage struct {
	Meta      StaffMeta
	Heading   string
	Kind      string // "category", "actor", "timeline"
	Action    string
	Rows      []CatalogRow
	Form      CatalogForm
	Errors    map[string]string
	ErrorList []string
	Kinds     []Choice // actor kinds
	// Search, filter and order of actors and categories (not timelines).
	Searchable          bool
	Query, Filter, Sort string
	Sorts               []Choice
	NextURL, FirstURL   string
	ListErrors          []string
}

// CatalogRow is one category, actor or timeline.
type CatalogRow struct {
	Slug, Name, Detail string
	New                bool   // a metric added by an import or the API, not yet reviewed
	Uses               string // events that name it, for actors and categories
}

// CatalogForm is the create-or-edit form of a catalog page.
type CatalogForm struct {
	Slug, Name, Kind, Note, Summary, Language string
	Unit                                      string // a metric's
	Internal                                  bool
	// Names are a metric's names in the readers' other languages.
	Names []CatalogName
}

// CatalogName is a metric's name in one of the readers' languages.
type CatalogName struct {
	Lang, Label, Value string
}

// UsersPage manages staff accounts.
type UsersPage struct {
	Meta           StaffMeta
	Rows           []UserRow
	Roles          []Choice
	Form           UserForm
	Errors         map[string]string
	ErrorList      []string
	NewPassword    string // shown once after creating or resetting
	NewPasswordFor string
}

// UserRow is one account.
type UserRow struct {
	ID         int64
	Email      string
	Name       string
	Role       string
	Disabled   bool
	LastSignIn string
	// SecondFactor: the account has an authenticator app or a passkey.
	SecondFactor bool
	Self         bool
	URL          string
	Roles        []Choice
}

// UserForm creates an account.
type UserForm struct{ Email, Name, Role string }

// SettingsPage holds site settings.
type SettingsPage struct {
	Meta             StaffMeta
	AllowSelfPublish bool
	// PublicCaptures shows captures' screenshots and text on public source
	// pages (setting public_captures); otherwise only their hash.
	PublicCaptures  bool
	FromEnvironment bool
	// SecondFactorAll requires a second factor of every account;
	// SecondFactorRoles, of the roles checked.
	SecondFactorAll   bool
	SecondFactorRoles []Choice
}

func i64(n int64) string { return strconv.FormatInt(n, 10) }

// metricChoices is the metrics list, with current added where it is not
// listed (a figure saved before its metric was renamed away), so editing
// an event never changes a figure's metric unasked.
func metricChoices(list []Choice, current string) []Choice {
	if current == "" {
		return list
	}
	for _, c := range list {
		if c.Value == current {
			return list
		}
	}
	return append(append([]Choice(nil), list...), Choice{Value: current, Label: current + " (not in the list)"})
}

// Dir is the writing direction of the name's language.
func (n CatalogName) Dir() string { return i18n.Dir(n.Lang) }
