package backup_test

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"annals/internal/backup"
	"annals/internal/timeline"
)

type section struct {
	name string
	cols []string
	rows []string
}

func write(t testing.TB, sections []section) []byte {
	t.Helper()
	var buf bytes.Buffer
	w, err := backup.NewWriter(&buf, backup.Header{Format: backup.Format, Schema: 6})
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range sections {
		if err := w.BeginTable(backup.Table{Name: s.name, Columns: s.cols}); err != nil {
			t.Fatal(err)
		}
		for _, r := range s.rows {
			if err := w.Row([]byte(r)); err != nil {
				t.Fatal(err)
			}
		}
		if n, err := w.EndTable(); err != nil || n != int64(len(s.rows)) {
			t.Fatalf("EndTable: %d, %v", n, err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func read(data []byte) ([]section, backup.Header, error) {
	r, err := backup.NewReader(bytes.NewReader(data))
	if err != nil {
		return nil, backup.Header{}, err
	}
	var out []section
	for {
		tab, ok, err := r.NextTable()
		if err != nil || !ok {
			return out, r.Header, err
		}
		s := section{name: tab.Name, cols: tab.Columns}
		for {
			row, ok, err := r.NextRow()
			if err != nil {
				return out, r.Header, err
			}
			if !ok {
				break
			}
			s.rows = append(s.rows, string(row))
		}
		out = append(out, s)
	}
}

// What the writer writes, the reader reads back, row for row; the document
// is valid JSON with one row a line.
func TestWriteRead(t *testing.T) {
	t.Parallel()
	in := []section{
		{"timelines", []string{"id", "slug"}, []string{`{"id": 1, "slug": "a"}`, `{"id":2,"slug":"b <&> ဗမာ"}`}},
		{"users", []string{"id"}, nil},
		{"settings", []string{"key", "value"}, []string{`{"key":"k","value":"v"}`}},
	}
	data := write(t, in)
	if !json.Valid(data) {
		t.Fatalf("not valid JSON:\n%s", data)
	}
	if format, ok := backup.Detect(data[:40]); !ok || format != backup.Format {
		t.Errorf("Detect on the start of a backup: %q %v", format, ok)
	}
	if !bytes.Contains(data, []byte("\n{\"id\":2,\"slug\":\"b <&> ဗမာ\"},\n")) && !bytes.Contains(data, []byte("\n{\"id\":2,\"slug\":\"b <&> ဗမာ\"}\n")) {
		t.Errorf("rows are not compacted one a line, unescaped:\n%s", data)
	}
	got, h, err := read(data)
	if err != nil {
		t.Fatal(err)
	}
	if h.Format != backup.Format || h.Schema != 6 {
		t.Errorf("header %+v", h)
	}
	if len(got) != len(in) {
		t.Fatalf("read %d sections, wrote %d", len(got), len(in))
	}
	for i := range in {
		if got[i].name != in[i].name || strings.Join(got[i].cols, ",") != strings.Join(in[i].cols, ",") || len(got[i].rows) != len(in[i].rows) {
			t.Errorf("section %d: %+v, want %+v", i, got[i], in[i])
		}
		for j := range in[i].rows {
			var a, b any
			json.Unmarshal([]byte(in[i].rows[j]), &a)
			json.Unmarshal([]byte(got[i].rows[j]), &b)
			if ja, _ := json.Marshal(a); string(ja) != string(must(json.Marshal(b))) {
				t.Errorf("row %d.%d: %s, want %s", i, j, got[i].rows[j], in[i].rows[j])
			}
		}
	}
	if err := write2Rows(); err == nil {
		t.Error("a row that is not an object was written")
	}
}

func must(b []byte, _ error) []byte { return b }

func write2Rows() error {
	w, _ := backup.NewWriter(&bytes.Buffer{}, backup.Header{Format: backup.Format})
	_ = w.BeginTable(backup.Table{Name: "x"})
	return w.Row([]byte(`[1,2]`))
}

func TestDetect(t *testing.T) {
	t.Parallel()
	cases := map[string]string{
		`{"format":"annals/backup-v1","tables":[]}`:   backup.Format,
		" \n{ \"format\" : \"annals/backup-v2\"":      "annals/backup-v2",
		`{"format":"annals/v1","timeline":{}}`:        "",
		`{"timeline":{},"format":"annals/backup-v1"}`: "",
		`{"title":{"text":{}},"events":[]}`:           "",
		"slug,title\n":                                "",
		"":                                            "",
		`["format","annals/backup-v1"]`:               "",
		`{"format":["annals/backup-v1"]}`:             "",
	}
	for in, want := range cases {
		got, ok := backup.Detect([]byte(in))
		if got != want || ok != (want != "") {
			t.Errorf("Detect(%q) = %q %v, want %q", in, got, ok, want)
		}
	}
}

// Every damaged file is an EINVALID error saying what is wrong.
func TestReadDamaged(t *testing.T) {
	t.Parallel()
	good := write(t, []section{{"timelines", []string{"id"}, []string{`{"id":1}`, `{"id":2}`}}})
	cases := map[string]struct {
		data []byte
		want string
	}{
		"empty":          {nil, "ends early"},
		"cut":            {good[:len(good)-4], "truncated"},
		"cut in a row":   {good[:bytes.Index(good, []byte(`{"id":2`))+4], "truncated"},
		"wrong count":    {bytes.Replace(good, []byte(`"count":2`), []byte(`"count":3`), 1), "says it has 3 rows but holds 2"},
		"row not obj":    {bytes.Replace(good, []byte(`{"id":1}`), []byte(`[1]`), 1), "not a JSON object"},
		"format later":   {[]byte(`{"schema":1,"format":"annals/backup-v1","tables":[]}`), "must start with its \"format\""},
		"other format":   {[]byte(`{"format":"annals/v1","tables":[]}`), "not an Annals backup"},
		"newer":          {[]byte(`{"format":"annals/backup-v2","tables":[]}`), "newer Annals"},
		"trailing":       {append(append([]byte(nil), good...), `{"x":1}`...), "follows the end"},
		"bad syntax":     {bytes.Replace(good, []byte(`"rows":[`), []byte(`"rows":[}`), 1), "not valid JSON"},
		"keys reordered": {bytes.Replace(good, []byte(`"table":"timelines","columns":["id"]`), []byte(`"columns":["id"],"table":"timelines"`), 1), `"columns" where "table" belongs`},
	}
	for name, c := range cases {
		_, _, err := read(c.data)
		if timeline.ErrorCode(err) != timeline.EINVALID || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: %v, want EINVALID saying %q", name, err, c.want)
		}
	}
}

// Reading never panics, whatever the bytes.
func FuzzReader(f *testing.F) {
	f.Add(write(f, []section{{"timelines", []string{"id"}, []string{`{"id":1}`}}, {"users", nil, nil}}))
	f.Add([]byte(`{"format":"annals/backup-v1","tables":[{"table":"x","columns":[],"rows":[{}],"count":1}]}`))
	f.Add([]byte(`{"format":"annals/backup-v1"`))
	f.Fuzz(func(t *testing.T, data []byte) {
		backup.Detect(data)
		_, _, _ = read(data)
	})
}
