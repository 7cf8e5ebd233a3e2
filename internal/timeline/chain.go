package timeline

import (
	"fmt"
	"time"
)

// ChainBreak is the first revision where the chain does not hold.
type ChainBreak struct {
	RevisionID int64
	Entity     string // empty when the revision is missing
	EntityID   int64
	Version    int
	Problem    string
}

func (b *ChainBreak) Error() string {
	if b.Entity == "" {
		return fmt.Sprintf("revision %d: %s", b.RevisionID, b.Problem)
	}
	return fmt.Sprintf("revision %d (%s %d v%d): %s", b.RevisionID, b.Entity, b.EntityID, b.Version, b.Problem)
}

// ChainStatus is the outcome of walking the chain.
type ChainStatus struct {
	Revisions int64  // revisions walked
	HeadID    int64  // the last revision that holds
	Head      string // its chain hash, hex
	Break     *ChainBreak
	Seconds   float64
}

// OK reports whether the whole chain holds.
func (c ChainStatus) OK() bool { return c.Break == nil }

// Verification is the record of one walk of the chain.
type Verification struct {
	At         time.Time
	By         string
	OK         bool
	Revisions  int64
	HeadID     int64
	HeadSHA256 string
	Problem    string
	Seconds    float64
}
