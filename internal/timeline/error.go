package timeline

import (
	"errors"
	"fmt"
	"strings"
)

// Error codes. The web layer maps each to an HTTP status in one place; only
// EINTERNAL errors are logged, and their cause is never shown to a reader.
const (
	ECONFLICT     = "conflict"
	EINTERNAL     = "internal"
	EINVALID      = "invalid"
	ENOTFOUND     = "not_found"
	EUNAUTHORIZED = "unauthorized"
	EFORBIDDEN    = "forbidden"
	EUNSUPPORTED  = "unsupported" // a kind of request body this address does not take
)

// Error is an error a person may see: a code and a message written for them.
type Error struct {
	Code    string
	Message string   // English: logs, the API, the command line
	Said    *Message // the same through the catalogue, when it has a key
}

func (e *Error) Error() string { return e.Message }

// Errorf returns an *Error with the given code.
func Errorf(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// ErrorMsgf returns an *Error with the given code whose message has a
// catalogue key (key's English text is format), so staff pages can say it
// in the page's language.
func ErrorMsgf(code, key, format string, args ...any) *Error {
	m := Msgf(key, format, args...)
	return &Error{Code: code, Message: m.Text, Said: m}
}

// ErrorCode returns the code of the first *Error or *ValidationError in err's
// chain, and EINTERNAL for anything else.
func ErrorCode(err error) string {
	var e *Error
	var v *ValidationError
	switch {
	case err == nil:
		return ""
	case errors.As(err, &v):
		return EINVALID
	case errors.As(err, &e):
		return e.Code
	}
	return EINTERNAL
}

// ErrorMessage returns the reader-facing message of err, and a generic
// sentence for internal errors so no internals leak.
func ErrorMessage(err error) string {
	var e *Error
	var v *ValidationError
	switch {
	case err == nil:
		return ""
	case errors.As(err, &v):
		return v.Error()
	case errors.As(err, &e):
		return e.Message
	}
	return "Something went wrong on our side. Please try again later."
}

// Problem is one thing wrong with an input: where (Item, Field) and what.
// Message is the English sentence (for logs, the API, the command line);
// Key and Args, when set, say the same through the message catalogue so a
// staff page can show it in its own language.
type Problem struct {
	Item    string // e.g. `event "coup"`, `row 12`; empty for a single record
	Field   string // e.g. "start.date", "sources[1].url"
	Message string
	Key     string // a catalogue key such as "problem.required"; empty when there is none
	Args    []any  // Key's arguments; see Message
}

func (p Problem) String() string {
	var b strings.Builder
	if p.Item != "" {
		b.WriteString(p.Item)
		b.WriteString(": ")
	}
	if p.Field != "" {
		b.WriteString(p.Field)
		b.WriteString(": ")
	}
	b.WriteString(p.Message)
	return b.String()
}

// ValidationError lists every problem found, so a person can fix them all at
// once instead of one per attempt.
type ValidationError struct {
	Problems []Problem
}

func (v *ValidationError) Error() string {
	lines := make([]string, len(v.Problems))
	for i, p := range v.Problems {
		lines[i] = p.String()
	}
	return strings.Join(lines, "; ")
}

// Problems collects problems while validating.
type Problems struct {
	item string
	list []Problem
}

// NewProblems returns a collector whose problems name item.
func NewProblems(item string) *Problems { return &Problems{item: item} }

// EventItem is how a problem names the event it is about: `event "coup"`.
func EventItem(slug string) string { return "event " + quote(slug) }

// Add records a problem with field, in English only.
func (p *Problems) Add(field, format string, args ...any) {
	p.list = append(p.list, Problem{Item: p.item, Field: field, Message: fmt.Sprintf(format, args...)})
}

// AddMsg records a problem with field that the catalogue can translate:
// key's English text is format (a test in internal/i18n holds them equal).
func (p *Problems) AddMsg(field, key, format string, args ...any) {
	m := Msgf(key, format, args...)
	p.list = append(p.list, Problem{Item: p.item, Field: field, Message: m.Text, Key: m.Key, Args: m.Args})
}

// oneOf writes the allowed values of a problem ("a, b, c"); they are
// the record's own words, the same in every language.
func oneOf[T ~string](list []T) string {
	s := make([]string, len(list))
	for i, v := range list {
		s[i] = string(v)
	}
	return strings.Join(s, ", ")
}

// AddErr records err (if any) as a problem with field, keeping its key
// when err is a *Message.
func (p *Problems) AddErr(field string, err error) {
	if err == nil {
		return
	}
	if m, ok := err.(*Message); ok {
		p.list = append(p.list, Problem{Item: p.item, Field: field, Message: m.Text, Key: m.Key, Args: m.Args})
		return
	}
	p.Add(field, "%s", err.Error())
}

// Message is an error whose English text also comes as a catalogue key and
// arguments, so a page in another language can say it in that language.
// Arguments are written for people: a FuzzyDate as Format writes it, a
// TimeOfDay as "14:30", a nested *Message as its text; the catalogue
// (i18n.Catalog.Problem) writes the same in a page's language and digits.
type Message struct {
	Key  string
	Args []any
	Text string // English
}

func (m *Message) Error() string { return m.Text }

// Msgf returns a *Message; format is key's English text.
func Msgf(key, format string, args ...any) *Message {
	english := make([]any, len(args))
	for i, a := range args {
		switch v := a.(type) {
		case FuzzyDate:
			english[i] = v.Format()
		case TimeOfDay:
			english[i] = v.String()
		case *Message:
			english[i] = v.Text
		default:
			english[i] = a
		}
	}
	return &Message{Key: key, Args: args, Text: fmt.Sprintf(format, english...)}
}

// AddProblem records pr as it is (its item, field and key), as when one
// check's problems are shown with another's.
func (p *Problems) AddProblem(pr Problem) { p.list = append(p.list, pr) }

// Merge appends the problems of err if it is a *ValidationError, and records
// any other error as a problem of this item.
func (p *Problems) Merge(err error) {
	if err == nil {
		return
	}
	var v *ValidationError
	if errors.As(err, &v) {
		p.list = append(p.list, v.Problems...)
		return
	}
	p.Add("", "%s", err.Error())
}

// Err returns nil when nothing was recorded, else a *ValidationError.
func (p *Problems) Err() error {
	if len(p.list) == 0 {
		return nil
	}
	return &ValidationError{Problems: p.list}
}
