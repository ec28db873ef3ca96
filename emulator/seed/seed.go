// Package seed is the emulator's starting data: its JSON format, a parser
// that validates a seed against the resource catalogue, the embedded default
// seed (a 2014-era Dell Cloud Manager account) and a loader that writes a seed
// into a store.
//
// # Format
//
// A seed is one JSON document:
//
//	{
//	  "global": {"<Resource>": [ <wire object>, … ], …},
//	  "customers": [
//	    {
//	      "customerId": 10001,
//	      "apiKey": {"accessKey": "…", "secretKey": "…", "userId": 13516},
//	      "resources": {"<Resource>": [ <wire object>, … ], …}
//	    }
//	  ]
//	}
//
// Resource names are catalogue names ("Server", "DataCenter"). A wire object is
// exactly what the API returns at the basic detail level: references are
// objects holding only the id ({"regionId": 19344}), timestamps are
// "2013-06-04T18:45:12.000+0000", money is {"currency":"USD","value":0.12} and
// budget is a bare billing-code id.
//
// "global" holds what every customer sees and may only contain resources
// the catalogue marks global (Cloud, Region, DataCenter, ServerProduct,
// Subscription, VolumeProduct, RelationalDatabaseProduct,
// ConfigurationManagementSystem and public MachineImage). Everything in a customer's "resources" belongs to that
// customer. The API key of a customer is the secret pair its clients sign
// with; userId is the user the key acts as (-1 for an account-level key).
//
// # Validation
//
// Parse checks every object against the catalogue:
//   - the resource name exists;
//   - the primary key is present with the catalogue's type (int or string),
//     and ids are unique per resource across the whole seed (the emulator's
//     id sequences are per resource, as enStratus's were);
//   - every key is a catalogue field of the resource (placeholder resources,
//     whose fields are guessed, accept any key) and its value has the field's
//     type in the stored wire form (wire.Check, strictly): references are
//     {"<refKey>": id}, enums hold a listed value unless the enum is open,
//     null only where the field is nullable;
//   - references (ref and refs fields naming a catalogue resource, budget and
//     defaultBudget billing-code ids, and primary keys that are another
//     resource's id, like Subscription.regionId, ServerAnalytics.serverId or
//     DeploymentLoadBalancer.loadBalancerId) point at an existing record of the same customer or a global one;
//     global records may only point at global ones;
//   - flat resources (License) appear at most once per section.
//
// Errors name the section, resource, id and field.
package seed

import (
	"bytes"
	_ "embed"
	"encoding/json"

	"github.com/mixcoatl/mixcoatl/catalog"
	"github.com/mixcoatl/mixcoatl/emulator/store"
)

//go:generate go run ./internal/gen/seedgen -o default.json -digest default_digest.go

//go:embed default.json
var defaultJSON []byte

// FlatID is the store id of a flat resource's single record (License).
const FlatID = "license"

// Seed is a parsed, validated seed. Build it with Parse or Default; the
// exported fields are the decoded document, the unexported index is what Load
// writes. The index shares the bytes of the document's objects where they
// are compact already: replace an object of the exported fields, never
// change its bytes in place.
type Seed struct {
	Global    map[string][]json.RawMessage `json:"global"`
	Customers []Customer                   `json:"customers"`

	records []store.Record
	maxIDs  map[string]int64 // per int-keyed resource: the largest seeded id
	parsed  bool             // made by ParseFor: records and maxIDs are its index
}

// Customer is one tenant of the seed.
type Customer struct {
	CustomerID int64                        `json:"customerId"`
	APIKey     APIKey                       `json:"apiKey"`
	Resources  map[string][]json.RawMessage `json:"resources"`
}

// APIKey is a customer's signing key pair and the user it acts as.
type APIKey struct {
	AccessKey string `json:"accessKey"`
	SecretKey string `json:"secretKey"`
	UserID    int64  `json:"userId"` // -1 for an account-level key
}

// Default returns the embedded default seed, freshly parsed (callers may
// modify it). It panics if the embedded data is invalid, which a test guards.
func Default() *Seed {
	s, err := Parse(DefaultJSON())
	if err != nil {
		panic("seed: embedded default seed is invalid: " + err.Error())
	}
	return s
}

// DefaultJSON returns a copy of the embedded default seed document.
func DefaultJSON() []byte { return bytes.Clone(defaultJSON) }

// DefaultDigest is the hex SHA-256 of the embedded default seed document
// (DefaultJSON), computed when it was generated: a `mixcoatl --local`
// command identifies the seed its state file was prepared for without
// copying and hashing the document at every start.
func DefaultDigest() string { return defaultDigest }

// Parse decodes a seed document and validates it against the embedded
// catalogue. Like ParseFor it keeps b.
func Parse(b []byte) (*Seed, error) { return ParseFor(catalog.Load(), b) }

// ParseFor decodes a seed document and validates it against cat, the
// catalogue the emulator that loads it serves. The Seed keeps b: its
// objects (and the records written from them) are slices of it, so a big
// seed costs its document once; b must not be modified afterwards.
func ParseFor(cat *catalog.Catalog, b []byte) (*Seed, error) {
	var s Seed
	if err := decodeDocument(b, &s); err != nil {
		return nil, err
	}
	v := newValidator(cat)
	if err := v.validate(&s); err != nil {
		return nil, err
	}
	s.records, s.maxIDs, s.parsed = v.records, v.maxIDs, true
	return &s, nil
}

// Records returns the store records the seed describes, global ones
// (Customer 0) first, then each customer's, resources in catalogue order.
func (s *Seed) Records() []store.Record {
	out := make([]store.Record, len(s.records))
	for i, r := range s.records {
		r.Data = bytes.Clone(r.Data)
		out[i] = r
	}
	return out
}
