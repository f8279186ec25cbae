package model

import (
	"maps"
	"reflect"
	"slices"

	"itu.int/iscsite/generator/config"
	"itu.int/iscsite/generator/fields"
)

// Changes says what Patch found changed.
type Changes uint8

const (
	ChangedBody  Changes = 1 << iota // the Markdown body
	ChangedShort                     // the short name
	ChangedText                      // anything else: title, summary, updated, revision, ...
	ChangedOrder                     // where the record sorts: a group's title, a document's date; see Site.Resort
)

// Patch brings old, a decoded record that is linked into a Site, up to
// date with new, the same file decoded again, when the edit changed
// nothing that links or orders records: only what pages show as text
// (title, summary, the body, a Resolution's revision, an area's
// coordinators, a study group's period and its units' titles, ...). It
// copies every field of new into old but the links that Link filled, so
// the Site stays valid and a watcher can render pages again without
// linking the whole site.
//
// Patch reports what changed, and false, changing nothing, when the two
// differ in what links records or orders what the tables show: kind,
// slug, references (areas, related, body, sector, units and their
// numbers), a field areas, Resolutions or study groups are sorted by
// (weight, number), or one the ITU area rule reads (coordination,
// status). A group's title and a document's date do sort them: Patch
// reports ChangedOrder, and the Site needs Resort. Both old and new are
// Decode results: records or *Translation.
func Patch(old, new any) (Changes, bool) {
	switch o := old.(type) {
	case *Translation:
		n, ok := new.(*Translation)
		if !ok || o.Lang != n.Lang || o.Kind != n.Kind || o.Slug != n.Slug || o.File != n.File ||
			o.isDefault || n.isDefault || len(o.untranslatable)+len(n.untranslatable) > 0 {
			return 0, false // Link reports these: link again
		}
		ch := textChanges(o.Short != n.Short, o.Body, n.Body)
		if o.Title != n.Title || o.Summary != n.Summary || !maps.Equal(o.Stamped, n.Stamped) {
			ch |= ChangedText
		}
		*o = *n
		return ch, true
	case *Area:
		n, ok := new.(*Area)
		if !ok || !sameMeta(&o.Meta, &n.Meta) || o.Weight != n.Weight {
			return 0, false
		}
		cp := *n
		cp.Meta.Translations, cp.Meta.seq = o.Translations, o.seq
		cp.Resolutions, cp.Units, cp.Groups, cp.Documents = o.Resolutions, o.Units, o.Groups, o.Documents
		ch := changes(o, &cp, &o.Meta, &cp.Meta)
		*o = cp
		return ch, true
	case *Resolution:
		n, ok := new.(*Resolution)
		if !ok || !sameMeta(&o.Meta, &n.Meta) || o.Body != n.Body || o.Number != n.Number ||
			o.Coordination != n.Coordination || o.Abrogated != n.Abrogated ||
			!sameRefs(o.areaRefs, n.areaRefs) || !sameRefs(o.relatedRef, n.relatedRef) {
			return 0, false
		}
		cp := *n
		cp.Meta.Translations, cp.Meta.seq = o.Translations, o.seq
		cp.Areas, cp.Related = o.Areas, o.Related
		ch := changes(o, &cp, &o.Meta, &cp.Meta)
		*o = cp
		return ch, true
	case *StudyGroup:
		n, ok := new.(*StudyGroup)
		if !ok || !sameMeta(&o.Meta, &n.Meta) || o.Sector != n.Sector || o.Number != n.Number ||
			len(o.Units) != len(n.Units) || !sameUnit(o.Unit, n.Unit) {
			return 0, false
		}
		for i := range o.Units {
			if !sameUnit(o.Units[i], n.Units[i]) {
				return 0, false
			}
		}
		// The units stay the same values, which other records link to;
		// their fields come from new.
		cp := *n
		cp.Meta.Translations, cp.Meta.seq = o.Translations, o.seq
		cp.Unit, cp.Units = o.Unit, o.Units
		ch := changes(o, &cp, &o.Meta, &cp.Meta)
		for i, u := range append([]*Unit{o.Unit}, o.Units...) {
			nu := n.Unit
			if i > 0 {
				nu = n.Units[i-1]
			}
			ucp := *nu
			ucp.SG, ucp.Areas, ucp.Related, ucp.seq = u.SG, u.Areas, u.Related, u.seq
			if !reflect.DeepEqual(*u, ucp) {
				ch |= ChangedText
			}
			*u = ucp
		}
		*o = cp
		return ch, true
	case *Group:
		n, ok := new.(*Group)
		if !ok || !sameMeta(&o.Meta, &n.Meta) || !sameRefs(o.areaRefs, n.areaRefs) {
			return 0, false
		}
		cp := *n
		cp.Meta.Translations, cp.Meta.seq = o.Translations, o.seq
		cp.Areas = o.Areas
		ch := changes(o, &cp, &o.Meta, &cp.Meta)
		if o.Title != n.Title {
			ch |= ChangedOrder
		}
		*o = cp
		return ch, true
	case *Document:
		n, ok := new.(*Document)
		if !ok || !sameMeta(&o.Meta, &n.Meta) || !sameRefs(o.areaRefs, n.areaRefs) {
			return 0, false
		}
		cp := *n
		cp.Meta.Translations, cp.Meta.seq = o.Translations, o.seq
		cp.Areas = o.Areas
		ch := changes(o, &cp, &o.Meta, &cp.Meta)
		if o.Date != n.Date {
			ch |= ChangedOrder
		}
		*o = cp
		return ch, true
	case *Page:
		n, ok := new.(*Page)
		if !ok || !sameMeta(&o.Meta, &n.Meta) {
			return 0, false
		}
		cp := *n
		cp.Meta.Translations, cp.Meta.seq = o.Translations, o.seq
		ch := changes(o, &cp, &o.Meta, &cp.Meta)
		*o = cp
		return ch, true
	}
	return 0, false
}

// Resort puts the records of s, and each area's groups and documents, in
// site order again, as Link would, after Patch reported ChangedOrder.
func (s *Site) Resort() {
	s.sort()
	groups, docs := indexOf(s.Groups), indexOf(s.Documents)
	for _, a := range s.Areas {
		slices.SortFunc(a.Groups, func(x, y *Group) int { return groups[x] - groups[y] })
		slices.SortFunc(a.Documents, func(x, y *Document) int { return docs[x] - docs[y] })
	}
}

// sameMeta compares what identifies a record.
func sameMeta(o, n *Meta) bool {
	return o.Kind == n.Kind && o.Slug == n.Slug && o.File == n.File && o.Pos == n.Pos && o.Broken == n.Broken
}

// changes compares a record with its patched copy (links already the
// same): the body and short name, then all the rest.
func changes[R any](o, cp *R, om, cm *Meta) Changes {
	ch := textChanges(om.Short != cm.Short, om.Body, cm.Body)
	body, short := cm.Body, cm.Short
	cm.Body, cm.Short = om.Body, om.Short
	if !reflect.DeepEqual(*o, *cp) {
		ch |= ChangedText
	}
	cm.Body, cm.Short = body, short
	return ch
}

func textChanges(short bool, o, n Text) Changes {
	var ch Changes
	if short {
		ch |= ChangedShort
	}
	if o.Line != n.Line || string(o.Src) != string(n.Src) {
		ch |= ChangedBody
	}
	return ch
}

// sameUnit compares what links and orders a unit; its title is text.
func sameUnit(o, n *Unit) bool {
	return o.Kind == n.Kind && o.Number == n.Number && sectorID(o.SG.Sector) == sectorID(n.SG.Sector) &&
		sameRefs(o.areaRefs, n.areaRefs) && sameRefs(o.relatedRef, n.relatedRef)
}

func sectorID(s *config.Sector) string {
	if s == nil {
		return ""
	}
	return s.ID
}

// sameRefs compares references by their text: the same references written
// on other lines link the same way.
func sameRefs(a, b []fields.Value) bool {
	return slices.EqualFunc(a, b, func(x, y fields.Value) bool { return x.Text == y.Text })
}
