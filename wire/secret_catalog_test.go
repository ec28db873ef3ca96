package wire

import (
	"testing"

	"github.com/mixcoatl/mixcoatl/catalog"
)

func TestSecretsOfACatalogue(t *testing.T) {
	t.Parallel()
	cat, err := catalog.Parse([]byte(`{"resources":[
		{"name":"Vault","fields":[{"name":"vaultId","type":"int"},{"name":"token","type":"string","secret":true},
			{"name":"passwordHint","type":"string"}],
		 "ops":[{"kind":"create","verb":"addVault","fields":[{"name":"unsealKey","type":"string","secret":true}]}]}]}`))
	if err != nil {
		t.Fatal(err)
	}
	s := SecretsOf(cat)
	for name, want := range map[string]bool{
		"token":         true,  // marked on a field
		"unsealKey":     true,  // marked on a payload field
		"passwordHint":  false, // described and not marked
		"vaultId":       false,
		"password":      true, // not described: IsSecret's answer
		"adminPassword": true,
		"name":          false,
	} {
		if got := s.IsSecret(name); got != want {
			t.Errorf("IsSecret(%q) = %v, want %v", name, got, want)
		}
	}
	if !SecretsOf(nil).IsSecret("secretKey") || SecretsOf(nil).IsSecret("name") {
		t.Error("without a catalogue, Secrets is not IsSecret")
	}
}

// A name marked secret on any field is secret, whether that field comes
// before or after the fields that do not mark it.
func TestSecretsOfMarkedAnywhere(t *testing.T) {
	t.Parallel()
	cat, err := catalog.Parse([]byte(`{"resources":[
		{"name":"A","fields":[{"name":"later","type":"string"},{"name":"earlier","type":"string","secret":true}],
		 "ops":[{"kind":"create","verb":"addA","fields":[{"name":"later","type":"string","secret":true}]}]},
		{"name":"B","fields":[{"name":"earlier","type":"string"},{"name":"never","type":"string"}]}]}`))
	if err != nil {
		t.Fatal(err)
	}
	s := SecretsOf(cat)
	for name, want := range map[string]bool{"later": true, "earlier": true, "never": false} {
		if got := s.IsSecret(name); got != want {
			t.Errorf("IsSecret(%q) = %v, want %v", name, got, want)
		}
	}
}
