package ocds

import (
	"bytes"
	"encoding/json"
	"slices"
	"time"

	"github.com/samspil/samspil"
)

// Releases builds the releases of one tender's history (versions oldest
// first). Each release is a full snapshot: it repeats what the earlier
// ones said and lists every amendment and cancellation so far in
// tender.amendments, each pointing at the release it amends.
func Releases(cfg Config, versions []*samspil.TenderVersion, lk Lookup) []*Release {
	sorted := slices.Clone(versions)
	slices.SortStableFunc(sorted, func(a, b *samspil.TenderVersion) int {
		if a.TenderID != b.TenderID {
			if a.TenderID < b.TenderID {
				return -1
			}
			return 1
		}
		return a.Seq - b.Seq
	})
	out := make([]*Release, 0, len(sorted))
	amendments := map[int64][]Amendment{}
	prev := map[int64]string{}
	for _, v := range sorted {
		r := Build(cfg, v, lk)
		if v.Kind == samspil.VersionAmended || v.Kind == samspil.VersionCancelled {
			a := Amendment{ID: "amendment-" + itoa(int64(v.Seq)), Date: r.Date, Rationale: v.Note,
				AmendsReleaseID: prev[v.TenderID], ReleaseID: r.ID}
			if v.Kind == samspil.VersionCancelled {
				a.Description = "Udbuddet er annulleret."
			} else {
				a.Description = "Udbuddet er rettet."
			}
			amendments[v.TenderID] = append(amendments[v.TenderID], a)
		}
		if r.Tender != nil {
			r.Tender.Amendments = slices.Clone(amendments[v.TenderID])
		}
		prev[v.TenderID] = r.ID
		out = append(out, r)
	}
	return out
}

// Publisher identifies who publishes a package.
type Publisher struct {
	Name   string `json:"name"`
	Scheme string `json:"scheme,omitempty"`
	UID    string `json:"uid,omitempty"`
	URI    string `json:"uri,omitempty"`
}

// Links is the pagination extension's links object of a package.
type Links struct {
	Next string `json:"next,omitempty"`
	Prev string `json:"prev,omitempty"`
}

// ReleasePackage is an OCDS release package.
type ReleasePackage struct {
	URI               string     `json:"uri"`
	Version           string     `json:"version"`
	Extensions        []string   `json:"extensions"`
	PublishedDate     string     `json:"publishedDate"`
	Publisher         Publisher  `json:"publisher"`
	License           string     `json:"license,omitempty"`
	PublicationPolicy string     `json:"publicationPolicy,omitempty"`
	Releases          []*Release `json:"releases"`
	Links             *Links     `json:"links,omitempty"`
}

// Record is all releases of one contracting process and its compiled
// release.
type Record struct {
	OCID            string          `json:"ocid"`
	Releases        []*Release      `json:"releases"`
	CompiledRelease json.RawMessage `json:"compiledRelease"`
}

// RecordPackage is an OCDS record package.
type RecordPackage struct {
	URI               string    `json:"uri"`
	Version           string    `json:"version"`
	Extensions        []string  `json:"extensions"`
	PublishedDate     string    `json:"publishedDate"`
	Publisher         Publisher `json:"publisher"`
	License           string    `json:"license,omitempty"`
	PublicationPolicy string    `json:"publicationPolicy,omitempty"`
	Packages          []string  `json:"packages,omitempty"`
	Records           []*Record `json:"records"`
}

func (c Config) publisher() Publisher {
	return Publisher{Name: c.PublisherName, Scheme: c.PublisherScheme, UID: c.PublisherUID, URI: c.PublisherURI}
}

// NewReleasePackage wraps releases in a package published at uri. An
// on-demand package's publishedDate is the date of its latest release.
func NewReleasePackage(cfg Config, uri string, publishedDate time.Time, releases []*Release) *ReleasePackage {
	if releases == nil {
		releases = []*Release{}
	}
	return &ReleasePackage{URI: uri, Version: Version, Extensions: cfg.Extensions(), PublishedDate: stamp(publishedDate),
		Publisher: cfg.publisher(), License: cfg.License, PublicationPolicy: cfg.PublicationPolicy, Releases: releases}
}

// NewRecordPackage groups releases by ocid (in order of first appearance)
// into records with the releases embedded and a compiled release, and
// wraps them in a package published at uri; packages lists the release
// packages the records were built from, when known.
func NewRecordPackage(cfg Config, uri string, publishedDate time.Time, releases []*Release, packages ...string) (*RecordPackage, error) {
	var order []string
	byOCID := map[string][]*Release{}
	for _, r := range releases {
		if _, ok := byOCID[r.OCID]; !ok {
			order = append(order, r.OCID)
		}
		byOCID[r.OCID] = append(byOCID[r.OCID], r)
	}
	pkg := &RecordPackage{URI: uri, Version: Version, Extensions: cfg.Extensions(), PublishedDate: stamp(publishedDate),
		Publisher: cfg.publisher(), License: cfg.License, PublicationPolicy: cfg.PublicationPolicy, Packages: packages,
		Records: make([]*Record, 0, len(order))}
	for _, ocid := range order {
		rel := byOCID[ocid]
		compiled, err := Compile(rel)
		if err != nil {
			return nil, err
		}
		pkg.Records = append(pkg.Records, &Record{OCID: ocid, Releases: rel, CompiledRelease: compiled})
	}
	return pkg, nil
}

// Compile merges the releases of one contracting process (oldest first)
// into a compiled release by the OCDS merge rules: objects merge field by
// field, arrays of objects with an id merge by id, other arrays and
// values are replaced by the later release, and the release-level id,
// date and tag are replaced by those of a compiled release. Because every
// release here is a full snapshot, the result is the last release except
// for objects (lots, documents, enquiries, amendments, parties) that an
// earlier release had and a later one dropped: those stay, as the merge
// rules want the history kept.
func Compile(releases []*Release) (json.RawMessage, error) {
	var merged map[string]any
	for _, r := range releases {
		b, err := json.Marshal(r)
		if err != nil {
			return nil, err
		}
		var m map[string]any
		dec := json.NewDecoder(bytes.NewReader(b))
		dec.UseNumber()
		if err := dec.Decode(&m); err != nil {
			return nil, err
		}
		delete(m, "id")
		delete(m, "date")
		delete(m, "tag")
		if merged == nil {
			merged = m
		} else {
			merged = mergeObject(merged, m)
		}
	}
	if merged == nil {
		return nil, nil
	}
	last := releases[len(releases)-1]
	merged["id"] = last.OCID + "-" + last.Date
	merged["date"] = last.Date
	merged["tag"] = []string{"compiled"}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(merged); err != nil {
		return nil, err
	}
	return bytes.TrimRight(buf.Bytes(), "\n"), nil
}

// mergeObject merges b over a.
func mergeObject(a, b map[string]any) map[string]any {
	for k, bv := range b {
		if bv == nil {
			delete(a, k)
			continue
		}
		av, ok := a[k]
		if !ok {
			a[k] = bv
			continue
		}
		a[k] = mergeValue(av, bv)
	}
	return a
}

func mergeValue(av, bv any) any {
	switch b := bv.(type) {
	case map[string]any:
		if a, ok := av.(map[string]any); ok {
			return mergeObject(a, b)
		}
		return b
	case []any:
		a, ok := av.([]any)
		if !ok || !identified(a) || !identified(b) {
			return b
		}
		return mergeByID(a, b)
	}
	return bv
}

// identified reports whether every element of xs is an object with an id.
func identified(xs []any) bool {
	if len(xs) == 0 {
		return false
	}
	for _, x := range xs {
		m, ok := x.(map[string]any)
		if !ok {
			return false
		}
		if _, ok := m["id"]; !ok {
			return false
		}
	}
	return true
}

// mergeByID merges b's objects into a's by id, keeping a's order and
// appending new ids in b's order.
func mergeByID(a, b []any) []any {
	index := map[string]int{}
	key := func(x any) string {
		id := x.(map[string]any)["id"]
		if s, ok := id.(string); ok {
			return "s" + s
		}
		if n, ok := id.(json.Number); ok {
			return "n" + n.String()
		}
		return "?"
	}
	for i, x := range a {
		index[key(x)] = i
	}
	for _, x := range b {
		k := key(x)
		if i, ok := index[k]; ok {
			a[i] = mergeObject(a[i].(map[string]any), x.(map[string]any))
		} else {
			index[k] = len(a)
			a = append(a, x)
		}
	}
	return a
}
