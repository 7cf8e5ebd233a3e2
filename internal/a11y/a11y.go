// Package a11y checks pages for accessibility problems with axe-core
// (Deque, MPL-2.0, vendored from the npm registry as testdata/axe.min.js,
// version 4.14.1) inside headless Chromium driven by chromedp. It is for
// tests: call Check (or CheckWidths) with a browser from
// internal/browsertest and a page of a running app from internal/webtest.
//
//	ctx := browsertest.New(t, 1280, 900)
//	a11y.CheckWidths(t, ctx, app.URL+"/staff/events", a11y.Widths...)
//
// Check fails the test on any serious or critical violation and logs the
// moderate and minor ones.
package a11y

import (
	"context"
	_ "embed"
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

//go:embed testdata/axe.min.js
var axeSource string

// Widths are the viewport widths every public page is checked at: a
// desktop and a small phone.
var Widths = []int{1280, 360}

// Violation is one axe rule a page breaks, with the elements that break it.
type Violation struct {
	ID          string `json:"id"`
	Impact      string `json:"impact"` // minor, moderate, serious or critical
	Description string `json:"description"`
	Help        string `json:"help"`
	HelpURL     string `json:"helpUrl"`
	Nodes       []Node `json:"nodes"`
}

// Node is one offending element.
type Node struct {
	Target         []any  `json:"target"` // CSS selectors (nested for shadow DOM)
	HTML           string `json:"html"`
	FailureSummary string `json:"failureSummary"`
}

// Blocking reports whether the violation is serious or critical.
func (v Violation) Blocking() bool { return v.Impact == "serious" || v.Impact == "critical" }

func (v Violation) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s (%s): %s [%s]", v.ID, v.Impact, v.Help, v.HelpURL)
	for i, n := range v.Nodes {
		if i == 5 {
			fmt.Fprintf(&b, "\n    ... and %d more", len(v.Nodes)-5)
			break
		}
		fmt.Fprintf(&b, "\n    %v %s\n      %s", n.Target, n.HTML, strings.ReplaceAll(n.FailureSummary, "\n", "\n      "))
	}
	return b.String()
}

// Run loads pageURL in the browser of ctx, runs axe-core over the whole
// document (all rules axe enables by default, WCAG 2.x A and AA among them)
// and returns its violations. The script is injected through the DevTools
// protocol, which the page's Content-Security-Policy does not restrict.
func Run(ctx context.Context, pageURL string) ([]Violation, error) {
	if err := chromedp.Do(ctx, chromedp.Navigate(pageURL)); err != nil {
		return nil, fmt.Errorf("open %s: %w", pageURL, err)
	}
	vs, err := RunHere(ctx)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", pageURL, err)
	}
	return vs, nil
}

// RunHere runs axe-core over the page the browser of ctx shows now, as it
// is after clicks and typing (a form sent back with errors, a notice a
// script added).
func RunHere(ctx context.Context) ([]Violation, error) {
	if err := chromedp.Do(ctx, chromedp.Evaluate[chromedp.Void](axeSource+"\n;void 0")); err != nil {
		return nil, fmt.Errorf("load axe-core: %w", err)
	}
	out, err := chromedp.Run(ctx, chromedp.Evaluate[string](
		`axe.run(document, {resultTypes: ["violations"]}).then(r => JSON.stringify(r.violations))`,
		chromedp.EvalAwaitPromise))
	if err != nil {
		return nil, fmt.Errorf("run axe-core: %w", err)
	}
	var vs []Violation
	if err := json.Unmarshal([]byte(out), &vs); err != nil {
		return nil, fmt.Errorf("read axe-core results: %w", err)
	}
	return vs, nil
}

// Check runs axe over pageURL and fails t on every serious or critical
// violation; lesser ones are logged. It returns all violations.
func Check(t testing.TB, ctx context.Context, pageURL string) []Violation {
	t.Helper()
	vs, err := Run(ctx, pageURL)
	if err != nil {
		t.Fatal(err)
	}
	for _, v := range vs {
		if v.Blocking() {
			t.Errorf("%s: %s", pageURL, v)
		} else {
			t.Logf("%s (not blocking): %s", pageURL, v)
		}
	}
	return vs
}

// CheckWidths runs Check at each viewport width (900 px tall), since a
// layout can fail at one width and pass at another.
func CheckWidths(t testing.TB, ctx context.Context, pageURL string, widths ...int) []Violation {
	t.Helper()
	var all []Violation
	for _, w := range widths {
		if err := chromedp.Do(ctx, chromedp.EmulateViewport(int64(w), 900)); err != nil {
			t.Fatalf("set viewport to %d px: %v", w, err)
		}
		vs := Check(t, ctx, pageURL)
		if len(vs) > 0 {
			t.Logf("%s at %d px: %d violations (%s)", pageURL, w, len(vs), summary(vs))
		}
		all = append(all, vs...)
	}
	return all
}

func summary(vs []Violation) string {
	parts := make([]string, len(vs))
	for i, v := range vs {
		parts[i] = v.ID + ":" + v.Impact
	}
	return strings.Join(parts, ", ")
}

// CheckWidthsStrict is CheckWidths that also fails on moderate and minor
// violations, for pages that are free of them and should stay so.
func CheckWidthsStrict(t testing.TB, ctx context.Context, pageURL string, widths ...int) []Violation {
	t.Helper()
	vs := CheckWidths(t, ctx, pageURL, widths...)
	for _, v := range vs {
		if !v.Blocking() {
			t.Errorf("%s: %s", pageURL, v)
		}
	}
	return vs
}
