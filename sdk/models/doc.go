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
//
// A model decoded from the wire writes back every member it read, zero
// values and nulls included (sdk.Presence): read-modify-write and export
// keep encrypted:false, agentVersion:0 or label:null, and a member the
// caller sets to zero is written as zero. A model built in code has read
// nothing and omits its unset (zero) fields. Written back, a value keeps
// its meaning but not always its spelling: members follow the model's
// order, numbers are written in their shortest form (1.0 as 1), a
// timestamp in the wire form in UTC ("" reads as no time and is written as
// null), an amount as an object (the 2011 "USD50.00" form too), a
// reference's id as a number. In XML, where null, "" and an empty list are
// all the empty element, an empty element reads back as "" for a string
// field and as null (or an empty list) otherwise, and is written back as
// the same empty element.
package models

//go:generate go run ../../internal/sdkgen -root ../..
