package web

import (
	"slices"

	samspil "github.com/samspil/samspil"
	"github.com/samspil/samspil/refdata"
)

// listChoices reads the filters the opportunity board and the case library
// share: a municipality, a target group (one of groups) and a sort
// (sorts[0] is the default). A value that is not known is cleared in the
// form, so the page shows what was applied rather than what was typed.
func listChoices(f *Form, groups []*samspil.TargetGroup, sorts []string) (muni, group, sort string) {
	if m := f.Get("municipality"); m != "" {
		if _, known := refdata.MunicipalityByCode(m); known {
			muni = m
		} else {
			f.Set("municipality", "")
		}
	}
	if g := f.Get("target_group"); g != "" {
		if slices.ContainsFunc(groups, func(x *samspil.TargetGroup) bool { return x.Code == g }) {
			group = g
		} else {
			f.Set("target_group", "")
		}
	}
	sort = sorts[0]
	if slices.Contains(sorts, f.Get("sort")) {
		sort = f.Get("sort")
	}
	f.Set("sort", sort)
	return muni, group, sort
}
