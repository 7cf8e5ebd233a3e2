package views

// View model of /staff/chain, where admins see the record's chain head and
// when the chain was last verified.

// ChainPage shows the chain's head and its last verification.
type ChainPage struct {
	Meta      StaffMeta
	Head      string // the head's chain hash, hex
	HeadID    string // its revision
	Revisions string // how many revisions the chain holds
	// Verified is false when the chain was never verified.
	Verified      bool
	VerifiedAt    string
	VerifiedBy    string
	VerifiedOK    bool
	VerifiedHead  string
	VerifiedCount string
	Problem       string
	Seconds       string
}
