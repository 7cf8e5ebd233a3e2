#!/usr/bin/env bash
# bench-browser.sh: the first view of a timeline in headless Chromium,
# Annals beside TimelineJS with the same generated events, one N after the
# other in one run (the harness in ../shared/bench: see its README).
#
#   scripts/bench-browser.sh [N ...]        default: 1000 10000
#
# Env: BENCH (../shared/bench), BENCH_DIR (/tmp/tjs-bench), N_RUNS, WARMUP
# (passed to the harness), PORT (18190). Annals runs on its own private
# cluster in .data/pgbrowser with nothing but the generated timelines.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BENCH="${BENCH:-$ROOT/../shared/bench}"
export BENCH_DIR="${BENCH_DIR:-/tmp/tjs-bench}"
PORT="${PORT:-18190}"
NS=("$@")
[ ${#NS[@]} -gt 0 ] || NS=(1000 10000)
export ANNALS_PRIVATE_DB="$ROOT/.data/pgbrowser"
mkdir -p "$BENCH_DIR"

cd "$ROOT"
go build -o bin/annals ./cmd/annals
ANNALS_ADDR="127.0.0.1:$PORT" ./bin/annals serve >"$BENCH_DIR/annals.log" 2>&1 &
annals=$!
stop() {
  kill "$annals" 2>/dev/null || true
  wait "$annals" 2>/dev/null || true
  ./bin/annals devdb -stop >/dev/null 2>&1 || true
}
trap stop EXIT
for _ in $(seq 1 120); do
  curl -sf "http://127.0.0.1:$PORT/healthz" >/dev/null && break
  sleep 1
done

FILES=()
for n in "${NS[@]}"; do
  echo "=== N=$n" >&2
  data="$BENCH_DIR/events-$n.json"
  node "$BENCH/gen-data.mjs" "$n" "$data" >/dev/null
  if ! curl -sf -o /dev/null "http://127.0.0.1:$PORT/t/bench-$n"; then
    # The generated slides cite their sources as links in the text, which an
    # import keeps as text: import drafts, then publish them directly (a
    # benchmark fixture, not the editorial workflow).
    ./bin/annals import -new-categories -timeline "bench-$n" -title "Bench $n" "$data" >/dev/null
    psql -q "$(./bin/annals devdb)" -c "UPDATE events SET status = 'published' WHERE id IN
      (SELECT event_id FROM timeline_events te JOIN timelines t ON t.id = te.timeline_id WHERE t.slug = 'bench-$n')"
  fi
  bash "$BENCH/timelinejs-anchor.sh" "$n" >/dev/null
  [ -f "$BENCH_DIR/results-$n.json" ] && FILES+=("$BENCH_DIR/results-$n.json")
  # The first event is the earliest: the first event heading on the page.
  node "$BENCH/measure.mjs" url "http://127.0.0.1:$PORT/t/bench-$n" --selector 'article.event h3, article.event h4' \
    --label "annals-$n" --out "$BENCH_DIR/results-annals-$n.json" --count '*' >&2 || true
  [ -f "$BENCH_DIR/results-annals-$n.json" ] && FILES+=("$BENCH_DIR/results-annals-$n.json")
done
node "$BENCH/measure.mjs" table "${FILES[@]}"
