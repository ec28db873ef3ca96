// Package wire is the protocol of the enStratus API: what a client and a
// server must agree on, written once for both. It holds the header and
// query names, the base path and timestamp layout, request signing (the
// client signs with the same code the emulator verifies with), the naming
// rules that turn catalogue names into wire and XML names, which fields
// hold secrets, and the value checks per catalogue type. Its validating
// JSON scanner is the leaf package wire/jsonscan, which imports nothing of
// the project, so that code with no business with the catalogue (the
// stores) can use it without importing the catalogue.
//
// Both the client core (dcm, sdk, cli) and the emulator import wire; they
// never import each other. The only intentional cross-check of this
// package is internal/acceptance, a client written from the specification
// alone.
package wire
