// Package models holds the typed model of every catalogue resource, generated
// from the catalogue. The scope packages (infrastructure, geography, …)
// re-export each model under its scope (infrastructure.Server is
// models.Server); the models live together here because references cross
// scopes in both directions (a Server references a Firewall, a Firewall's
// rules reference servers), which separate packages could not express.
//
// Every model keeps the wire names (JSON and XML), decodes JSON and XML into
// the same fields, keeps unknown members in Extra and writes them back, and
// prints readably (String, Pretty).
package models

//go:generate go run ../../internal/sdkgen -root ../..
