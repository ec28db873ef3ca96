package wire

import (
	"strings"
	"sync"

	"github.com/mixcoatl/mixcoatl/catalog"
)

// IsSecret reports whether a wire member of that name holds a secret that
// must never be shown: servers leave it out of answers, clients redact it
// from traces, errors and tables. It is the one answer to the question
// everywhere.
//
// A name the catalogue describes is secret exactly when the catalogue marks
// it so (computeSecretKeyLabel names where a secret is kept and is not one).
// A name it does not describe (a member inside a free-form object, a field
// of a newer API version) is secret when it mentions "password" or
// "secret" in any case, so new variants are covered before anyone lists
// them.
func IsSecret(name string) bool {
	known := catalogSecrets()
	if secret, ok := known[name]; ok {
		return secret
	}
	n := strings.ToLower(name)
	return strings.Contains(n, "password") || strings.Contains(n, "secret")
}

var catalogSecrets = sync.OnceValue(func() map[string]bool {
	out := map[string]bool{}
	mark := func(f *catalog.Field) { out[f.Name] = out[f.Name] || f.Secret }
	for _, r := range catalog.Load().Resources {
		for _, f := range r.Fields {
			mark(f)
		}
		for _, op := range r.Ops {
			for _, f := range op.Fields {
				mark(f)
			}
		}
	}
	return out
})
