package web

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"path"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/labstack/echo/v4"

	"annals/internal/auth"
	"annals/internal/i18n"
	"annals/internal/importer"
	"annals/internal/timeline"
	"annals/views"
)

// The staff upload import: GET /staff/import shows the form; POST stages
// the file (kept in staged_imports) and redirects to its preview,
// GET /staff/import?staged=ID, a dry run that writes nothing; POST
// /staff/import/confirm imports the staged file in one transaction, once.
// It is the pipeline of `annals import` (cmd/annals): importer.Parse, then
// store.ImportDocument as a dry run, then for real.

// ImportStore is what the import pages need.
type ImportStore interface {
	KnownCategories(ctx context.Context) ([]timeline.Category, error)
	KnownActors(ctx context.Context) ([]timeline.Actor, error)
	ImportDocument(ctx context.Context, doc timeline.Document, opt timeline.ImportOptions) (timeline.ImportResult, error)
	StageImport(ctx context.Context, in timeline.StagedImport) (int64, error)
	StagedImport(ctx context.Context, id, userID int64) (timeline.StagedImport, error)
	SetStagedOptions(ctx context.Context, id, userID int64, format string, options json.RawMessage) error
	ConfirmStagedImport(ctx context.Context, id, userID int64,
		run func(timeline.StagedImport) (timeline.ImportResult, error)) (timeline.ImportResult, error)
	EventsBySlug(ctx context.Context, slugs []string) (map[string]timeline.ImportedEvent, error)
}

// importBodyLimit is the largest upload request: the file limit and room
// for the form's other fields and the multipart framing.
const importBodyLimit = importer.MaxBytes + 1<<20

// importRowsShown is how many rows a preview lists in full; beyond it only
// rows with problems or notes are listed, the rest are counted.
const importRowsShown = 1000

// importRoute registers an import page for editors. Unlike the other staff
// routes, the request body is limited (and a multipart upload parsed)
// before the CSRF check reads the form, so a file over the limit is refused
// without being read into memory or onto disk.
func (s *Server) importRoute(method, p string, h echo.HandlerFunc) {
	s.echo.Add(method, "/staff"+p, h, noStore, echo.WrapMiddleware(s.sessions.LoadAndSave), s.loadUser,
		s.requireRole(auth.RoleEditor), allowLongImport, s.limitImportBody, s.csrf)
	s.staffRoles = append(s.staffRoles, StaffRoute{Method: method, Path: "/staff" + p, Role: auth.RoleEditor})
}

// importDeadline replaces the server's 2-minute read and write timeouts on
// the import routes only: a 20 MB upload over a slow connection, or the
// preview and import of 50,000 rows on a busy server, can take longer, and
// the person must see the outcome rather than a dropped connection.
const importDeadline = 15 * time.Minute

func allowLongImport(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		rc := http.NewResponseController(c.Response())
		until := time.Now().Add(importDeadline)
		// Servers without deadlines (tests' httptest) answer ErrNotSupported.
		if err := rc.SetReadDeadline(until); err != nil && !errors.Is(err, http.ErrNotSupported) {
			return fmt.Errorf("extend read deadline: %w", err)
		}
		if err := rc.SetWriteDeadline(until); err != nil && !errors.Is(err, http.ErrNotSupported) {
			return fmt.Errorf("extend write deadline: %w", err)
		}
		return next(c)
	}
}

// importChoices are the upload form's options, kept with the staged file.
type importChoices struct {
	Timeline      string `json:"timeline,omitempty"`
	Title         string `json:"title,omitempty"`
	Category      string `json:"category,omitempty"`
	NewCategories bool   `json:"new_categories,omitempty"`
	Publish       bool   `json:"publish,omitempty"`
}

var formatLabels = map[importer.Format]string{
	importer.FormatNative:        "annals/v1 JSON",
	importer.FormatCSV:           "Annals CSV",
	importer.FormatTimelineJS:    "TimelineJS JSON",
	importer.FormatTimelineSheet: "TimelineJS sheet (CSV)",
}

func formatChoices(ctx context.Context) []views.Choice {
	out := []views.Choice{{Value: "", Label: views.T(ctx, "staff.import.detect")}}
	for _, f := range importer.Formats {
		out = append(out, views.Choice{Value: string(f), Label: formatLabels[f]})
	}
	return out
}

// mayPublish reports whether u may publish events on import.
func mayPublish(u auth.User) bool { return u.Can(auth.RoleReviewer) }

// readImportChoices reads the options of the form; Publish only counts for
// an account that may publish.
func readImportChoices(c echo.Context) (string, importChoices, []string) {
	var errs []string
	format := strings.TrimSpace(c.FormValue("format"))
	if format != "" {
		if _, ok := formatLabels[importer.Format(format)]; !ok {
			errs = append(errs, tr(c, "staff.import.badformat", format))
		}
	}
	ch := importChoices{
		Timeline:      strings.TrimSpace(c.FormValue("timeline")),
		Title:         strings.TrimSpace(c.FormValue("title")),
		Category:      strings.TrimSpace(c.FormValue("category")),
		NewCategories: c.FormValue("new_categories") != "",
		Publish:       c.FormValue("publish") != "" && mayPublish(currentUser(c)),
	}
	if len(ch.Timeline) > 200 || len(ch.Title) > 500 || len(ch.Category) > 200 {
		errs = append(errs, tr(c, "staff.import.tooshort"))
	}
	return format, ch, errs
}

func (s *Server) importOptions(ctx context.Context, u auth.User, format string, ch importChoices) (views.ImportOptions, error) {
	o := views.ImportOptions{Form: views.ImportForm{Format: format, Timeline: ch.Timeline, Title: ch.Title,
		Category: ch.Category, NewCategories: ch.NewCategories, Publish: ch.Publish},
		Formats: formatChoices(ctx), CanPublish: mayPublish(u)}
	tls, err := s.store.AllTimelines(ctx)
	if err != nil {
		return o, err
	}
	for _, t := range tls {
		o.Timelines = append(o.Timelines, views.Choice{Value: t.Slug, Label: t.Title})
	}
	cats, err := s.store.KnownCategories(ctx)
	if err != nil {
		return o, err
	}
	for _, c := range cats {
		o.Categories = append(o.Categories, views.Choice{Value: c.Slug, Label: c.Name})
	}
	return o, nil
}

// importForm renders the upload form with status, errors and a notice.
func (s *Server) importForm(c echo.Context, status int, format string, ch importChoices, errs []string, notice string) error {
	u := currentUser(c)
	opts, err := s.importOptions(c.Request().Context(), u, format, ch)
	if err != nil {
		return err
	}
	page := views.ImportFormPage{Meta: s.staffMeta(c, tr(c, "staff.import.heading"), "Import"), Options: opts, MaxMB: importer.MaxBytes >> 20,
		Errors: errs, Notice: notice}
	if notice != "" {
		page.EventsURL = "/staff/events"
	}
	return render(c, status, views.StaffImportForm(page))
}

// limitImportBody refuses an upload over the limit before anything reads
// it, and parses a multipart body within the limit (to disk beyond 8 MB),
// so the CSRF check and the handler find the form already read.
func (s *Server) limitImportBody(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		r := c.Request()
		if r.Method != http.MethodPost {
			return next(c)
		}
		if r.ContentLength > importBodyLimit {
			// Read (and drop) a moderately larger body, so the browser gets
			// to show this answer instead of a broken connection.
			_, _ = io.CopyN(io.Discard, r.Body, 4*importBodyLimit)
			return s.importTooLarge(c, r.ContentLength)
		}
		r.Body = http.MaxBytesReader(c.Response(), r.Body, importBodyLimit)
		err := r.ParseMultipartForm(8 << 20)
		var tooBig *http.MaxBytesError
		switch {
		case err == nil, errors.Is(err, http.ErrNotMultipart):
		case errors.As(err, &tooBig):
			return s.importTooLarge(c, -1)
		default:
			return timeline.Errorf(timeline.EINVALID, "%s", tr(c, "staff.import.unreadable", err.Error()))
		}
		return next(c)
	}
}

// tooLargeMessage says the file is over the limit and what to do.
func tooLargeMessage(c echo.Context, size int64) string {
	if size > 0 {
		return tr(c, "staff.import.toolarge.size", decimal(c, float64(size)/(1<<20)), importer.MaxBytes>>20)
	}
	return tr(c, "staff.import.toolarge", importer.MaxBytes>>20)
}

// decimal writes x with one decimal in the page's digits: "1.5".
func decimal(c echo.Context, x float64) string {
	return i18n.Digits(langOf(c), strconv.FormatFloat(x, 'f', 1, 64))
}

func (s *Server) importTooLarge(c echo.Context, size int64) error {
	return s.importForm(c, http.StatusRequestEntityTooLarge, "", importChoices{}, []string{tooLargeMessage(c, size)}, "")
}

// importPage is the upload form, or with ?staged=ID the preview of an upload.
func (s *Server) importPage(c echo.Context) error {
	staged := c.QueryParam("staged")
	if staged == "" {
		return s.importForm(c, statusOK, "", importChoices{}, nil, "")
	}
	id, err := strconv.ParseInt(staged, 10, 64)
	if err != nil || id <= 0 {
		return timeline.Errorf(timeline.ENOTFOUND, "There is no such upload.")
	}
	st, err := s.store.StagedImport(c.Request().Context(), id, currentUser(c).ID)
	if timeline.ErrorCode(err) == timeline.ENOTFOUND {
		return s.importForm(c, http.StatusGone, "", importChoices{}, nil, timeline.ErrorMessage(err))
	}
	if err != nil {
		return err
	}
	return s.importPreview(c, st)
}

// uploadImport stages an uploaded file, or (with a staged id and no file)
// changes the options of one already staged, and shows its preview.
func (s *Server) uploadImport(c echo.Context) error {
	ctx := c.Request().Context()
	u := currentUser(c)
	format, ch, errs := readImportChoices(c)
	options, err := json.Marshal(ch)
	if err != nil {
		return err
	}
	fh, ferr := c.FormFile("file")
	if ferr != nil && !errors.Is(ferr, http.ErrMissingFile) && !errors.Is(ferr, http.ErrNotMultipart) {
		return timeline.Errorf(timeline.EINVALID, "%s", tr(c, "staff.import.notread", ferr.Error()))
	}
	if fh == nil {
		if staged := c.FormValue("staged"); staged != "" {
			id, err := strconv.ParseInt(staged, 10, 64)
			if err != nil || id <= 0 {
				return timeline.Errorf(timeline.ENOTFOUND, "There is no such upload.")
			}
			if len(errs) == 0 {
				err = s.store.SetStagedOptions(ctx, id, u.ID, format, options)
				if timeline.ErrorCode(err) == timeline.ENOTFOUND {
					return s.importForm(c, http.StatusGone, format, ch, nil, timeline.ErrorMessage(err))
				}
				if err != nil {
					return err
				}
			}
			if len(errs) > 0 {
				return s.importForm(c, http.StatusBadRequest, format, ch, errs, "")
			}
			return c.Redirect(http.StatusSeeOther, "/staff/import?staged="+strconv.FormatInt(id, 10))
		}
		errs = append(errs, tr(c, "staff.import.choosefile"))
	}
	if fh != nil && fh.Size > importer.MaxBytes {
		return s.importTooLarge(c, fh.Size)
	}
	if len(errs) > 0 {
		return s.importForm(c, http.StatusBadRequest, format, ch, errs, "")
	}
	f, err := fh.Open()
	if err != nil {
		return fmt.Errorf("open the uploaded file: %w", err)
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, importer.MaxBytes+1))
	if err != nil {
		return fmt.Errorf("read the uploaded file: %w", err)
	}
	if len(data) > importer.MaxBytes {
		return s.importTooLarge(c, int64(len(data)))
	}
	if len(data) == 0 {
		return s.importForm(c, http.StatusBadRequest, format, ch, []string{tr(c, "staff.import.empty")}, "")
	}
	id, err := s.store.StageImport(ctx, timeline.StagedImport{UserID: u.ID, Filename: uploadName(fh.Filename),
		Format: format, Options: options, Data: data})
	if err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, "/staff/import?staged="+strconv.FormatInt(id, 10))
}

// uploadName is the base name of an uploaded file, at most 255 bytes.
func uploadName(name string) string {
	name = path.Base(strings.ReplaceAll(name, `\`, "/"))
	name = strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f {
			return -1
		}
		return r
	}, strings.ToValidUTF8(name, ""))
	for len(name) > 255 {
		_, size := utf8.DecodeLastRuneInString(name)
		name = name[:len(name)-size]
	}
	if name == "" || name == "." || name == "/" {
		name = "upload"
	}
	return name
}

// parsedImport is a staged file read with its options.
type parsedImport struct {
	doc     timeline.Document
	rep     *importer.Report
	choices importChoices
	err     error // the file's problems (a *timeline.ValidationError), also in rep
}

// parseStaged reads a staged file as the CLI does: with the categories and
// actors already in the database, in the chosen or detected format.
func (s *Server) parseStaged(ctx context.Context, st timeline.StagedImport) (parsedImport, error) {
	var p parsedImport
	if err := json.Unmarshal(st.Options, &p.choices); err != nil {
		return p, fmt.Errorf("read the options of upload %d: %w", st.ID, err)
	}
	opt := importer.Options{Publish: p.choices.Publish, NewCategories: p.choices.NewCategories,
		DefaultCategory: p.choices.Category}
	opt.Timeline.Slug, opt.Timeline.Title = p.choices.Timeline, p.choices.Title
	var err error
	if opt.Categories, err = s.store.KnownCategories(ctx); err != nil {
		return p, err
	}
	if opt.Actors, err = s.store.KnownActors(ctx); err != nil {
		return p, err
	}
	if st.Format != "" {
		p.doc, p.rep, p.err = importer.ParseFormat(importer.Format(st.Format), st.Filename, st.Data, opt)
	} else {
		p.doc, p.rep, p.err = importer.Parse(st.Filename, st.Data, opt)
	}
	return p, nil
}

// importOptionsFor is how an upload is written: by the signed-in account,
// as drafts unless it chose (and may) publish; an existing timeline only
// takes what the file or the form gives on purpose.
func importOptionsFor(u auth.User, st timeline.StagedImport, p parsedImport, dryRun bool) timeline.ImportOptions {
	return timeline.ImportOptions{Author: u.DisplayName(), AuthorID: u.ID, Reason: "upload of " + st.Filename + " on /staff/import",
		DryRun: dryRun, Drafts: !(p.choices.Publish && mayPublish(u)), TimelineFields: p.rep.TimelineFields}
}

// timelineChanges are the changes an import makes to its timeline, as the
// report shows them (as TimelineChange.String says in English).
func timelineChanges(c echo.Context, res timeline.ImportResult) []string {
	var out []string
	for _, ch := range res.Timeline.Changes {
		field := ch.Field
		if l, ok := i18n.Messages().Lookup(langOf(c), "staff.diff.f."+ch.Field); ok && langOf(c) != i18n.Default {
			field = l
		}
		out = append(out, tr(c, "staff.import.tlchange", field, ch.Old, ch.New))
	}
	return out
}

// importTimelineLabel names the import's timeline as it is now, when it
// exists: the file's title may not be the one it keeps.
func importTimelineLabel(c echo.Context, t timeline.Timeline, existing []views.Choice) string {
	for _, ch := range existing {
		if ch.Value == t.Slug && t.Slug != "" {
			return timelineLabel(c, timeline.Timeline{Slug: t.Slug, Title: ch.Label})
		}
	}
	return timelineLabel(c, t)
}

func importTotals(c echo.Context, rep *importer.Report, preview bool) []views.ImportTotal {
	var out []views.ImportTotal
	add := func(o importer.Outcome, label string) {
		// Creates and updates are counted even when none, unless the file
		// has problems: then the dry run did not run and nobody knows.
		if n := rep.Count(o); n > 0 || rep.OK() && (o == importer.OutcomeCreate || o == importer.OutcomeUpdate) {
			out = append(out, views.ImportTotal{Key: string(o), Label: label, Count: n})
		}
	}
	if preview {
		add(importer.OutcomeCreate, tr(c, "staff.import.total.tocreate"))
		add(importer.OutcomeUpdate, tr(c, "staff.import.total.toupdate"))
		add(importer.OutcomeUnchanged, tr(c, "staff.import.total.alreadyin"))
		add(importer.OutcomeValid, tr(c, "staff.import.total.valid"))
		add(importer.OutcomeRejected, tr(c, "staff.import.outcome.rejected"))
	} else {
		add(importer.OutcomeCreate, tr(c, "staff.import.outcome.create"))
		add(importer.OutcomeUpdate, tr(c, "staff.import.outcome.update"))
		add(importer.OutcomeUnchanged, tr(c, "staff.import.outcome.unchanged"))
	}
	add(importer.OutcomeSkipped, tr(c, "staff.import.total.skipped"))
	return out
}

func sourceCounts(c echo.Context, res timeline.ImportResult, preview bool) string {
	if res.SourcesCreated == 0 && res.SourcesUpdated == 0 {
		return ""
	}
	if preview {
		return tr(c, "staff.import.sources.preview", res.SourcesCreated, res.SourcesUpdated)
	}
	return tr(c, "staff.import.sources.done", res.SourcesCreated, res.SourcesUpdated)
}

// importProblems are the file's problems (or warnings) as the page lists
// them: where, in the page's language (a column by the editor's label when
// it has one), and what, through the catalogue when the problem has a key.
func importProblems(c echo.Context, list []importer.Problem) []views.ImportProblem {
	out := make([]views.ImportProblem, 0, len(list))
	for _, p := range list {
		var where []string
		if p.Row > 0 {
			where = append(where, tr(c, "staff.import.where.row", p.Row))
		}
		if p.Event != "" {
			where = append(where, tr(c, "staff.import.where.event", p.Event))
		}
		if len(where) == 0 {
			where = append(where, tr(c, "staff.import.where.file"))
		}
		if p.Column != "" {
			where = append(where, tr(c, "staff.import.where.column", importColumn(c, p.Column)))
		}
		out = append(out, views.ImportProblem{Row: p.Row, Where: strings.Join(where, tr(c, "field.sep")), Column: p.Column,
			Message: importProblemText(c, p)})
	}
	return out
}

// importProblemText is a problem of the file in the page's language.
func importProblemText(c echo.Context, p importer.Problem) string {
	return problemText(c.Request().Context(), timeline.Problem{Message: p.Message, Key: p.Key, Args: p.Args})
}

// importColumn names a column: as the file has it on English pages (people
// match it with their spreadsheet), by the editor's label otherwise, with
// the file's name after it.
func importColumn(c echo.Context, column string) string {
	if langOf(c) == i18n.Default {
		return column
	}
	if l := fieldLabel(c.Request().Context(), column); l != strings.ReplaceAll(column, "_", " ") {
		return l + " (" + column + ")"
	}
	return column
}

// importRows lists the report's rows: all of them for a file of ordinary
// size; for a large one, those with problems or notes and the first few.
func importRows(c echo.Context, rep *importer.Report, events map[string]timeline.ImportedEvent, done bool) ([]views.ImportRow, int) {
	problems := map[int][]string{}
	for _, p := range rep.Problems {
		if p.Row > 0 {
			msg := importProblemText(c, p)
			if p.Column != "" {
				msg = importColumn(c, p.Column) + ": " + msg
			}
			problems[p.Row] = append(problems[p.Row], msg)
		}
	}
	var out []views.ImportRow
	more, plain := 0, 0
	for _, r := range rep.Rows {
		notable := len(problems[r.Row]) > 0 || r.Note != ""
		if len(rep.Rows) > importRowsShown && !notable {
			if plain >= importRowsShown/5 {
				more++
				continue
			}
			plain++
		}
		row := views.ImportRow{Row: r.Row, Outcome: string(r.Outcome), OutcomeLabel: tr(c, "staff.import.outcome."+string(r.Outcome)),
			Title: r.Title, Slug: r.Event, Note: importNote(c, r.Note), Problems: problems[r.Row]}
		if row.Title == "" {
			row.Title = tr(c, "staff.import.noheadline")
		}
		if e, ok := events[r.Event]; ok && r.Event != "" {
			row.URL = fmt.Sprintf("/staff/events/%d", e.ID)
			if done {
				row.Status = string(e.Status)
			}
		}
		out = append(out, row)
	}
	return out, more
}

func importSlugs(rep *importer.Report) []string {
	var slugs []string
	for _, r := range rep.Rows {
		if r.Event != "" {
			slugs = append(slugs, r.Event)
		}
	}
	return slugs
}

// importNotes are the notes the importer writes on skipped rows, by their
// English.
var importNotes = map[string]string{"empty row": "staff.import.note.empty",
	"title slide: sets the timeline's title and summary": "staff.import.note.titleslide",
	"era: a named period of the timeline":                "staff.import.note.era"}

// importNote is a row's note in the page's language when it is one the
// importer writes, else as it is.
func importNote(c echo.Context, note string) string {
	if key, ok := importNotes[note]; ok {
		return tr(c, key)
	}
	return note
}

func timelineLabel(c echo.Context, t timeline.Timeline) string {
	if t.Slug == "" {
		return tr(c, "staff.import.tl.fromfile")
	}
	if t.Title != "" {
		return tr(c, "staff.import.tl.titled", t.Slug, t.Title)
	}
	return tr(c, "staff.import.tl.slug", t.Slug)
}

// importPreview parses a staged file, runs its import as a dry run and
// shows what would happen. Nothing is written.
func (s *Server) importPreview(c echo.Context, st timeline.StagedImport) error {
	ctx := c.Request().Context()
	u := currentUser(c)
	p, err := s.parseStaged(ctx, st)
	if err != nil {
		return err
	}
	rep := p.rep
	var res timeline.ImportResult
	if p.err == nil {
		res, err = s.store.ImportDocument(ctx, p.doc, importOptionsFor(u, st, p, true))
		switch {
		case err == nil:
			rep.Renamed(res.Renamed)
			rep.NewMetrics(res.NewMetrics)
			rep.Apply(res.Outcomes())
		case timeline.ErrorCode(err) == timeline.EINTERNAL:
			return err
		default: // refused by the store: held for review, or a constraint
			rep.Refused(err)
		}
	}
	events, err := s.store.EventsBySlug(ctx, importSlugs(rep))
	if err != nil {
		return err
	}
	opts, err := s.importOptions(ctx, u, st.Format, p.choices)
	if err != nil {
		return err
	}
	format := formatLabels[rep.Format]
	if format == "" {
		format = tr(c, "staff.import.unknownformat")
	}
	page := views.ImportPreviewPage{Meta: s.staffMeta(c, tr(c, "staff.import.checktitle", st.Filename), "Import"), StagedID: st.ID,
		Filename: st.Filename, Size: byteSize(c, int64(len(st.Data))), SHA256: st.SHA256, Format: format,
		Timeline: importTimelineLabel(c, p.doc.Timeline, opts.Timelines), TimelineChanges: timelineChanges(c, res),
		Totals: importTotals(c, rep, true), Sources: sourceCounts(c, res, true),
		Problems: importProblems(c, rep.Problems), Warnings: importProblems(c, rep.Warnings),
		ToImport: rep.Count(importer.OutcomeCreate) + rep.Count(importer.OutcomeUpdate),
		Publish:  p.choices.Publish && mayPublish(u), Options: opts}
	if p.err != nil {
		page.Timeline = timelineLabel(c, timeline.Timeline{Slug: p.choices.Timeline})
	}
	page.CanImport = len(rep.Problems) == 0 && page.ToImport > 0
	page.Rows, page.MoreRows = importRows(c, rep, events, false)
	for _, r := range rep.Rows {
		if e, ok := events[r.Event]; ok && r.Outcome == importer.OutcomeUpdate && e.Status == timeline.StatusPublished {
			page.PublishedUpdates++
		}
	}
	status := statusOK
	if len(rep.Problems) > 0 {
		status = http.StatusUnprocessableEntity
	}
	return render(c, status, views.StaffImportPreview(page))
}

// confirmImport imports a staged file for real, once: in one transaction,
// with a revision for every event and source it creates or changes.
func (s *Server) confirmImport(c echo.Context) error {
	ctx := c.Request().Context()
	u := currentUser(c)
	id, err := strconv.ParseInt(c.FormValue("staged"), 10, 64)
	if err != nil || id <= 0 {
		return timeline.Errorf(timeline.EINVALID, "%s", tr(c, "staff.import.nostaged"))
	}
	var (
		parsed parsedImport
		staged timeline.StagedImport
	)
	res, err := s.store.ConfirmStagedImport(ctx, id, u.ID, func(st timeline.StagedImport) (timeline.ImportResult, error) {
		staged = st
		p, err := s.parseStaged(ctx, st)
		if err != nil {
			return timeline.ImportResult{}, err
		}
		parsed = p
		if p.err != nil {
			return timeline.ImportResult{}, p.err
		}
		return s.store.ImportDocument(ctx, p.doc, importOptionsFor(u, st, p, false))
	})
	switch code := timeline.ErrorCode(err); {
	case err == nil:
	case code == timeline.ENOTFOUND:
		return s.importForm(c, http.StatusGone, "", importChoices{}, nil, timeline.ErrorMessage(err))
	case code == timeline.ECONFLICT:
		return s.importForm(c, http.StatusConflict, "", importChoices{}, nil, timeline.ErrorMessage(err))
	case code == timeline.EINVALID:
		// Something changed since the preview (a category was renamed):
		// the preview shows the problems now found; nothing was imported.
		s.flash(c, tr(c, "staff.flash.importstale"))
		return c.Redirect(http.StatusSeeOther, "/staff/import?staged="+strconv.FormatInt(id, 10))
	default:
		return err
	}
	rep := parsed.rep
	rep.Renamed(res.Renamed)
	rep.NewMetrics(res.NewMetrics)
	rep.Apply(res.Outcomes())
	events, err := s.store.EventsBySlug(ctx, importSlugs(rep))
	if err != nil {
		return err
	}
	publish := parsed.choices.Publish && mayPublish(u)
	var timelines []views.Choice // as they are after the import
	tls, err := s.store.AllTimelines(ctx)
	if err != nil {
		return err
	}
	for _, t := range tls {
		timelines = append(timelines, views.Choice{Value: t.Slug, Label: t.Title})
	}
	page := views.ImportDonePage{Meta: s.staffMeta(c, tr(c, "staff.import.donetitle", staged.Filename), "Import"), Filename: staged.Filename,
		Timeline: importTimelineLabel(c, parsed.doc.Timeline, timelines), TimelineChanges: timelineChanges(c, res),
		Totals: importTotals(c, rep, false), Sources: sourceCounts(c, res, false),
		Publish: publish, EventsURL: "/staff/events?status=draft"}
	if publish {
		page.EventsURL = "/staff/events?status=published"
		if parsed.doc.Timeline.Visibility != timeline.VisibilityInternal {
			page.TimelineURL = "/t/" + url.PathEscape(parsed.doc.Timeline.Slug)
		}
	}
	page.Rows, page.MoreRows = importRows(c, rep, events, true)
	return render(c, statusOK, views.StaffImportDone(page))
}
