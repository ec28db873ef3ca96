// Package sdkwrites holds only tests: an end-to-end run of every create,
// update, action and delete operation of the resource catalogue through the
// typed SDK (admin, automation, infrastructure, … services) against the
// in-process emulator of dcmtest, so that no generated write method goes
// untested, and a check that every required payload field is enforced
// before any request is sent.
//
// The conformance tests run the same walk, and every read of every
// resource, with each request and answer checked against its API version's
// OpenAPI document (internal/openapicheck), in JSON and XML. A general
// OpenAPI 3.1 validator (libopenapi-validator, linked by the tests only)
// judges the same traffic, and systematic breakages of every operation's
// bodies and parameters, and must give the checker's verdict on each
// (agreement_test.go, mutations_test.go).
//
// The walk is driven by the catalogue: a write operation without an SDK
// method, or without a case in the test's fixture table, fails the test.
package sdkwrites
