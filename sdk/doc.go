// Package sdk is the generic support of the typed SDK: the codecs of the
// API's value types (Timestamp, Money, Window, ID), lazy references
// (Ref[T]), unknown-member keeping (Extra), JSON and XML decoding of
// collection envelopes into models, the generic reads (Get, List, All,
// Count) and writes (Create, Submit, Perform) that the generated scope
// services call, payload building from the catalogue's op forms (Payload,
// Wrap, Query), waiting for a created resource (Created) and printing
// (Pretty, YAML).
//
// Everything resource-specific comes from the catalogue at run time, by the
// name a model reports (Model.ResourceName), so the generated code stays
// thin and a catalogue change needs only `go generate ./sdk/...`.
//
// Writes are always sent as JSON, whatever format the client reads: the
// API's XML payload vocabulary is known from two samples only.
package sdk
