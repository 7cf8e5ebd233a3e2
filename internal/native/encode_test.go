package native

import (
	"bytes"
	"encoding/json"
	"os"
	"testing"
)

// TestStreamedFileIsTheEncodersFile checks that the events EncodeStream
// writes one at a time are laid out exactly as encoding/json lays out the
// whole file (the format's bytes are part of the round trip), for the demo
// and for a timeline with no events.
func TestStreamedFileIsTheEncodersFile(t *testing.T) {
	data, err := os.ReadFile("../demo/myanmar-2021.json")
	if err != nil {
		t.Fatal(err)
	}
	doc, err := Decode(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	if len(doc.Events) < 2 || len(doc.Eras) == 0 {
		t.Fatalf("the demo has %d events and %d eras", len(doc.Events), len(doc.Eras))
	}
	empty := doc
	empty.Events = nil
	for name, d := range map[string]struct{ events int }{"demo": {len(doc.Events)}, "empty": {0}} {
		in := doc
		if d.events == 0 {
			in = empty
		}
		streamed, err := Encode(in)
		if err != nil {
			t.Fatal(err)
		}
		var f file
		if err := json.Unmarshal(streamed, &f); err != nil {
			t.Fatalf("%s: the streamed file is not JSON: %v", name, err)
		}
		if len(f.Events) != d.events {
			t.Fatalf("%s: %d events written, want %d", name, len(f.Events), d.events)
		}
		var whole bytes.Buffer
		if err := newEncoder(&whole).Encode(f); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(streamed, whole.Bytes()) {
			t.Errorf("%s: streamed bytes differ from the encoder's:\n%s\n---\n%s", name, head(streamed), head(whole.Bytes()))
		}
	}
}

func head(b []byte) []byte {
	i := bytes.Index(b, []byte(`"events"`))
	if i < 0 {
		return b
	}
	return b[i:min(len(b), i+400)]
}
