package zawgyi

import (
	"encoding/json"
	"math"
	"os"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"annals/internal/browsertest"
)

// TestVendoredBrowserBuildAgrees loads the browser build of myanmar-tools in
// static/vendor (for the editor) into Chromium and checks that it gives the
// same probabilities and conversions as this package.
func TestVendoredBrowserBuildAgrees(t *testing.T) {
	t.Parallel()
	ctx := browsertest.New(t, 800, 600)
	if err := chromedp.Do(ctx, chromedp.Navigate("about:blank")); err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{"zawgyi_detector.js", "zawgyi_converter.js"} {
		src, err := os.ReadFile("../../static/vendor/myanmar-tools/" + f)
		if err != nil {
			t.Fatal(err)
		}
		if err := chromedp.Do(ctx, chromedp.Evaluate[chromedp.Void](string(src)+"\n;void 0")); err != nil {
			t.Fatalf("load %s: %v", f, err)
		}
	}
	tsv, err := os.ReadFile("data/compatibility.tsv")
	if err != nil {
		t.Fatal(err)
	}
	var inputs []string
	for _, line := range strings.Split(string(tsv), "\n") {
		if _, input, ok := strings.Cut(line, "\t"); ok {
			inputs = append(inputs, input)
		}
	}
	zg, err := os.ReadFile("testdata/mmgov_zawgyi_src.txt")
	if err != nil {
		t.Fatal(err)
	}
	inputs = append(inputs, strings.Split(string(zg), "\n")...)
	arg, _ := json.Marshal(inputs)
	out, err := chromedp.Run(ctx, chromedp.Evaluate[string](`(() => {
		const d = new google_myanmar_tools.ZawgyiDetector(), c = new google_myanmar_tools.ZawgyiConverter();
		return JSON.stringify(`+string(arg)+`.map(s => { const p = d.getZawgyiProbability(s);
			return {p: p === -Infinity ? null : p, u: c.zawgyiToUnicode(s)}; }));
	})()`))
	if err != nil {
		t.Fatal(err)
	}
	var got []struct {
		P *float64
		U string
	}
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatal(err)
	}
	if len(got) != len(inputs) {
		t.Fatalf("%d results for %d inputs", len(got), len(inputs))
	}
	for i, s := range inputs {
		p := Probability(s)
		switch {
		case got[i].P == nil && !math.IsInf(p, -1):
			t.Errorf("%q: browser -Inf, Go %g", s, p)
		case got[i].P != nil && math.Abs(*got[i].P-p) > 1e-9:
			t.Errorf("%q: browser %g, Go %g", s, *got[i].P, p)
		}
		if u := ToUnicode(s); got[i].U != u {
			t.Errorf("%q: browser converts to %q, Go to %q", s, got[i].U, u)
		}
	}
}
