# Annals: `make run` starts the app with the demo timeline on
# http://localhost:8080; `make test` runs every test. Neither needs anything
# set up by hand: without DATABASE_URL they start a private PostgreSQL
# cluster from the installed server binaries under .data/.
SHELL := /bin/bash
GO ?= go
PRIVATE_DB ?= $(CURDIR)/.data/pg
TEST_DB ?= $(CURDIR)/.data/pgtest

.PHONY: run build test test-deps pg-deps generate lint fmt bench bench-http bench-browser stop-db

build:
	$(GO) build -o bin/annals ./cmd/annals

## run: start Annals on http://localhost:8080 with the demo timeline loaded
run: pg-deps build
	ANNALS_PRIVATE_DB=$(PRIVATE_DB) ./bin/annals serve -seed-demo

## test: every test, against a real PostgreSQL (and, for browser tests, Chromium)
test: pg-deps test-deps
	@set -uo pipefail; \
	started=""; \
	if [ -z "$${ANNALS_TEST_DATABASE_URL:-}$${DATABASE_URL:-}" ]; then \
	  url=$$(ANNALS_PRIVATE_DB=$(TEST_DB) $(GO) run ./cmd/annals devdb -test) || exit 1; \
	  export ANNALS_TEST_DATABASE_URL="$$url"; started=1; \
	fi; \
	$(GO) test -race -count=1 -timeout 20m ./...; status=$$?; \
	if [ -n "$$started" ]; then ANNALS_PRIVATE_DB=$(TEST_DB) $(GO) run ./cmd/annals devdb -stop || true; fi; \
	exit $$status

# Without DATABASE_URL the private cluster needs PostgreSQL's server binaries
# (initdb, pg_ctl): install Debian's postgresql when none are found.
pg-deps:
	@if [ -z "$${DATABASE_URL:-}$${ANNALS_TEST_DATABASE_URL:-}" ] && \
	  ! ls /usr/lib/postgresql/*/bin/pg_ctl >/dev/null 2>&1 && \
	  ! [ -x "$$(pg_config --bindir 2>/dev/null)/pg_ctl" ] && ! command -v pg_ctl >/dev/null 2>&1; then \
	  echo "installing postgresql (its server binaries run the private cluster)"; \
	  if [ "$$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq postgresql >/dev/null; \
	fi

# Browser tests need Debian's chromium, and print tests pdftotext: install
# them when missing (as root, or through sudo).
test-deps:
	@missing=""; \
	command -v chromium >/dev/null 2>&1 || missing="$$missing chromium"; \
	command -v pdftotext >/dev/null 2>&1 || missing="$$missing poppler-utils"; \
	if [ -n "$$missing" ]; then \
	  echo "installing$$missing for the browser tests"; \
	  if [ "$$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing >/dev/null; \
	fi

## generate: regenerate templ views
generate:
	$(GO) tool templ generate -path views

## lint: gofmt, go vet, and generated views that match their templates
lint:
	@out=$$(gofmt -l $$(git ls-files '*.go')); if [ -n "$$out" ]; then echo "gofmt needed:"; echo "$$out"; exit 1; fi
	$(GO) vet ./...
	$(GO) tool templ generate -path views >/dev/null
	@git diff --exit-code -- views || (echo "templ generate changed views/: commit the generated files"; exit 1)
	@if [ -n "$$(git ls-files --others --exclude-standard views)" ]; then echo "untracked generated views:"; git ls-files --others --exclude-standard views; exit 1; fi

fmt:
	gofmt -w $$(git ls-files '*.go')

## bench: benchmarks (figures for the closing notes)
bench:
	@url=$$(ANNALS_PRIVATE_DB=$(TEST_DB) $(GO) run ./cmd/annals devdb -test) && \
	ANNALS_TEST_DATABASE_URL="$$url" $(GO) test -run '^$$' -bench . -benchmem -timeout 60m ./...

## bench-http: requests/s of the demo timeline beside nginx serving the same bytes (wrk)
bench-http:
	scripts/bench-http.sh

## bench-browser: first view in headless Chromium beside TimelineJS with the same events (../shared/bench)
bench-browser:
	scripts/bench-browser.sh

## stop-db: stop the private clusters
stop-db:
	-ANNALS_PRIVATE_DB=$(PRIVATE_DB) $(GO) run ./cmd/annals devdb -stop
	-ANNALS_PRIVATE_DB=$(TEST_DB) $(GO) run ./cmd/annals devdb -stop
