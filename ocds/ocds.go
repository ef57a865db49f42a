// Package ocds turns tenders and their history into Open Contracting Data
// Standard 1.1 releases, records and packages. It imports only the domain:
// the caller (package api) fetches the tender versions, the organisations
// and the documents and hands them over, so the mapping is pure and its
// output is the same bytes for the same input (see the golden files).
//
// docs/opendata.md describes the mapping field by field.
package ocds

import (
	"net/url"
	"strings"
)

// Version is the OCDS version every package declares.
const Version = "1.1"

// The published extensions the releases use, by the URL of their
// extension.json, as the standard's extension registry names them.
const (
	ExtLots                       = "https://raw.githubusercontent.com/open-contracting-extensions/ocds_lots_extension/v1.1.5/extension.json"
	ExtOtherRequirements          = "https://raw.githubusercontent.com/open-contracting-extensions/ocds_otherRequirements_extension/master/extension.json"
	ExtSustainability             = "https://raw.githubusercontent.com/open-contracting-extensions/ocds_sustainability_extension/master/extension.json"
	ExtPartyScale                 = "https://raw.githubusercontent.com/open-contracting-extensions/ocds_partyScale_extension/master/extension.json"
	ExtOrganizationClassification = "https://raw.githubusercontent.com/open-contracting-extensions/ocds_organizationClassification_extension/1.1/extension.json"
	ExtEnquiries                  = "https://raw.githubusercontent.com/open-contracting-extensions/ocds_enquiry_extension/v1.1.5/extension.json"
	ExtLocation                   = "https://raw.githubusercontent.com/open-contracting-extensions/ocds_location_extension/v1.1.5/extension.json"
	ExtPagination                 = "https://raw.githubusercontent.com/open-contracting-extensions/ocds_pagination_extension/master/extension.json"
)

// Paths under the platform's base URL where the API serves the project's
// own extension and the publication policy; package api serves them from
// ExtensionFiles and PublicationPolicy.
const (
	ExtensionPath         = "/api/v1/ocds/extension/"
	PublicationPolicyPath = "/api/v1/ocds/publication-policy"
)

// DefaultLicense is the data licence when the operator sets none: Creative
// Commons Attribution 4.0, the licence Danish public bodies commonly use
// for open data.
const DefaultLicense = "https://creativecommons.org/licenses/by/4.0/"

// Config is the publisher's identity and licence, set by the operator
// (serve flags --ocds-prefix, --ocds-publisher, --ocds-license). Empty
// fields are filled by WithDefaults.
type Config struct {
	OCIDPrefix        string // registered prefix, e.g. "ocds-xxxxxx"
	PublisherName     string
	PublisherScheme   string
	PublisherUID      string
	PublisherURI      string
	License           string // URL of the data licence
	PublicationPolicy string // URL of the publication policy

	// BaseURL is the platform's public address (no trailing slash); it
	// builds the links to tenders, documents and the own extension. Set
	// by WithDefaults.
	BaseURL string
}

// WithDefaults returns c with every empty field derived from the
// platform's base URL, so a server that was given no OCDS flags still
// publishes complete, valid packages. The default OCID prefix is NOT a
// registered one: docs/opendata.md tells how to register a prefix.
func (c Config) WithDefaults(baseURL string) Config {
	baseURL = strings.TrimRight(baseURL, "/")
	if c.BaseURL == "" {
		c.BaseURL = baseURL
	}
	host := "localhost"
	if u, err := url.Parse(c.BaseURL); err == nil && u.Hostname() != "" {
		host = u.Hostname()
	}
	if c.OCIDPrefix == "" {
		c.OCIDPrefix = "samspil-" + slug(host)
	}
	c.OCIDPrefix = strings.TrimRight(c.OCIDPrefix, "-")
	if c.PublisherName == "" {
		c.PublisherName = "Samspil (" + host + ")"
	}
	if c.PublisherURI == "" && c.BaseURL != "" {
		c.PublisherURI = c.BaseURL + "/"
	}
	if c.License == "" {
		c.License = DefaultLicense
	}
	if c.PublicationPolicy == "" && c.BaseURL != "" {
		c.PublicationPolicy = c.BaseURL + PublicationPolicyPath
	}
	return c
}

// OwnExtensionURL is the URL of the project's own extension.json.
func (c Config) OwnExtensionURL() string {
	return c.BaseURL + ExtensionPath + "extension.json"
}

// Extensions lists every extension a release package or record package
// of this platform uses, the project's own last.
func (c Config) Extensions() []string {
	return []string{ExtLots, ExtOtherRequirements, ExtSustainability, ExtPartyScale,
		ExtOrganizationClassification, ExtEnquiries, ExtLocation, c.OwnExtensionURL()}
}

// OCID is the open contracting id of a tender.
func (c Config) OCID(tenderID int64) string {
	return c.OCIDPrefix + "-" + itoa(tenderID)
}

// slug keeps letters, digits and dashes of s in lower case; other
// characters become dashes.
func slug(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
			b.WriteRune(r)
		} else {
			b.WriteByte('-')
		}
	}
	return strings.Trim(b.String(), "-")
}
