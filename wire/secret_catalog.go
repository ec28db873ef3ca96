package wire

import "github.com/mixcoatl/mixcoatl/catalog"

// Secrets is IsSecret for a given catalogue, for a server that serves
// another one than the embedded catalogue (a copy with more resources): a
// name that catalogue describes is secret exactly when it marks the name
// so, and any other name is secret when IsSecret says so.
type Secrets struct {
	marked map[string]bool
}

// SecretsOf reads which names cat marks secret.
func SecretsOf(cat *catalog.Catalog) Secrets {
	s := Secrets{marked: map[string]bool{}}
	if cat == nil {
		return s
	}
	for _, r := range cat.Resources {
		s.mark(r.Fields)
		for _, op := range r.Ops {
			s.mark(op.Fields)
		}
	}
	return s
}

// mark records fields; a name secret anywhere is secret everywhere.
func (s Secrets) mark(fields []*catalog.Field) {
	for _, f := range fields {
		s.marked[f.Name] = s.marked[f.Name] || f.Secret
	}
}

// IsSecret reports whether a wire member of that name holds a secret.
func (s Secrets) IsSecret(name string) bool {
	if secret, ok := s.marked[name]; ok {
		return secret
	}
	return IsSecret(name)
}
