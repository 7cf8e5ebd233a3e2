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
	Message string
}

func (e *Error) Error() string { return e.Message }

// Errorf returns an *Error with the given code.
func Errorf(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
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
type Problem struct {
	Item    string // e.g. `event "coup"`, `row 12`; empty for a single record
	Field   string // e.g. "start.date", "sources[1].url"
	Message string
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

// Add records a problem with field.
func (p *Problems) Add(field, format string, args ...any) {
	p.list = append(p.list, Problem{Item: p.item, Field: field, Message: fmt.Sprintf(format, args...)})
}

// AddErr records err (if any) as a problem with field.
func (p *Problems) AddErr(field string, err error) {
	if err != nil {
		p.Add(field, "%s", err.Error())
	}
}

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
