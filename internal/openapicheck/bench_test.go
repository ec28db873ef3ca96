package openapicheck_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/mixcoatl/mixcoatl/catalog"
	"github.com/mixcoatl/mixcoatl/internal/openapicheck"
	"github.com/mixcoatl/mixcoatl/internal/openapigen"
)

// BenchmarkCheckAnswer is the cost of checking one answer: each get
// example of the newest version's document (a record as the default seed
// holds it, in JSON), and a firewall rule list in XML. The checker is
// built and warmed (first use of each schema) before the clock starts.
func BenchmarkCheckAnswer(b *testing.B) {
	cat := catalog.Load()
	v := cat.CurrentVersion
	ch, err := openapicheck.NewContract(cat).Version(v)
	if err != nil {
		b.Fatal(err)
	}
	type exchange struct{ path, ct, body string }
	var jsonAnswers []exchange
	for _, ex := range getExamples(b, cat, v) {
		jsonAnswers = append(jsonAnswers, exchange{ex.path, jsonType, ex.body})
	}
	var rules strings.Builder
	rules.WriteString("<rules>")
	for i := range 20 {
		fmt.Fprintf(&rules, `<firewallRule firewallRuleId="%d"><firewall firewallId="2"/><permission>ALLOW</permission><direction>INGRESS</direction></firewallRule>`, i+1)
	}
	rules.WriteString("</rules>")
	xmlAnswers := []exchange{{"/network/FirewallRule", xmlType, rules.String()}}
	for _, bc := range []struct {
		name    string
		answers []exchange
	}{{"json", jsonAnswers}, {"xml", xmlAnswers}} {
		b.Run(bc.name, func(b *testing.B) {
			check := func(e exchange) {
				r := signed(http.MethodGet, v+e.path, e.ct, "")
				if got := ch.Response(r, answer(http.StatusOK, e.ct, e.body)); len(got) > 0 {
					b.Fatalf("%s: %v", e.path, got)
				}
			}
			for _, e := range bc.answers {
				check(e)
			}
			b.ReportAllocs()
			b.ResetTimer()
			for i := 0; b.Loop(); i++ {
				check(bc.answers[i%len(bc.answers)])
			}
		})
	}
}

// BenchmarkNew is the cost of loading one version's document: what the
// first checked exchange of a version waits for.
func BenchmarkNew(b *testing.B) {
	doc, err := openapigen.Document(catalog.Load(), catalog.Load().CurrentVersion)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := openapicheck.New(doc); err != nil {
			b.Fatal(err)
		}
	}
}
