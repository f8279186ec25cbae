package model

import (
	"strings"
)

// Designation is the official name of a unit, as `related` writes it:
// "ITU-R WP 1C", "ITU-T Q3/5", "ITU-D Q7/2", "ITU-T SG5".
func (u *Unit) Designation() string {
	if u.names != nil {
		return u.names.designation
	}
	return u.designation()
}

func (u *Unit) designation() string {
	s := u.SG.Sector.ID
	switch u.Kind {
	case UnitQuestion:
		return s + " Q" + u.Number
	case UnitWP:
		return s + " WP " + u.Number
	}
	return s + " SG" + u.Number
}

// Label is the designation without the Sector, for tables already grouped
// by Sector: "Q7/2", "WP 1C", "SG5".
func (u *Unit) Label() string {
	if u.names != nil {
		return u.names.label
	}
	return u.label()
}

func (u *Unit) label() string {
	switch u.Kind {
	case UnitQuestion:
		return "Q" + u.Number
	case UnitWP:
		return "WP " + u.Number
	}
	return "SG" + u.Number
}

// Anchor is the fragment of the unit on its study group's page: "q7-2",
// "wp1c"; empty for the study group itself.
func (u *Unit) Anchor() string {
	if u.names != nil {
		return u.names.anchor
	}
	return u.anchor()
}

func (u *Unit) anchor() string {
	n := strings.ToLower(anchorReplacer.Replace(u.Number))
	switch u.Kind {
	case UnitQuestion:
		return "q" + n
	case UnitWP:
		return "wp" + n
	}
	return ""
}

var anchorReplacer = strings.NewReplacer("/", "-", " ", "")

// unitNames are a unit's names, made once when it is decoded: pages and
// tables ask for them by the hundred thousand.
type unitNames struct {
	designation, label, anchor string
}

// name makes u's names, once its study group's Sector is known.
func (u *Unit) name() {
	if u.SG == nil || u.SG.Sector == nil {
		return
	}
	u.names = &unitNames{designation: u.designation(), label: u.label(), anchor: u.anchor()}
}

// canonical is the lookup key of a designation: sector, level and number,
// with the optional space after WP/SG/Q removed. ok is false when text is
// not shaped like a designation.
func canonical(text string, sectors []string) (key string, ok bool) {
	text = strings.Join(strings.Fields(text), " ")
	for _, s := range sectors {
		rest, found := strings.CutPrefix(text, s+" ")
		if !found {
			continue
		}
		for _, level := range []string{"WP", "SG", "Q"} {
			if num, found := strings.CutPrefix(rest, level); found {
				num = strings.TrimSpace(num)
				if num == "" || strings.Contains(num, " ") {
					return "", false
				}
				return s + " " + level + num, true
			}
		}
	}
	return "", false
}

func (u *Unit) key() string {
	switch u.Kind {
	case UnitQuestion:
		return u.SG.Sector.ID + " Q" + u.Number
	case UnitWP:
		return u.SG.Sector.ID + " WP" + u.Number
	}
	return u.SG.Sector.ID + " SG" + u.Number
}
