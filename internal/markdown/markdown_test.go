package markdown

import (
	"strings"
	"testing"
)

func TestToHTML(t *testing.T) {
	tests := []struct {
		name, in     string
		want, absent []string
	}{
		{"emphasis", "The **coup** of 1 February", []string{"<strong>coup</strong>"}, nil},
		{"script tag", "hi <script>alert(1)</script>", []string{"hi"}, []string{"<script", "alert(1)</script"}},
		{"event handler", `<img src=x onerror="alert(1)">`, nil, []string{"onerror", "<img"}},
		{"javascript link", "[click](javascript:alert(1))", nil, []string{"javascript:"}},
		{"data link", "[click](data:text/html;base64,PHNjcmlwdD4=)", nil, []string{"data:"}},
		{"https link", "[AAPP](https://aappb.org/)", []string{`href="https://aappb.org/"`, `rel="nofollow noreferrer"`}, nil},
		{"remote image becomes a link", "See ![the plant](https://tracker.example/p.png).",
			[]string{`<a href="https://tracker.example/p.png"`, ">the plant</a>"}, []string{"<img"}},
		{"image without alt text", "![](https://tracker.example/p.png)", []string{">image</a>"}, []string{"<img"}},
		{"image inside a link", "[![x](https://t.example/a.png)](https://aappb.org/)", []string{"https://aappb.org/"}, []string{"<img"}},
		{"reference image", "![p][1]\n\n[1]: https://t.example/p.png", []string{"https://t.example/p.png"}, []string{"<img"}},
		{"burmese", "နေပြည်တော် တွင်", []string{"နေပြည်တော် တွင်"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := ToHTML(tt.in)
			for _, w := range tt.want {
				if !strings.Contains(got, w) {
					t.Errorf("ToHTML(%q) = %q, want it to contain %q", tt.in, got, w)
				}
			}
			for _, a := range tt.absent {
				if strings.Contains(got, a) {
					t.Errorf("ToHTML(%q) = %q, must not contain %q", tt.in, got, a)
				}
			}
		})
	}
}

func FuzzToHTML(f *testing.F) {
	f.Add("**bold** <script>x</script> [a](javascript:b)")
	f.Add("<a href=\"java\tscript:alert(1)\">x</a>")
	f.Add("![p](https://tracker.example/p.png) <img src=https://t.example/x.png>")
	f.Fuzz(func(t *testing.T, s string) {
		out := strings.ToLower(ToHTML(s))
		if strings.Contains(out, "<script") || strings.Contains(out, "javascript:") || strings.Contains(out, " onerror=") ||
			strings.Contains(out, "<img") {
			t.Fatalf("unsafe output %q for %q", out, s)
		}
	})
}

// Stored uses the HTML saved with a text and renders only when there is
// none.
func TestStored(t *testing.T) {
	tests := []struct{ src, stored, want string }{
		{"**x**", "<p>kept</p>", "<p>kept</p>"},
		{"**x**", "", "<p><strong>x</strong></p>\n"},
		{"", "", ""},
	}
	for _, tt := range tests {
		if got := Stored(tt.src, tt.stored); got != tt.want {
			t.Errorf("Stored(%q, %q) = %q, want %q", tt.src, tt.stored, got, tt.want)
		}
	}
}
