package web

import (
	"go/parser"
	"go/token"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// TestWebDoesNotImportStorage keeps the HTTP side apart from storage: web
// declares the interfaces it needs over the domain's types (internal/timeline),
// postgres implements them and cmd wires them. Test files may still wire a
// real store.
func TestWebDoesNotImportStorage(t *testing.T) {
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	checked := 0
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, parser.ImportsOnly)
		if err != nil {
			t.Fatal(err)
		}
		checked++
		for _, imp := range f.Imports {
			path, err := strconv.Unquote(imp.Path.Value)
			if err != nil {
				t.Fatal(err)
			}
			if forbiddenInWeb(path) {
				t.Errorf("%s imports %s: web uses the domain's types and its own interfaces, not storage", name, path)
			}
		}
	}
	if checked == 0 {
		t.Fatal("no non-test files found")
	}
}

func forbiddenInWeb(path string) bool {
	return path == "annals/internal/postgres" || strings.HasPrefix(path, "annals/internal/postgres/") ||
		strings.HasPrefix(path, "github.com/jackc/pgx")
}

func TestForbiddenInWeb(t *testing.T) {
	for path, want := range map[string]bool{
		"annals/internal/postgres":        true,
		"annals/internal/postgres/pgtest": true,
		"github.com/jackc/pgx/v5":         true,
		"github.com/jackc/pgx/v5/pgtype":  true,
		"annals/internal/timeline":        false,
		"annals/internal/postgresql":      false,
	} {
		if got := forbiddenInWeb(path); got != want {
			t.Errorf("forbiddenInWeb(%q) = %v, want %v", path, got, want)
		}
	}
}
