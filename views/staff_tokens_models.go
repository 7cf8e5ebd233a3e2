package views

// View models of /staff/tokens, where staff make and revoke their API
// tokens.

// TokensPage lists API tokens and makes new ones.
type TokensPage struct {
	Meta      StaffMeta
	Rows      []TokenRow
	ShowOwner bool // an admin sees everyone's tokens
	// NewToken is the token just made, shown this once; NewTokenName is
	// its name.
	NewToken, NewTokenName string
	Form                   TokenForm
	Expiries               []Choice
	Errors                 map[string]string
	ErrorList              []string
}

// TokenRow is one token in the list; it never holds the token itself.
type TokenRow struct {
	ID        int64
	Name      string
	Prefix    string // "annals_AbC123…"
	Owner     string
	Created   string
	LastUsed  string // "never" when unused
	Expires   string // "never" when it does not expire
	State     string // active, revoked or expired
	Revoked   string // when it was revoked
	RevokeURL string // empty once revoked or expired
}

// TokenForm is what was typed into the new-token form.
type TokenForm struct {
	Name    string
	Expires string // days, or "" for never
}
