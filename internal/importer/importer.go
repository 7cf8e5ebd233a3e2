// Package importer reads the files teams bring to Annals - the native
// annals/v1 JSON, the native CSV, TimelineJS JSON and the TimelineJS Google
// Sheets template saved as CSV - into a timeline.Document, with a report of
// every row's outcome and every problem (row, column, what is wrong).
//
// It does no I/O beyond reading the bytes it is given. An import is a
// pipeline the CLI and the staff upload page share:
//
//	doc, rep, err := importer.Parse(name, data, opt)   // parse + validate, row by row
//	res, err := store.ImportDocument(ctx, doc, postgres.ImportOptions{DryRun: true})
//	rep.Apply(res.Outcomes())                           // create / update / unchanged per row
//	... show rep; then import for real without DryRun.
package importer

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/gosimple/unidecode"

	"annals/internal/timeline"
)

// Format names a file format the importer reads.
type Format string

const (
	FormatNative        Format = "annals/v1"       // native JSON
	FormatCSV           Format = "annals-csv"      // native CSV, one row per event
	FormatTimelineJS    Format = "timelinejs-json" // TimelineJS JSON
	FormatTimelineSheet Format = "timelinejs-csv"  // TimelineJS Google Sheets template, saved as CSV
)

// Formats lists every format, for help texts.
var Formats = []Format{FormatNative, FormatCSV, FormatTimelineJS, FormatTimelineSheet}

// Limits: a bigger file is refused with a clear message before any work.
const (
	MaxBytes = 20 << 20
	MaxRows  = 50000
)

// Options tell the importer what it cannot read from every file.
type Options struct {
	// Timeline gives the slug, title and language of the timeline when the
	// file does not carry them (CSV formats; TimelineJS files without a
	// title slide). Empty fields are derived from the file name.
	// A Title given here is the person's choice: it names the timeline even
	// when the file has a title slide, and renames an existing timeline.
	Timeline timeline.Timeline
	// Categories and Actors already in the database: a row may name them by
	// slug without defining them. The caller loads them from the store.
	Categories []timeline.Category
	Actors     []timeline.Actor
	// NewCategories lets a TimelineJS Group (or Tag) that is not a known
	// category create one; otherwise it is a problem.
	NewCategories bool
	// DefaultCategory is the category slug of TimelineJS rows with no group.
	DefaultCategory string
	// Publish marks every imported event published. Otherwise events from
	// TimelineJS files are drafts, and native files keep their status.
	Publish bool
}

// Outcome is what happens to one row.
type Outcome string

const (
	OutcomeValid     Outcome = "valid"     // parsed; not yet compared with the database
	OutcomeRejected  Outcome = "rejected"  // has problems; nothing is imported while any row has
	OutcomeSkipped   Outcome = "skipped"   // not an event (a title row, an era, an empty row)
	OutcomeCreate    Outcome = "create"    // will be (or was) created
	OutcomeUpdate    Outcome = "update"    // will be (or was) changed
	OutcomeUnchanged Outcome = "unchanged" // already in the database as the file says
)

// Row is one row (CSV) or slide (JSON) of the file and what becomes of it.
type Row struct {
	Row     int    // 1-based: the spreadsheet row (the header is row 1), or the slide number
	Event   string // slug of the event it becomes
	Title   string
	Outcome Outcome
	Note    string // why a row is skipped
}

// Problem is one thing wrong with the file. Row 0 is the file as a whole.
type Problem struct {
	Row     int
	Event   string // the event's slug, when the file names it (annals/v1)
	Column  string
	Message string // in English
	Key     string // the catalogue key of Message when it has one (see timeline.Problem)
	Args    []any
}

// item is where the problem is: `row 3`, or `row 3, event "coup"`.
func (p Problem) item() string {
	s := ""
	if p.Row > 0 {
		s = fmt.Sprintf("row %d", p.Row)
	}
	if p.Event != "" {
		s = strings.TrimPrefix(s+", event "+strconv.Quote(p.Event), ", ")
	}
	return s
}

func (p Problem) String() string {
	var b strings.Builder
	if item := p.item(); item != "" {
		b.WriteString(item + ": ")
	}
	if p.Column != "" {
		b.WriteString(p.Column + ": ")
	}
	b.WriteString(p.Message)
	return b.String()
}

// Report is the row-by-row account of an import.
type Report struct {
	Format   Format
	Rows     []Row
	Problems []Problem // any problem stops the whole import
	Warnings []Problem // what was left out or changed, not stopping it
	// FileStatus is true when the file gives each event's status (annals/v1,
	// a CSV with a status column). Otherwise the events are drafts, and
	// events already in the database should keep their status
	// (postgres.ImportOptions.Drafts).
	FileStatus bool
	// TimelineFields are the fields of the timeline the file or the person
	// gave on purpose (an annals/v1 timeline object, a title typed with the
	// import): only these change a timeline that already exists
	// (postgres.ImportOptions.TimelineFields). The rest are defaults, used
	// for a new timeline only.
	TimelineFields []string
}

func (r *Report) problem(row int, column, format string, args ...any) {
	r.Problems = append(r.Problems, Problem{Row: row, Column: column, Message: fmt.Sprintf(format, args...)})
}

// problemMsg records a problem the catalogue can translate (see
// timeline.Msgf).
func (r *Report) problemMsg(row int, column, key, format string, args ...any) {
	m := timeline.Msgf(key, format, args...)
	r.Problems = append(r.Problems, Problem{Row: row, Column: column, Message: m.Text, Key: m.Key, Args: m.Args})
}

// uploadLabel is a label of the upload page that a problem names: key is
// its catalogue key (the page's own), label its English.
func uploadLabel(key, label string) *timeline.Message { return timeline.Msgf(key, label) }

// problemErr records err as a problem, keeping its catalogue key when it
// has one.
func (r *Report) problemErr(row int, column string, err error) {
	if m, ok := err.(*timeline.Message); ok {
		r.Problems = append(r.Problems, Problem{Row: row, Column: column, Message: m.Text, Key: m.Key, Args: m.Args})
		return
	}
	r.problem(row, column, "%s", err)
}

func (r *Report) warn(row int, column, format string, args ...any) {
	r.Warnings = append(r.Warnings, Problem{Row: row, Column: column, Message: fmt.Sprintf(format, args...)})
}

// warnMsg records a warning the catalogue can translate (see problemMsg).
func (r *Report) warnMsg(row int, column, key, format string, args ...any) {
	m := timeline.Msgf(key, format, args...)
	r.Warnings = append(r.Warnings, Problem{Row: row, Column: column, Message: m.Text, Key: m.Key, Args: m.Args})
}

// OK reports whether the file can be imported.
func (r *Report) OK() bool { return len(r.Problems) == 0 }

// Err returns the problems as a *timeline.ValidationError (item "row N",
// field the column), or nil.
func (r *Report) Err() error {
	if len(r.Problems) == 0 {
		return nil
	}
	v := &timeline.ValidationError{}
	for _, p := range r.Problems {
		v.Problems = append(v.Problems, timeline.Problem{Item: p.item(), Field: p.Column, Message: p.Message})
	}
	return v
}

// Apply records what the database will do (or did) with each event, from a
// dry run or an import: slug -> create, update or unchanged.
func (r *Report) Apply(outcomes map[string]string) {
	for i, row := range r.Rows {
		if o, ok := outcomes[row.Event]; ok && row.Outcome == OutcomeValid {
			r.Rows[i].Outcome = Outcome(o)
		}
	}
}

// Renamed moves the rows of events the store gave another slug (their own
// belongs to an event on another timeline) to that slug, with the reason.
// Call it before Apply.
func (r *Report) Renamed(list []timeline.Renamed) {
	for _, rn := range list {
		for i, row := range r.Rows {
			if row.Event == rn.From && row.Outcome == OutcomeValid {
				r.Rows[i].Event = rn.To
				r.Rows[i].Note = strings.TrimPrefix(row.Note+"; "+rn.Note, "; ")
			}
		}
	}
}

// NewMetrics warns of the metrics an import adds to the metrics list, so
// that "arrested" beside "detained" is a choice and not an accident.
func (r *Report) NewMetrics(slugs []string) {
	for _, m := range slugs {
		r.warnMsg(0, "metric", "problem.import.newmetric", "%q is not in the metrics list: the import adds it, marked new on /staff/metrics for an editor to check it is not another metric under a new name", m)
	}
}

// Refused adds what the store refused when importing (err from
// ImportDocument) to the report: each problem on the row of the event it
// names, or on no row.
func (r *Report) Refused(err error) {
	var v *timeline.ValidationError
	if !errors.As(err, &v) {
		r.Problems = append(r.Problems, Problem{Message: timeline.ErrorMessage(err)})
		return
	}
	rows := map[string]Row{}
	for _, row := range r.Rows {
		rows[timeline.EventItem(row.Event)] = row
	}
	for _, p := range v.Problems {
		pr := Problem{Column: p.Field, Message: p.Message, Key: p.Key, Args: p.Args}
		if row, ok := rows[p.Item]; ok {
			pr.Row, pr.Event = row.Row, row.Event
		} else if p.Item != "" {
			pr.Message, pr.Key, pr.Args = p.Item+": "+p.Message, "", nil
		}
		r.Problems = append(r.Problems, pr)
	}
}

// Count returns how many rows have outcome o.
func (r *Report) Count(o Outcome) int {
	n := 0
	for _, row := range r.Rows {
		if row.Outcome == o {
			n++
		}
	}
	return n
}

// finish marks rows with problems rejected and sorts problems by row.
func (r *Report) finish() {
	bad := map[int]bool{}
	for _, p := range r.Problems {
		bad[p.Row] = true
	}
	for i := range r.Rows {
		if bad[r.Rows[i].Row] && r.Rows[i].Outcome == OutcomeValid {
			r.Rows[i].Outcome = OutcomeRejected
		}
	}
	sort.SliceStable(r.Problems, func(i, j int) bool { return r.Problems[i].Row < r.Problems[j].Row })
	sort.SliceStable(r.Warnings, func(i, j int) bool { return r.Warnings[i].Row < r.Warnings[j].Row })
}

// Detect names the format of a file from its name and its first bytes.
func Detect(name string, data []byte) (Format, error) {
	data = bytes.TrimPrefix(data, utf8BOM)
	trimmed := bytes.TrimLeft(data, " \t\r\n")
	ext := strings.ToLower(filepath.Ext(name))
	isJSON := ext == ".json" || (ext != ".csv" && len(trimmed) > 0 && trimmed[0] == '{')
	if isJSON {
		format, ok := topLevelFormat(trimmed)
		if !ok {
			// Not JSON that can be read: guess from the start, so the
			// parser of the format it was meant to be names the problem.
			head := trimmed[:min(len(trimmed), 4096)]
			format = ""
			if m := headFormat.FindSubmatch(head); m != nil {
				format = string(m[1])
			}
		}
		if strings.HasPrefix(format, "annals/backup-") {
			// Reached from the staff upload page: the command line sends
			// backups to the restore before it gets here.
			return "", timeline.Errorf(timeline.EINVALID,
				"%s is a full Annals backup, not a timeline file: restore it into an empty database with `annals import %s` on the server", filepath.Base(name), filepath.Base(name))
		}
		if format == string(FormatNative) {
			return FormatNative, nil
		}
		return FormatTimelineJS, nil
	}
	line := trimmed
	if i := bytes.IndexByte(line, '\n'); i >= 0 {
		line = line[:i]
	}
	header := strings.ToLower(string(line))
	switch {
	case strings.Contains(header, "headline") || strings.Contains(header, "start date") || strings.Contains(header, "year"):
		return FormatTimelineSheet, nil
	case strings.Contains(header, "title") && strings.Contains(header, "start"):
		return FormatCSV, nil
	}
	return "", timeline.Errorf(timeline.EINVALID,
		"cannot tell the format of %s: expected annals/v1 JSON, TimelineJS JSON, the TimelineJS sheet as CSV (with a Headline column) or the Annals CSV (with title and start columns)", filepath.Base(name))
}

// headFormat finds a "format" of Annals' own in JSON that cannot be decoded.
var headFormat = regexp.MustCompile(`"format"\s*:\s*"(annals/[a-z0-9-]+)"`)

// topLevelFormat returns the "format" member of the JSON object data, and
// false when data is not a JSON object. Only the top level counts: a
// TimelineJS date has a "format" of its own ("mmmm d, yyyy").
func topLevelFormat(data []byte) (string, bool) {
	dec := json.NewDecoder(bytes.NewReader(data))
	if t, err := dec.Token(); err != nil || t != json.Delim('{') {
		return "", false
	}
	for dec.More() {
		key, err := dec.Token()
		if err != nil {
			return "", false
		}
		var value json.RawMessage
		if err := dec.Decode(&value); err != nil {
			return "", false
		}
		if key == "format" {
			var s string
			_ = json.Unmarshal(value, &s)
			return s, true
		}
	}
	return "", true
}

// Parse reads a file of any format (detected from name and content) into a
// Document. The report is always returned; err is a *timeline.ValidationError
// listing every problem when any row has one, and then the Document must not
// be imported.
func Parse(name string, data []byte, opt Options) (timeline.Document, *Report, error) {
	if len(data) > MaxBytes {
		rep := &Report{}
		rep.problemMsg(0, "", "problem.import.size", "the file is %.1f MB; the limit is %d MB: split it into smaller files", float64(len(data))/(1<<20), MaxBytes>>20)
		return timeline.Document{}, rep, rep.Err()
	}
	f, err := Detect(name, data)
	if err != nil {
		rep := &Report{}
		rep.problem(0, "", "%s", timeline.ErrorMessage(err))
		return timeline.Document{}, rep, rep.Err()
	}
	return ParseFormat(f, name, data, opt)
}

// ParseFormat reads a file of a known format.
func ParseFormat(f Format, name string, data []byte, opt Options) (timeline.Document, *Report, error) {
	rep := &Report{Format: f}
	if len(data) > MaxBytes {
		rep.problemMsg(0, "", "problem.import.size", "the file is %.1f MB; the limit is %d MB: split it into smaller files", float64(len(data))/(1<<20), MaxBytes>>20)
		return timeline.Document{}, rep, rep.Err()
	}
	if !utf8.Valid(data) {
		rep.problemMsg(0, "", "problem.import.utf8", "the file is not UTF-8 text: save it as UTF-8 (in a spreadsheet: CSV UTF-8)")
		return timeline.Document{}, rep, rep.Err()
	}
	data = bytes.TrimPrefix(data, utf8BOM)
	if opt.Timeline.Slug == "" {
		opt.Timeline.Slug = Slugify(strings.TrimSuffix(filepath.Base(name), filepath.Ext(name)))
	}
	var doc timeline.Document
	switch f {
	case FormatNative:
		doc = parseNative(data, opt, rep)
	case FormatCSV:
		doc = parseCSV(data, opt, rep)
		doc.KeepMedia = true
	case FormatTimelineJS:
		doc = parseTimelineJSON(data, opt, rep)
	case FormatTimelineSheet:
		doc = parseSheet(data, opt, rep)
	default:
		rep.problem(0, "", "unknown format %q", f)
	}
	if f != FormatNative && opt.Timeline.Title != "" {
		rep.TimelineFields = []string{"title"}
	}
	if rep.OK() {
		// A last check of the whole document, so nothing invalid is ever
		// handed on, even where a parser missed a rule.
		problemsOf(doc.Validate(), 0, "", rep)
		flagZawgyi(doc, rep)
	}
	rep.finish()
	if err := rep.Err(); err != nil {
		return timeline.Document{}, rep, err
	}
	return doc, rep, nil
}

var utf8BOM = []byte("\xef\xbb\xbf")

var nonSlug = regexp.MustCompile(`[^a-z0-9]+`)

// Slugify makes a slug from a title: "Coup d'état, 1 Feb" -> "coup-d-etat-1-feb".
// Letters of the Latin, Greek and Cyrillic scripts are transliterated to
// ASCII (unidecode); other scripts are left out, as their transliterations
// are not words a reader would know, so a title in Burmese script gives "".
func Slugify(s string) string {
	var b strings.Builder
	for _, c := range s {
		switch {
		case c < utf8.RuneSelf:
			b.WriteRune(c)
		case unicode.In(c, unicode.Latin, unicode.Greek, unicode.Cyrillic):
			b.WriteString(unidecode.Unidecode(string(c)))
		default:
			b.WriteByte(' ')
		}
	}
	s = nonSlug.ReplaceAllString(strings.ToLower(b.String()), "-")
	s = strings.Trim(s, "-")
	if len(s) > 80 {
		s = strings.TrimRight(s[:80], "-")
	}
	return s
}

// contentSlug is the slug of an event whose title gives none (a title in
// Burmese script): made from the title and start date, not the row number,
// so re-importing the file finds the same event and row 5 of another file
// never updates an unrelated event that happened to be row 5 before.
func contentSlug(title, start string) string {
	sum := sha256.Sum256([]byte(strings.TrimSpace(title) + "\x00" + strings.TrimSpace(start)))
	return "event-" + hex.EncodeToString(sum[:5])
}

// slugs hands out unique slugs within one file.
type slugs map[string]int

// unique returns want, or want-2, want-3... when taken; fallback is used
// when want is empty.
func (s slugs) unique(want, fallback string) string {
	if want == "" {
		want = fallback
	}
	slug := want
	for n := 2; s[slug] > 0; n++ {
		slug = want + "-" + strconv.Itoa(n)
	}
	s[slug]++
	return slug
}

// categoryIndex finds known categories by slug or (case-insensitive) name.
type categoryIndex struct {
	bySlug, byName map[string]timeline.Category
	used           []timeline.Category
	seen           map[string]bool
}

func newCategoryIndex(known []timeline.Category) *categoryIndex {
	ci := &categoryIndex{bySlug: map[string]timeline.Category{}, byName: map[string]timeline.Category{}, seen: map[string]bool{}}
	for _, c := range known {
		ci.bySlug[c.Slug] = c
		ci.byName[strings.ToLower(c.Name)] = c
	}
	return ci
}

func (ci *categoryIndex) find(s string) (timeline.Category, bool) {
	if c, ok := ci.bySlug[s]; ok {
		return c, true
	}
	c, ok := ci.byName[strings.ToLower(strings.TrimSpace(s))]
	return c, ok
}

// use adds c to the document's categories (once), defining or renaming it.
func (ci *categoryIndex) use(c timeline.Category) {
	ci.bySlug[c.Slug] = c
	ci.byName[strings.ToLower(c.Name)] = c
	if ci.seen[c.Slug] {
		for i := range ci.used {
			if ci.used[i].Slug == c.Slug {
				ci.used[i] = c
			}
		}
		return
	}
	ci.seen[c.Slug] = true
	ci.used = append(ci.used, c)
}

func (ci *categoryIndex) knownList() *timeline.Message {
	var names []string
	for slug := range ci.bySlug {
		names = append(names, slug)
	}
	sort.Strings(names)
	if len(names) == 0 {
		return timeline.Msgf("problem.import.nocategories", "there are no categories yet")
	}
	if len(names) > 12 {
		names = append(names[:12], "...")
	}
	return timeline.Msgf("problem.import.knowncategories", "known categories: %s", strings.Join(names, ", "))
}

// checkEvent validates e and files each problem under its row, in the column
// the field came from.
func checkEvent(e timeline.Event, row int, column func(field string) string, rep *Report) {
	err := e.Validate()
	v, ok := err.(*timeline.ValidationError)
	if !ok {
		if err != nil {
			rep.problemErr(row, "", err)
		}
		return
	}
	// A problem the parser already reported is not reported again in other
	// words: an unreadable start date also leaves "a start date is
	// required", an unknown category "category is required".
	already := map[string]bool{}
	for _, p := range rep.Problems {
		if p.Row == row {
			already[p.Column] = true
		}
	}
	for _, p := range v.Problems {
		col := column(p.Field)
		if already[col] || (p.Field == "end" && e.When.Start.IsZero()) {
			continue
		}
		rep.Problems = append(rep.Problems, Problem{Row: row, Column: col, Message: p.Message, Key: p.Key, Args: p.Args})
	}
}

// problemsOf files err's problems under row and column (or, with no column,
// under the item and field they name) and reports whether there were any.
func problemsOf(err error, row int, column string, rep *Report) bool {
	if err == nil {
		return false
	}
	v, ok := err.(*timeline.ValidationError)
	if !ok {
		rep.problemErr(row, column, err)
		return true
	}
	for _, p := range v.Problems {
		col := column
		if col == "" {
			col = strings.TrimSpace(p.Item + " " + p.Field)
		}
		if column != "" && p.Field != "" {
			if p.Key != "" {
				rep.problemMsg(row, col, "problem.import.field", "%s: %s", p.Field, &timeline.Message{Key: p.Key, Args: p.Args, Text: p.Message})
			} else {
				rep.problem(row, col, "%s", p.Field+": "+p.Message)
			}
			continue
		}
		rep.Problems = append(rep.Problems, Problem{Row: row, Column: col, Message: p.Message, Key: p.Key, Args: p.Args})
	}
	return true
}

// fieldRoot is the first part of a validation field: "sources[1].url" -> "sources".
func fieldRoot(field string) string {
	if i := strings.IndexAny(field, ".["); i >= 0 {
		return field[:i]
	}
	return field
}

// applyStatus sets every event's status when the importer is told to publish.
func applyStatus(doc *timeline.Document, opt Options) {
	if !opt.Publish {
		return
	}
	for i := range doc.Events {
		doc.Events[i].Status = timeline.StatusPublished
	}
}

// finishTimeline fills the timeline's defaults and checks it.
func finishTimeline(t *timeline.Timeline, opt Options, rep *Report) {
	if t.Slug == "" {
		t.Slug = opt.Timeline.Slug
	}
	if opt.Timeline.Title != "" {
		t.Title = opt.Timeline.Title // typed by the person: it wins over a title slide
	}
	if t.Title == "" {
		t.Title = titleFromSlug(t.Slug)
	}
	if t.Language == "" {
		t.Language = or(opt.Timeline.Language, "en")
	}
	if t.Visibility == "" {
		t.Visibility = timeline.Visibility(or(string(opt.Timeline.Visibility), string(timeline.VisibilityPublic)))
	}
	if err := t.Validate(); err != nil {
		if v, ok := err.(*timeline.ValidationError); ok {
			for _, p := range v.Problems {
				rep.Problems = append(rep.Problems, Problem{Column: "timeline " + p.Field, Message: p.Message, Key: p.Key, Args: p.Args})
			}
		}
	}
}

func titleFromSlug(slug string) string {
	s := strings.ReplaceAll(slug, "-", " ")
	if s == "" {
		return ""
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

func or(s, def string) string {
	if s == "" {
		return def
	}
	return s
}
