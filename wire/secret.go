package wire

import (
	"strings"
	"sync"

	"github.com/mixcoatl/mixcoatl/catalog"
)

// IsSecret reports whether a wire member of that name holds a secret that
// must never be shown: servers leave it out of answers, clients redact it
// from traces, errors and tables. It is the one answer to the question
// everywhere, for the embedded catalogue (see Secrets for another one).
//
// A name the catalogue describes is secret exactly when the catalogue marks
// it so (computeSecretKeyLabel names where a secret is kept and is not one).
// A name it does not describe (a member inside a free-form object, a field
// of a newer API version) is secret when it mentions "password" or
// "secret" in any case, so new variants are covered before anyone lists
// them.
func IsSecret(name string) bool { return embeddedSecrets().IsSecret(name) }

var embeddedSecrets = sync.OnceValue(func() Secrets { return SecretsOf(catalog.Load()) })

// Secrets is IsSecret for a given catalogue, for a server that serves
// another one than the embedded catalogue (a copy with more resources).
type Secrets struct {
	marked map[string]bool
}

// SecretsOf reads which names cat marks secret; a name secret anywhere is
// secret everywhere.
func SecretsOf(cat *catalog.Catalog) Secrets {
	if cat == nil {
		return Secrets{marked: map[string]bool{}}
	}
	// Every emulator start (every `mixcoatl --local` command) builds this
	// map, so it is sized once (names repeat across resources: about half
	// are distinct) and each field costs one lookup.
	n := 0
	for _, r := range cat.Resources {
		n += len(r.Fields)
		for _, op := range r.Ops {
			n += len(op.Fields)
		}
	}
	s := Secrets{marked: make(map[string]bool, n/2)}
	mark := func(fields []*catalog.Field) {
		for _, f := range fields {
			if f.Secret {
				s.marked[f.Name] = true
			} else if _, seen := s.marked[f.Name]; !seen {
				s.marked[f.Name] = false
			}
		}
	}
	for _, r := range cat.Resources {
		mark(r.Fields)
		for _, op := range r.Ops {
			mark(op.Fields)
		}
	}
	return s
}

// IsSecret reports whether a wire member of that name holds a secret.
func (s Secrets) IsSecret(name string) bool {
	if secret, ok := s.marked[name]; ok {
		return secret
	}
	n := strings.ToLower(name)
	return strings.Contains(n, "password") || strings.Contains(n, "secret")
}
