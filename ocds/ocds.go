// Package ocds turns tenders and their history into Open Contracting Data
// Standard 1.1 releases, records and packages. It imports only the domain.
package ocds

// Config is the publisher's identity and licence, set by the operator.
// STUB: the OCDS helper fills in the package.
type Config struct {
	OCIDPrefix        string // registered prefix, e.g. "ocds-xxxxxx"
	PublisherName     string
	PublisherScheme   string
	PublisherUID      string
	PublisherURI      string
	License           string // URL of the data licence
	PublicationPolicy string // URL of the publication policy
}
