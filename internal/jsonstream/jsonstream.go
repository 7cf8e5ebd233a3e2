// Package jsonstream writes a JSON document whose one array field is too
// large to hold in memory (the events of an export): the rest of the
// document is encoded whole, the array one element at a time, and the bytes
// are those an encoder indenting by one space would write for the whole
// document at once.
package jsonstream

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
)

// Write writes frame, a top-level object encoded with indent " " in which
// field is an empty array ("field": []), with that array's elements taken
// from elements: each emitted element is one JSON value (compact or not),
// indented as an element of a top-level field's array.
func Write(w io.Writer, frame []byte, field string, elements func(emit func(element []byte) error) error) error {
	empty := []byte(fmt.Sprintf("%q: []", field))
	head, tail, ok := bytes.Cut(frame, empty)
	if !ok {
		return fmt.Errorf("no empty %q array in the document", field)
	}
	if _, err := w.Write(head); err != nil {
		return err
	}
	if _, err := w.Write(empty[:len(empty)-1]); err != nil { // `"field": [`
		return err
	}
	var indented bytes.Buffer
	n := 0
	err := elements(func(element []byte) error {
		indented.Reset()
		// Two levels deep: an element of the top-level object's array.
		if err := json.Indent(&indented, bytes.TrimSpace(element), "  ", " "); err != nil {
			return err
		}
		sep := ",\n  "
		if n == 0 {
			sep = "\n  "
		}
		n++
		if _, err := io.WriteString(w, sep); err != nil {
			return err
		}
		_, err := w.Write(indented.Bytes())
		return err
	})
	if err != nil {
		return err
	}
	closing := "]"
	if n > 0 {
		closing = "\n ]"
	}
	if _, err := io.WriteString(w, closing); err != nil {
		return err
	}
	_, err = w.Write(tail)
	return err
}
