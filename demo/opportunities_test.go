package demo_test

import (
	"reflect"
	"slices"
	"testing"
	"time"

	"github.com/samspil/samspil"
	"github.com/samspil/samspil/demo"
	"github.com/samspil/samspil/refdata"
)

// refs gives the demo organisations ids 1.. and adds a municipality
// organisation per municipality, as a loaded database has.
func refs() []demo.OrgRef {
	var out []demo.OrgRef
	id := int64(0)
	for _, m := range refdata.Municipalities() {
		id++
		out = append(out, demo.OrgRef{ID: id, Name: m.Name + " Kommune", Kind: samspil.OrgKommune, Municipality: m.Code, CPVCodes: []string{}, TargetGroups: []string{}})
	}
	for o := range demo.OrganisationSeq(2000, 1, nil) {
		id++
		o.ID = id
		out = append(out, demo.RefOf(o))
	}
	return out
}

func checkOpp(t *testing.T, o *samspil.Opportunity, poster samspil.OrgKind, now time.Time) {
	t.Helper()
	c := *o
	c.CPVCodes = slices.Clone(o.CPVCodes)
	if err := c.Validate(refdata.Catalog, now); err != nil {
		t.Fatalf("%q does not validate: %v", o.Title, err)
	}
	if !o.Kind.CanBePostedBy(poster) {
		t.Fatalf("%q: a %s cannot post %s", o.Title, poster, o.Kind)
	}
	if o.CreatedAt.After(now) || o.OrganisationID == 0 {
		t.Fatalf("%q: created %v org %d", o.Title, o.CreatedAt, o.OrganisationID)
	}
	groups := map[string]bool{}
	for _, g := range samspil.DefaultTargetGroups {
		groups[g.Code] = true
	}
	for _, g := range o.TargetGroups {
		if !groups[g] {
			t.Fatalf("%q: unknown target group %q", o.Title, g)
		}
	}
}

func TestOpportunitySeq(t *testing.T) {
	now := time.Date(2026, 11, 28, 9, 0, 0, 0, time.UTC)
	rs := refs()
	kindOf := map[int64]samspil.OrgKind{}
	for _, r := range rs {
		kindOf[r.ID] = r.Kind
	}
	var a []*samspil.Opportunity
	kinds := map[samspil.OpportunityKind]int{}
	for o := range demo.OpportunitySeq(3000, 5, rs, now) {
		checkOpp(t, o, kindOf[o.OrganisationID], now)
		kinds[o.Kind]++
		a = append(a, o)
	}
	if len(a) != 3000 {
		t.Fatalf("%d opportunities", len(a))
	}
	for _, k := range samspil.OpportunityKinds {
		if kinds[k] < 50 {
			t.Errorf("only %d of kind %s", kinds[k], k)
		}
	}
	var b []*samspil.Opportunity
	for o := range demo.OpportunitySeq(3000, 5, rs, now) {
		b = append(b, o)
	}
	if !reflect.DeepEqual(a, b) {
		t.Fatal("the generator is not deterministic")
	}
}

func TestHandwrittenOpportunities(t *testing.T) {
	now := time.Date(2026, 11, 28, 9, 0, 0, 0, time.UTC)
	byName := map[string]demo.OrgRef{}
	for _, r := range refs() {
		if r.Kind == samspil.OrgKommune {
			byName["kommune:"+r.Municipality] = r
		} else {
			byName[r.Name] = r
		}
	}
	hw := demo.HandwrittenOpportunities(byName, now)
	if len(hw) < 28 {
		t.Fatalf("%d hand-written opportunities", len(hw))
	}
	kinds := map[samspil.OpportunityKind]int{}
	accepted := 0
	for _, h := range hw {
		o := h.Opportunity
		checkOpp(t, o, byName[posterName(byName, o.OrganisationID)].Kind, now)
		kinds[o.Kind]++
		for _, name := range h.Interested {
			r, ok := byName[name]
			if !ok || r.ID == o.OrganisationID {
				t.Fatalf("%q: interested %q unknown or the owner", o.Title, name)
			}
		}
		if h.Accept {
			accepted++
		}
	}
	if len(kinds) != len(samspil.OpportunityKinds) || accepted != 1 {
		t.Fatalf("kinds %v, accepted %d", kinds, accepted)
	}
	for _, p := range demo.CompletedPartnerships {
		if _, ok := byName[p.Owner]; !ok {
			t.Errorf("partnership owner %q unknown", p.Owner)
		}
		if _, ok := byName[p.Party]; !ok {
			t.Errorf("partnership party %q unknown", p.Party)
		}
	}
}

func posterName(byName map[string]demo.OrgRef, id int64) string {
	for n, r := range byName {
		if r.ID == id {
			return n
		}
	}
	return ""
}
