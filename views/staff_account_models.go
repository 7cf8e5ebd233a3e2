package views

// View models of /staff/account (an account's own second factors and
// sessions) and of the second step of signing in.

// AccountPage is an account's own security page.
type AccountPage struct {
	Meta         StaffMeta
	Email        string
	MustEnrol    bool // the admin requires a second factor and there is none yet
	HasFactor    bool
	TOTP         bool
	RecoveryLeft int
	Passkeys     []PasskeyRow
	Sessions     []SessionRow
	// Enrolling is the authenticator app being set up, shown until its
	// first code is typed.
	Enrolling *TOTPEnrolment
	// NewRecoveryCodes are shown this once; only their hashes are kept.
	NewRecoveryCodes []string
	Errors           map[string]string
	ErrorList        []string
	// Language is the account's interface language, "" to follow the
	// browser; Languages are the choices.
	Language  string
	Languages []Choice
}

// TOTPEnrolment is a TOTP secret being set up.
type TOTPEnrolment struct {
	Secret string // in groups of four, for typing
	URI    string // otpauth://
	QR     string // a data:image/png address of the QR code of URI
}

// PasskeyRow is one passkey of the account.
type PasskeyRow struct {
	Name      string
	Added     string
	LastUsed  string
	RemoveURL string
}

// SessionRow is one signed-in session of the account.
type SessionRow struct {
	Device   string
	Address  string
	Method   string
	Started  string
	LastSeen string
	Current  bool
	EndURL   string // empty for this session
}

// SecondFactorPage asks for the second factor after the password.
type SecondFactorPage struct {
	Meta         StaffMeta
	Email        string
	HasTOTP      bool
	HasPasskeys  bool
	RecoveryLeft int
	Error        string
}
