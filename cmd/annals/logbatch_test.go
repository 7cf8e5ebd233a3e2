package main

import (
	"bytes"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"
)

// lockedBuffer is the terminal: it records what reached it.
type lockedBuffer struct {
	mu     sync.Mutex
	b      bytes.Buffer
	writes int
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.writes++
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// TestLogBatchKeepsEveryLineWholeAndInOrder: lines from many goroutines
// arrive whole, each goroutine's in its order, in far fewer writes than
// lines; a line written on an idle server shows within a flush interval;
// Close leaves nothing behind.
func TestLogBatchKeepsEveryLineWholeAndInOrder(t *testing.T) {
	out := &lockedBuffer{}
	b := newLogBatch(out)
	const writers, lines = 8, 2000
	var wg sync.WaitGroup
	for w := range writers {
		wg.Go(func() {
			for i := range lines {
				fmt.Fprintf(b, "level=INFO msg=request writer=%d line=%d path=/t/myanmar-2021\n", w, i)
			}
		})
	}
	wg.Wait()
	b.Close()
	got := strings.Split(strings.TrimSuffix(out.String(), "\n"), "\n")
	if len(got) != writers*lines {
		t.Fatalf("%d lines arrived, want %d", len(got), writers*lines)
	}
	next := make([]int, writers)
	for _, l := range got {
		var w, i int
		if _, err := fmt.Sscanf(l, "level=INFO msg=request writer=%d line=%d path=/t/myanmar-2021", &w, &i); err != nil || !strings.HasSuffix(l, "path=/t/myanmar-2021") {
			t.Fatalf("a line arrived cut or mixed: %q", l)
		}
		if i != next[w] {
			t.Fatalf("writer %d: line %d arrived when %d was due", w, i, next[w])
		}
		next[w]++
	}
	if out.writes*10 > writers*lines {
		t.Errorf("%d writes for %d lines: not batched", out.writes, writers*lines)
	}

	idle := &lockedBuffer{}
	b = newLogBatch(idle)
	defer b.Close()
	fmt.Fprintln(b, "msg=\"Annals is running\"")
	deadline := time.Now().Add(20 * logFlushEvery)
	for idle.String() == "" {
		if time.Now().After(deadline) {
			t.Fatalf("a line on an idle server had not arrived after %v", 20*logFlushEvery)
		}
		time.Sleep(logFlushEvery / 4)
	}
}
