// Package openapigen writes the API's contract: one OpenAPI 3.1 document per
// API version, generated from the resource catalogue, the data that also
// drives the SDK, the CLI and the emulator. The documents are committed
// under openapi/ (go generate, checked fresh in CI), served by the emulator
// at /api/enstratus/<version>/openapi.json and printed by `mixcoatl
// openapi`; each comes from Document, so the three are the same bytes.
//
// What a document says, and where it chose (README, "Using the API from
// other languages", and docs/emulator-behaviour.md sum it up):
//
//   - Every path and operation the version has: list (filters, paging),
//     get, HEAD count, each create, update, action and delete form of the
//     version with its payload wrapper. The update and action verbs of a
//     resource share PUT on the item, so their payloads are one oneOf, told
//     apart by the verb key each requires.
//   - Answers in JSON and XML; request payloads in JSON only, as every
//     known client sent them (the XML payload vocabulary is known from two
//     samples, spec §14).
//   - Per resource, <Name> is the answer at basic detail (a reference
//     holds only the target's id: <Target>Ref) and <Name>Extended the one at
//     extended detail (a reference is the target's basic form, or stays
//     bare when the target is missing). Answers are described by
//     <Name>Extended, which also accepts the basic and none levels, since
//     the level is chosen by a request header (x-es-details). Answers are
//     closed (additionalProperties false): a field of another API version
//     is a violation.
//   - Payload members another version of the operation takes are `not {}`
//     (the catalogue's outOfVersion policy refuses them); members no
//     version knows are allowed and ignored, as by the server.
//   - Examples: path ids, filters and payload fields carry the catalogue's
//     examples, and a get's answer the default seed's example record as the
//     version answers it, so that each runs as printed against mixcoatl
//     --local.
//   - XML: a resource's key and a reference's id are attributes, arrays
//     are wrapped with one element per entry (wire.ItemElement), a
//     property's element is its name; xml.name on a component names the
//     root or array entry it describes, never a property that refers to it.
package openapigen

//go:generate go run ./cmd/openapigen -o ../../openapi
