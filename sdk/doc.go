// Package sdk is the generic support of the typed SDK: the codecs of the
// API's value types (Timestamp, Money, Window, ID), lazy references
// (Ref[T]), unknown-member keeping (Extra), member presence (Presence) and
// the one-pass model codecs (ObjectDecoder, ObjectEncoder), JSON and XML
// decoding of collection envelopes into models, the generic reads (Get,
// List, All, Count) and writes (Create, Submit, Perform) that the generated
// scope services call, payload building from the catalogue's op forms (Payload,
// Wrap, Query), waiting for a created resource (Created) and printing
// (Pretty, YAML).
//
// Under the typed calls is an untyped operation executor (Operation,
// Prepared, Result; Exec, GetItem, ListPages, CountItems) that works on any
// *catalog.Resource: it picks the op form for the client's API version,
// checks required fields and parameters before sending, builds and sends
// the request and decodes jobs or items. The CLI's resource commands and
// name lookups are clients of it too, so these rules exist once.
//
// Everything resource-specific comes from the catalogue at run time, by the
// name a model reports (Model.ResourceName), so the generated code stays
// thin and a catalogue change needs only `go generate ./sdk/...`.
//
// Writes are always sent as JSON, whatever format the client reads: the
// API's XML payload vocabulary is known from two samples only.
package sdk
