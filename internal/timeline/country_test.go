package timeline

import "testing"

func TestValidateCountry(t *testing.T) {
	for _, c := range []string{"MM", "TH", "US", "GB", "AX", "SS", "BQ", "PS", "TW"} {
		if err := ValidateCountry(c); err != nil {
			t.Errorf("%s: %v", c, err)
		}
	}
	// Unassigned, user-assigned, reserved, withdrawn, lower-case and not
	// two letters.
	for _, c := range []string{"XX", "ZZ", "QO", "XK", "AA", "UK", "EU", "EZ", "UN", "AC", "CP", "DG", "EA", "IC", "TA",
		"BU", "YU", "CS", "AN", "SU", "NT", "DD", "FX", "mm", "M", "MMR", "104", "", "M\x00"} {
		if err := ValidateCountry(c); err == nil {
			t.Errorf("%q was accepted", c)
		}
	}
	// Exactly the 249 officially assigned codes of ISO 3166-1.
	n := 0
	for a := 'A'; a <= 'Z'; a++ {
		for b := 'A'; b <= 'Z'; b++ {
			if ValidateCountry(string([]rune{a, b})) == nil {
				n++
			}
		}
	}
	if n != 249 {
		t.Errorf("%d codes accepted; ISO 3166-1 assigns 249", n)
	}
}
