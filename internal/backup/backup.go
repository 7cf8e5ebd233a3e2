// Package backup is the file format of Annals' full staff backup: one JSON
// document holding every table that matters, one section per table, written
// and read as a stream so a large database never has to fit in memory.
//
//	{"format":"annals/backup-v1","schema":3,"about":"...","tables":[
//	{"table":"timelines","columns":["id","slug",...],"rows":[
//	{"id":1,"slug":"myanmar-2021",...},
//	...
//	],"count":12},
//	...
//	]}
//
// Rows are JSON objects keyed by column name, in the order of their primary
// key, so two backups of the same data are byte-identical. "count" after the
// rows lets a reader prove it saw the whole section. Which tables are written
// and how they are read back is internal/postgres's business (backup.go);
// this package only knows the envelope.
package backup

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"annals/internal/timeline"
)

// Format is the value of the "format" field this version writes and reads.
const Format = "annals/backup-v1"

// FormatPrefix starts the format of every Annals backup, of any version.
const FormatPrefix = "annals/backup-"

// About is written into every backup, for a person who opens the file.
const About = "Full backup of an Annals database: every timeline, event, source, figure, pending edit, " +
	"revision, account (without passwords) and setting. Restore it into an empty database with: annals import FILE"

// Header is what a backup says about itself before its tables.
type Header struct {
	Format string
	Schema int64 // the database's migration version when it was written
}

// Table is one section of a backup.
type Table struct {
	Name    string
	Columns []string
}

// Writer writes a backup document to a stream.
type Writer struct {
	w        *bufio.Writer
	buf      bytes.Buffer
	tables   int
	rows     int64
	inTable  bool
	firstRow bool
}

// NewWriter starts a backup document on w.
func NewWriter(w io.Writer, h Header) (*Writer, error) {
	bw := &Writer{w: bufio.NewWriterSize(w, 64<<10)}
	about, _ := json.Marshal(About)
	format, _ := json.Marshal(h.Format)
	_, err := fmt.Fprintf(bw.w, `{"format":%s,"schema":%d,"about":%s,"tables":[`, format, h.Schema, about)
	return bw, err
}

// BeginTable starts a section.
func (w *Writer) BeginTable(t Table) error {
	if w.inTable {
		return errors.New("backup: BeginTable inside a table")
	}
	cols, err := json.Marshal(t.Columns)
	if err != nil {
		return err
	}
	name, _ := json.Marshal(t.Name)
	sep := "\n"
	if w.tables > 0 {
		sep = ",\n"
	}
	w.inTable, w.firstRow, w.rows = true, true, 0
	_, err = fmt.Fprintf(w.w, `%s{"table":%s,"columns":%s,"rows":[`, sep, name, cols)
	return err
}

// Row writes one row: a JSON object, written compacted on its own line.
func (w *Writer) Row(object []byte) error {
	if !w.inTable {
		return errors.New("backup: Row outside a table")
	}
	w.buf.Reset()
	if err := json.Compact(&w.buf, object); err != nil {
		return fmt.Errorf("backup: row %d is not JSON: %w", w.rows+1, err)
	}
	if w.buf.Len() == 0 || w.buf.Bytes()[0] != '{' {
		return fmt.Errorf("backup: row %d is not a JSON object", w.rows+1)
	}
	sep := ",\n"
	if w.firstRow {
		sep, w.firstRow = "\n", false
	}
	if _, err := w.w.WriteString(sep); err != nil {
		return err
	}
	if _, err := w.w.Write(w.buf.Bytes()); err != nil {
		return err
	}
	w.rows++
	return nil
}

// EndTable ends a section with its row count and returns it.
func (w *Writer) EndTable() (int64, error) {
	if !w.inTable {
		return 0, errors.New("backup: EndTable outside a table")
	}
	nl := "\n"
	if w.firstRow {
		nl = ""
	}
	w.inTable = false
	w.tables++
	_, err := fmt.Fprintf(w.w, `%s],"count":%d}`, nl, w.rows)
	return w.rows, err
}

// Close ends the document and flushes it; it does not close the stream.
func (w *Writer) Close() error {
	if w.inTable {
		return errors.New("backup: Close inside a table")
	}
	if _, err := w.w.WriteString("\n]}\n"); err != nil {
		return err
	}
	return w.w.Flush()
}

// Detect reports whether data (the start of a file is enough) is an Annals
// backup, and of which format version. A backup names its format first.
func Detect(data []byte) (string, bool) {
	dec := json.NewDecoder(bytes.NewReader(data))
	if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
		return "", false
	}
	if tok, err := dec.Token(); err != nil || tok != "format" {
		return "", false
	}
	tok, err := dec.Token()
	s, ok := tok.(string)
	if err != nil || !ok || !strings.HasPrefix(s, FormatPrefix) {
		return "", false
	}
	return s, true
}

// Reader reads a backup document from a stream, section by section and row
// by row. Every problem with the file is an EINVALID *timeline.Error saying
// where it is.
type Reader struct {
	dec     *json.Decoder
	Header  Header
	inTable bool
	rows    int64
	table   string
	done    bool
}

// NewReader reads a backup's header, up to its first table.
func NewReader(r io.Reader) (*Reader, error) {
	br := &Reader{dec: json.NewDecoder(bufio.NewReaderSize(r, 64<<10))}
	br.dec.UseNumber()
	if err := br.delim('{', "the start of the backup"); err != nil {
		return nil, err
	}
	key, err := br.key()
	if err != nil {
		return nil, err
	}
	if key != "format" {
		return nil, br.fail("the backup must start with its \"format\", not %q", key)
	}
	if err := br.value(&br.Header.Format); err != nil {
		return nil, err
	}
	if br.Header.Format != Format {
		if strings.HasPrefix(br.Header.Format, FormatPrefix) {
			return nil, timeline.Errorf(timeline.EINVALID,
				"this backup is in format %s, and this version of Annals reads %s: restore it with a newer Annals",
				br.Header.Format, Format)
		}
		return nil, br.fail("format %q is not an Annals backup (%s)", br.Header.Format, Format)
	}
	for {
		key, err := br.key()
		if err != nil {
			return nil, err
		}
		switch key {
		case "tables":
			if err := br.delim('[', `"tables"`); err != nil {
				return nil, err
			}
			return br, nil
		case "schema":
			if err := br.value(&br.Header.Schema); err != nil {
				return nil, err
			}
		default:
			var skip json.RawMessage
			if err := br.value(&skip); err != nil {
				return nil, err
			}
		}
	}
}

// NextTable starts the next section; ok is false after the last one, once
// the whole document has been read.
func (r *Reader) NextTable() (t Table, ok bool, err error) {
	if r.inTable {
		return t, false, fmt.Errorf("backup: NextTable before the rows of %s were read", r.table)
	}
	if r.done {
		return t, false, nil
	}
	if !r.dec.More() {
		if err := r.end(); err != nil {
			return t, false, err
		}
		return t, false, nil
	}
	if err := r.delim('{', "a table"); err != nil {
		return t, false, err
	}
	for _, want := range []string{"table", "columns"} {
		key, err := r.key()
		if err != nil {
			return t, false, err
		}
		if key != want {
			return t, false, r.fail("a table section has %q where %q belongs", key, want)
		}
		var dst any = &t.Name
		if want == "columns" {
			dst = &t.Columns
		}
		if err := r.value(dst); err != nil {
			return t, false, err
		}
	}
	key, err := r.key()
	if err != nil {
		return t, false, err
	}
	if key != "rows" {
		return t, false, r.fail("table %s has %q where \"rows\" belongs", t.Name, key)
	}
	if err := r.delim('[', "the rows of "+t.Name); err != nil {
		return t, false, err
	}
	r.inTable, r.rows, r.table = true, 0, t.Name
	return t, true, nil
}

// NextRow returns the next row of the current section as a JSON object;
// ok is false after its last row, once its count has been checked.
func (r *Reader) NextRow() (row json.RawMessage, ok bool, err error) {
	if !r.inTable {
		return nil, false, errors.New("backup: NextRow outside a table")
	}
	if r.dec.More() {
		if err := r.value(&row); err != nil {
			return nil, false, err
		}
		if len(row) == 0 || row[0] != '{' {
			return nil, false, r.fail("row %d of %s is not a JSON object", r.rows+1, r.table)
		}
		r.rows++
		return row, true, nil
	}
	if err := r.delim(']', "the end of the rows of "+r.table); err != nil {
		return nil, false, err
	}
	key, err := r.key()
	if err != nil {
		return nil, false, err
	}
	if key != "count" {
		return nil, false, r.fail("table %s has %q where \"count\" belongs", r.table, key)
	}
	var count int64
	if err := r.value(&count); err != nil {
		return nil, false, err
	}
	if count != r.rows {
		return nil, false, r.fail("table %s says it has %d rows but holds %d", r.table, count, r.rows)
	}
	if err := r.delim('}', "the end of table "+r.table); err != nil {
		return nil, false, err
	}
	r.inTable = false
	return nil, false, nil
}

// end reads the end of the tables and of the document, and checks that
// nothing follows it.
func (r *Reader) end() error {
	if err := r.delim(']', "the end of the tables"); err != nil {
		return err
	}
	for r.dec.More() {
		if _, err := r.key(); err != nil {
			return err
		}
		var skip json.RawMessage
		if err := r.value(&skip); err != nil {
			return err
		}
	}
	if err := r.delim('}', "the end of the backup"); err != nil {
		return err
	}
	if _, err := r.dec.Token(); !errors.Is(err, io.EOF) {
		return r.fail("something follows the end of the backup")
	}
	r.done = true
	return nil
}

func (r *Reader) delim(d json.Delim, what string) error {
	tok, err := r.dec.Token()
	if err != nil {
		return r.readErr(err)
	}
	if tok != d {
		return r.fail("expected %s (%q), found %v", what, string(d), tok)
	}
	return nil
}

func (r *Reader) key() (string, error) {
	tok, err := r.dec.Token()
	if err != nil {
		return "", r.readErr(err)
	}
	k, ok := tok.(string)
	if !ok {
		return "", r.fail("expected a field name, found %v", tok)
	}
	return k, nil
}

func (r *Reader) value(dst any) error {
	if err := r.dec.Decode(dst); err != nil {
		return r.readErr(err)
	}
	return nil
}

func (r *Reader) readErr(err error) error {
	if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
		where := ""
		if r.inTable {
			where = " in table " + r.table + " after row " + strconv.FormatInt(r.rows, 10)
		}
		return timeline.Errorf(timeline.EINVALID,
			"the backup file ends early, at byte %d%s: it is truncated (an interrupted download or copy?)",
			r.dec.InputOffset(), where)
	}
	var syn *json.SyntaxError
	if errors.As(err, &syn) {
		return timeline.Errorf(timeline.EINVALID, "the backup file is not valid JSON at byte %d: %v", syn.Offset, err)
	}
	var typ *json.UnmarshalTypeError
	if errors.As(err, &typ) {
		return timeline.Errorf(timeline.EINVALID, "the backup file has the wrong kind of value at byte %d: %v", typ.Offset, err)
	}
	return fmt.Errorf("read backup: %w", err)
}

func (r *Reader) fail(format string, args ...any) error {
	return timeline.Errorf(timeline.EINVALID, "the backup file is damaged at byte %d: %s",
		r.dec.InputOffset(), fmt.Sprintf(format, args...))
}
