package views

// SecurityPage is /staff/security: what happened to accounts, newest first.
type SecurityPage struct {
	Meta StaffMeta
	Rows []SecurityRow
	// OlderURL pages back in time; empty on the last page.
	OlderURL string
}

// SecurityRow is one line of the security log.
type SecurityRow struct {
	When     string // "7 Dec 2026 03:12:05 UTC"
	DateTime string // for <time datetime>
	What     string // "Failed sign-in"
	Account  string
	By       string
	Address  string
	Detail   string
	Warning  bool // limits reached, failures: worth a look
}
