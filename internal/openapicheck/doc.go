// Package openapicheck checks requests and answers against the API's
// OpenAPI 3.1 documents (internal/openapigen, one per API version). The
// conformance tests use it, and so does the emulator's opt-in
// --validate-responses mode.
//
// The checker is this package's own: it reads exactly the subset of
// OpenAPI 3.1 and JSON Schema 2020-12 the generator emits (operations by
// method and path template, path, query and header parameters, apiKey
// security in headers, request bodies, answers by status code and content
// type, response headers; the schema keywords type, $ref, properties,
// required, additionalProperties, items, enum, pattern, minItems, minimum,
// maximum, oneOf, not and xml, with description, examples and default read
// as annotations). Loading a document fails on anything else, naming the
// key and where it is, so that a generator change the checker does not
// follow is seen, never silently passed. A document is compiled once, its
// patterns once each; nothing is done at package init.
//
// The general validator it replaces, github.com/pb33f/libopenapi-validator,
// stays in the tests only: it validates the documents themselves against
// OpenAPI 3.1 (documents_test.go), and it is the reference the checker must
// agree with on the conformance traffic and on systematic breakages of
// every operation (internal/sdkwrites). Linking it cost the mixcoatl binary
// 18 MB and 6 ms of every start (its JSON Schema package's init) for an
// opt-in mode; TestNoBuildLinksAPb33fPackage keeps it out.
//
// One verdict differs on purpose: an answer whose JSON body is null is
// checked against its schema (and refused), where the reference reads it
// as no body and accepts it.
//
// A violation says where (a JSON pointer into the body, or an XML path
// for an XML body), what the document wants and what was found; the value
// of a secret field (wire.IsSecret) is never shown, only its type.
//
// XML bodies are read by this package's decoder (xml.go), which follows
// the documents' xml objects, into the JSON value the schema describes.
package openapicheck
