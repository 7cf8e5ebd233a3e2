// Command barehttp is bench-http's control: a bare net/http server, with
// Annals's timeouts, answering every request with one fixed 304 whose
// headers are given as arguments. It is the most Go's net/http reaches on
// the machine for the answer Annals gives, so the benchmark can show how
// much of the distance to nginx is Annals's and how much the server
// library's. It is not part of Annals.
//
//	go run ./scripts/barehttp 127.0.0.1:18095 'Etag: "x"' 'Vary: Cookie'
package main

import (
	"fmt"
	"net/http"
	"net/textproto"
	"os"
	"strings"
	"time"
)

func main() {
	if len(os.Args) < 2 {
		fmt.Fprintln(os.Stderr, "usage: barehttp ADDR [Header: value]...")
		os.Exit(2)
	}
	fixed := http.Header{}
	for _, line := range os.Args[2:] {
		name, value, ok := strings.Cut(line, ":")
		if !ok {
			fmt.Fprintf(os.Stderr, "barehttp: %q is not a header line (Name: value)\n", line)
			os.Exit(2)
		}
		fixed.Add(textproto.CanonicalMIMEHeaderKey(strings.TrimSpace(name)), strings.TrimSpace(value))
	}
	srv := &http.Server{
		Addr: os.Args[1],
		Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			h := w.Header()
			for k, v := range fixed {
				h[k] = v
			}
			w.WriteHeader(http.StatusNotModified)
		}),
		// As cmd/annals sets them: the deadlines cost a little per request.
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       2 * time.Minute,
		WriteTimeout:      2 * time.Minute,
		IdleTimeout:       2 * time.Minute,
	}
	if err := srv.ListenAndServe(); err != nil {
		fmt.Fprintln(os.Stderr, "barehttp:", err)
		os.Exit(1)
	}
}
