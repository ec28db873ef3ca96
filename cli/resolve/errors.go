package resolve

import (
	"fmt"
	"net/url"
	"strings"

	"github.com/mixcoatl/mixcoatl/wire"
)

// ScopeError is a lookup that needs a filter the caller did not give, such
// as a data centre name without a region.
type ScopeError struct {
	Resource string   // catalogue name, e.g. "DataCenter"
	Text     string   // what the user typed
	Missing  []string // wire names of the missing filters, e.g. ["regionId"]
}

// Error reads like "--datacenter us-west-2a needs --region".
func (e *ScopeError) Error() string {
	flags := make([]string, len(e.Missing))
	for i, m := range e.Missing {
		flags[i] = "--" + FilterFlag(m)
	}
	return fmt.Sprintf("--%s %s needs %s (or give the %s by id)", FlagName(e.Resource), e.Text, strings.Join(flags, " and "), e.Resource)
}

// NotFoundError is a text that matches nothing.
type NotFoundError struct {
	Resource string
	Text     string
	Fields   []string   // the match fields compared
	Scope    url.Values // the filters the list was narrowed by
}

// Error reads like `no DataCenter has providerId or name "us-west-9z" (regionId=19344)`.
func (e *NotFoundError) Error() string {
	msg := fmt.Sprintf("no %s has %s %q", e.Resource, strings.Join(e.Fields, " or "), e.Text)
	if len(e.Scope) > 0 {
		msg += " (" + e.Scope.Encode() + ")"
	}
	return msg
}

// Candidate is one of several items an ambiguous text matches.
type Candidate struct {
	ID   string
	Name string
}

// AmbiguousError is a text that matches several items equally well.
type AmbiguousError struct {
	Resource   string
	Text       string
	Field      string // the match field they share the text on
	Candidates []Candidate
}

// Error lists every candidate, so the user can pick one by id.
func (e *AmbiguousError) Error() string {
	parts := make([]string, len(e.Candidates))
	for i, c := range e.Candidates {
		parts[i] = c.ID
		if c.Name != "" {
			parts[i] += " (" + c.Name + ")"
		}
	}
	return fmt.Sprintf("%q matches %d %s by %s: %s; give the id instead", e.Text, len(e.Candidates), e.Resource, e.Field, strings.Join(parts, ", "))
}

// specialFlag is the CLI flag of a resource whose flag is not simply its
// name in lower kebab case.
func specialFlag(resource string) (string, bool) {
	switch resource {
	case "DataCenter":
		return "datacenter", true
	case "MachineImage":
		return "image", true
	case "ServerProduct":
		return "product", true
	}
	return "", false
}

// FlagName is the reference flag of a resource, without dashes: "region" for
// Region, "datacenter" for DataCenter, "billing-code" for BillingCode.
func FlagName(resource string) string {
	if f, ok := specialFlag(resource); ok {
		return f
	}
	return wire.Kebab(resource)
}

// FilterFlag is the flag that sets a list filter: "regionId" → "region",
// "machineImageId" → "image", "cmAccountId" → "cm-account", "engine" → "engine".
func FilterFlag(filter string) string {
	base, ok := strings.CutSuffix(filter, "Id")
	if !ok || base == "" {
		return wire.Kebab(filter)
	}
	return FlagName(strings.ToUpper(base[:1]) + base[1:])
}
