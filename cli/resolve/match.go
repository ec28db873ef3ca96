package resolve

import "github.com/mixcoatl/mixcoatl/catalog"

// matchOrder ranks the fields a reference may be given by: the cloud's own
// ids first (unique within a region by construction), then keys and names
// chosen by people, then looser descriptive names. It is a function so the
// order cannot be changed from outside.
func matchOrder() []string {
	return []string{
		"providerId", "providerProductId", "ruleProviderId", "accessKey",
		"name", "label", "friendlyName", "email", "billingEmail", "alphaName",
		"businessName", "financeCode", "dnsName",
	}
}

// MatchFields is the ordered list of fields Resolve compares a text with for
// a resource: the fields of the ranking above that the catalogue gives the
// resource as strings. Empty means the resource can only be given by id.
func MatchFields(res *catalog.Resource) []string {
	var out []string
	for _, name := range matchOrder() {
		if f, ok := res.Field(name); ok && f.Type == catalog.TypeString {
			out = append(out, name)
		}
	}
	return out
}
