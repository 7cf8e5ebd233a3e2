package views

// ZawgyiNotice asks staff what to do with fields of a form that look
// Zawgyi-encoded: convert them to Unicode and save, or keep them as typed.
// FormID is the id of the form the two buttons submit (they sit before it
// and use the form attribute, so the form's default button stays).
type ZawgyiNotice struct {
	FormID string
	Do     string // the button first pressed (the editor's "save" or "submit"), kept for the second press
	Fields []ZawgyiField
	// Message is put beside each field that looks Zawgyi, in the page's language.
	Message string
}

// ZawgyiField is one field that looks Zawgyi, as typed and as Unicode.
type ZawgyiField struct {
	ID      string // the field's element id, for a link to it
	Label   string
	Typed   string
	Unicode string
	Percent int // how likely it is Zawgyi
}
