#!/usr/bin/env bash
# bench-http: requests per second of Annals's demo timeline beside nginx
# serving the very same bytes, on this machine, in one run (issue 12's
# target: a hot page at least half of nginx's rate, a 304 at least 80%).
#
# It starts Annals with the demo on its own private cluster (.data/pgbench,
# never the .data/pg of `make run`) on a loopback port, saves the timeline
# and event pages it serves, starts nginx on another loopback port with a
# throwaway config under /tmp, and runs wrk against each in turn, once
# without compression and once with Accept-Encoding: gzip. Everything it
# started is stopped when it exits.
#
#   scripts/bench-http.sh            # or: make bench-http
#   BENCH_DURATION=30s BENCH_CONNECTIONS=128 scripts/bench-http.sh
set -euo pipefail
cd "$(dirname "$0")/.."

duration=${BENCH_DURATION:-10s}
connections=${BENCH_CONNECTIONS:-64}
threads=${BENCH_THREADS:-2}
pgdir=${BENCH_PRIVATE_DB:-$PWD/.data/pgbench}
timeline=/t/myanmar-2021
event=/t/myanmar-2021/e/coup

# wrk and nginx come from Debian, like chromium for the browser tests.
missing=""
command -v wrk >/dev/null 2>&1 || missing="$missing wrk"
command -v nginx >/dev/null 2>&1 || missing="$missing nginx-light"
command -v curl >/dev/null 2>&1 || missing="$missing curl"
if [ -n "$missing" ]; then
  echo "installing$missing for the benchmark"
  if [ "$(id -u)" = 0 ]; then sudo=""; else sudo="sudo"; fi
  $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq $missing >/dev/null
fi
nginx_bin=$(command -v nginx || echo /usr/sbin/nginx)

work=$(mktemp -d /tmp/annals-bench.XXXXXX)
annals_pid="" nginx_pid="" bare_pid=""
cleanup() {
  # The bare server ends on SIGTERM with status 143: never let that stop the cleanup.
  if [ -n "$bare_pid" ]; then kill "$bare_pid" 2>/dev/null || true; wait "$bare_pid" 2>/dev/null || true; fi
  [ -n "$nginx_pid" ] && kill "$nginx_pid" 2>/dev/null && wait "$nginx_pid" 2>/dev/null
  [ -n "$annals_pid" ] && kill "$annals_pid" 2>/dev/null && wait "$annals_pid" 2>/dev/null
  ANNALS_PRIVATE_DB="$pgdir" ./bin/annals devdb -stop >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

go build -o bin/annals ./cmd/annals
go build -o "$work/barehttp" ./scripts/barehttp

# A fresh cluster each run, so the demo measured is this checkout's: a kept
# cluster keeps the demo of its first start (an older demo was 146 KB where
# today's is 188 KB). Only the default folder is ever removed.
if [ -z "${BENCH_PRIVATE_DB:-}" ]; then
  ANNALS_PRIVATE_DB="$pgdir" ./bin/annals devdb -stop >/dev/null 2>&1 || true
  rm -rf "$pgdir" "$pgdir.port"
fi

# Annals picks its own free port and logs it.
ANNALS_PRIVATE_DB="$pgdir" ANNALS_ADDR=127.0.0.1:0 ./bin/annals serve -seed-demo >"$work/annals.log" 2>&1 &
annals_pid=$!
annals=""
for _ in $(seq 1 240); do
  addr=$(grep -o 'addr=127\.0\.0\.1:[0-9]*' "$work/annals.log" | head -1 | cut -d= -f2 || true)
  if [ -n "$addr" ] && curl -fsS -o /dev/null "http://$addr/readyz" 2>/dev/null; then annals="http://$addr"; break; fi
  kill -0 "$annals_pid" 2>/dev/null || { cat "$work/annals.log"; echo "Annals did not start" >&2; exit 1; }
  sleep 0.5
done
[ -n "$annals" ] || { cat "$work/annals.log"; echo "Annals did not answer in 2 minutes" >&2; exit 1; }

# The same bytes for nginx: the pages as Annals sends them uncompressed.
mkdir -p "$work/www"
curl -fsS -H 'Accept-Encoding: identity' -o "$work/www/timeline.html" "$annals$timeline"
curl -fsS -H 'Accept-Encoding: identity' -o "$work/www/event.html" "$annals$event"
# A static file: the stylesheet the staff pages link (reading pages carry
# it inline), and Annals's own gzip copy of it for nginx's gzip_static: a
# file compressed once, served by both.
stylesheet=$(curl -fsS "$annals/staff/login" | grep -o '/static/css/annals\.[0-9a-f]*\.css' | head -1)
[ -n "$stylesheet" ] || { echo "the sign-in page links no annals.css" >&2; exit 1; }
mkdir -p "$work/www/css"
curl -fsS -H 'Accept-Encoding: identity' -o "$work/www/css/annals.css" "$annals$stylesheet"
curl -fsS -H 'Accept-Encoding: gzip' -o "$work/www/css/annals.css.gz" "$annals$stylesheet"
chmod -R a+rX "$work"

# free_port FROM TO: the first loopback port in FROM..TO that nothing listens on.
free_port() {
  for p in $(seq "$1" "$2"); do
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then echo "$p"; return; fi
  done
}
port=$(free_port 18081 18181)
[ -n "$port" ] || { echo "no free loopback port for nginx" >&2; exit 1; }
nginx_url="http://127.0.0.1:$port"
# A second nginx server that logs each request as Annals does (in batches,
# as Annals's log writer does), for the 304 only: context for the target,
# which is against the nginx above, logging nothing.
logport=$(free_port $((port + 1)) 18181)
[ -n "$logport" ] || { echo "no free loopback port for the logging nginx" >&2; exit 1; }
nginx_log_url="http://127.0.0.1:$logport"
mkdir -p "$work/nginx/logs"
cat >"$work/nginx/nginx.conf" <<CONF
daemon off;
worker_processes auto;
pid $work/nginx/nginx.pid;
error_log $work/nginx/logs/error.log warn;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path $work/nginx/body;
  proxy_temp_path $work/nginx/proxy;
  fastcgi_temp_path $work/nginx/fastcgi;
  uwsgi_temp_path $work/nginx/uwsgi;
  scgi_temp_path $work/nginx/scgi;
  types { text/html html; text/css css; }
  gzip on; # text/html is always among gzip_types
  gzip_min_length 1024;
  server {
    listen 127.0.0.1:$port;
    root $work/www;
    location /css/ { gzip_static on; }
  }
  server {
    listen 127.0.0.1:$logport;
    root $work/www;
    access_log $work/nginx/logs/access.log combined buffer=64k flush=100ms;
  }
}
CONF
"$nginx_bin" -p "$work/nginx" -c "$work/nginx/nginx.conf" -e "$work/nginx/logs/error.log" &
nginx_pid=$!
for _ in $(seq 1 50); do curl -fsS -o /dev/null "$nginx_url/timeline.html" 2>/dev/null && break; sleep 0.1; done

# The control for 304s: a bare net/http server (scripts/barehttp) giving
# the very 304 Annals gives, headers and all. Its rate is the most Go's
# net/http reaches here; Annals's 304 is shown against both.
bare_port=$(free_port 18182 18282)
[ -n "$bare_port" ] || { echo "no free loopback port for the bare server" >&2; exit 1; }
bare_url="http://127.0.0.1:$bare_port"
# bare304 ENCODING: the header lines of Annals's 304 for that coding, but
# Date (net/http adds its own) and Content-Length.
bare304() {
  local tag
  tag=$(etag "$annals$timeline" "$1")
  curl -sS -o /dev/null -D - -H "Accept-Encoding: $1" -H "If-None-Match: $tag" "$annals$timeline" | tr -d '\r' |
    awk 'NR > 1 && NF && tolower($1) != "date:" && tolower($1) != "content-length:"'
}

# rate URL [header...]: requests per second wrk reaches.
rate() {
  local url=$1; shift
  local args=()
  for h in "$@"; do args+=(-H "$h"); done
  wrk -c"$connections" -t"$threads" -d"$duration" "${args[@]}" "$url" | awk '/^Requests\/sec/ {print $2}'
}
etag() { curl -fsS -o /dev/null -D - -H "Accept-Encoding: $2" "$1" | tr -d '\r' | awk 'tolower($1)=="etag:" {print $2}'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.3f", a / b; else print "-" }'; }

printf 'wrk -c%s -t%s -d%s; timeline page %s bytes, event page %s bytes\n' "$connections" "$threads" "$duration" \
  "$(wc -c <"$work/www/timeline.html")" "$(wc -c <"$work/www/event.html")"
start_bare() {
  if [ -n "$bare_pid" ]; then
    kill "$bare_pid" 2>/dev/null || true
    wait "$bare_pid" 2>/dev/null || true
  fi
  local lines=()
  mapfile -t lines < <(bare304 "$1")
  "$work/barehttp" "127.0.0.1:$bare_port" "${lines[@]}" &
  bare_pid=$!
  for _ in $(seq 1 50); do curl -sS -o /dev/null "$bare_url/" 2>/dev/null && return; sleep 0.1; done
  echo "the bare server did not start" >&2; exit 1
}

for enc in identity gzip; do
  ae="Accept-Encoding: $enc"
  start_bare "$enc"
  a_tag=$(etag "$annals$timeline" "$enc")
  n_tag=$(etag "$nginx_url/timeline.html" "$enc")
  a_page=$(rate "$annals$timeline" "$ae")
  n_page=$(rate "$nginx_url/timeline.html" "$ae")
  a_304=$(rate "$annals$timeline" "$ae" "If-None-Match: $a_tag")
  n_304=$(rate "$nginx_url/timeline.html" "$ae" "If-None-Match: $n_tag")
  l_304=$(rate "$nginx_log_url/timeline.html" "$ae" "If-None-Match: $n_tag")
  b_304=$(rate "$bare_url$timeline" "$ae" "If-None-Match: $a_tag")
  a_event=$(rate "$annals$event" "$ae")
  n_event=$(rate "$nginx_url/event.html" "$ae")
  a_css=$(rate "$annals$stylesheet" "$ae")
  n_css=$(rate "$nginx_url/css/annals.css" "$ae")
  echo
  echo "Accept-Encoding: $enc"
  printf '  %-14s %12s %12s %8s\n' "" "Annals req/s" "nginx req/s" "ratio"
  printf '  %-14s %12s %12s %8s\n' "timeline page" "$a_page" "$n_page" "$(ratio "$a_page" "$n_page")"
  printf '  %-14s %12s %12s %8s\n' "timeline 304" "$a_304" "$n_304" "$(ratio "$a_304" "$n_304")"
  printf '  %-14s %12s %12s %8s\n' "event page" "$a_event" "$n_event" "$(ratio "$a_event" "$n_event")"
  printf '  %-14s %12s %12s %8s\n' "stylesheet" "$a_css" "$n_css" "$(ratio "$a_css" "$n_css")"
  printf '  %-14s %12s %12s %8s   (nginx logging each request, as Annals does)\n' "timeline 304" "$a_304" "$l_304" "$(ratio "$a_304" "$l_304")"
  printf '  %-14s %12s %12s %8s   (Annals 304 / bare: %s)\n' "bare Go 304" "$b_304" "$n_304" "$(ratio "$b_304" "$n_304")" "$(ratio "$a_304" "$b_304")"
done
