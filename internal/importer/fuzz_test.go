package importer_test

import (
	"bytes"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"annals/internal/export"
	"annals/internal/importer"
)

// Each importer must never panic, whatever the bytes, and whatever it
// accepts must be a valid document. `go test` runs the seeds; `go test
// -fuzz FuzzCSV ./internal/importer` explores.

func seed(f *testing.F, files ...string) {
	for _, name := range files {
		data, err := os.ReadFile(filepath.Join("testdata", name))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
}

func fuzzFormat(f *testing.F, format importer.Format, check func(*testing.T, []byte)) {
	f.Fuzz(func(t *testing.T, data []byte) {
		opt := importer.Options{Categories: known.Categories, NewCategories: len(data)%2 == 0}
		doc, rep, err := importer.ParseFormat(format, "fuzz", data, opt)
		if rep == nil {
			t.Fatal("no report")
		}
		if err != nil {
			if len(rep.Problems) == 0 {
				t.Fatalf("an error without problems: %v", err)
			}
			return
		}
		if verr := doc.Validate(); verr != nil {
			t.Fatalf("accepted an invalid document: %v", verr)
		}
		if check != nil {
			check(t, data)
		}
	})
}

func FuzzCSV(f *testing.F) {
	seed(f, "events.csv", "problems.csv")
	f.Add([]byte("title,start,end,category,category_name\nA,-0500,0602-03,c,C\n"))
	f.Add([]byte("title,start,category,category_name,sources,figures\nA,2021,c,C,\"x|y\\|z\",\"killed|1|exact|event|2021|https://a.example\"\n"))
	fuzzFormat(f, importer.FormatCSV, func(t *testing.T, data []byte) {
		// What the importer accepts, the export writes back the same way.
		opt := importer.Options{Categories: known.Categories}
		doc, _, err := importer.ParseFormat(importer.FormatCSV, "fuzz", data, opt)
		if err != nil {
			return
		}
		var buf bytes.Buffer
		if err := export.CSV(&buf, doc); err != nil {
			t.Fatal(err)
		}
		again, _, err := importer.ParseFormat(importer.FormatCSV, "fuzz", buf.Bytes(), opt)
		if err != nil {
			t.Fatalf("the export of an accepted file is refused: %v\n%s", err, buf.String())
		}
		if !reflect.DeepEqual(doc.Events, again.Events) {
			t.Fatalf("export changed the events:\n%+v\n%+v\n%s", doc.Events, again.Events, buf.String())
		}
	})
}

func FuzzSheet(f *testing.F) {
	seed(f, "sheet.csv", "sheet-reordered.csv", "sheet-problems.csv", "sheet-old.csv")
	f.Add([]byte("Year,Month,Day,Headline,Media,Media Credit,Group,Background\n\"-2,500,000\",3.0,,Old,//a.example/x,A<br>B,political,\n602,,,Early,/img/x.jpg,,political,#000\n"))
	fuzzFormat(f, importer.FormatTimelineSheet, nil)
}

func FuzzTimelineJSON(f *testing.F) {
	seed(f, "timeline.json", "timeline-problems.json", "knightlab.json")
	f.Add([]byte(`{"events":[{"start_date":{"year":1e400},"text":"x"}]}`))
	fuzzFormat(f, importer.FormatTimelineJS, nil)
}

func FuzzNative(f *testing.F) {
	seed(f, "native-problems.json")
	f.Add([]byte(`{"format":"annals/v1","timeline":{"slug":"a","title":"A"},"categories":[{"slug":"c","name":"C"}],"events":[{"slug":"e","title":"E","start":{"date":"2021"},"category":"c","sources":[]}]}`))
	fuzzFormat(f, importer.FormatNative, nil)
}
