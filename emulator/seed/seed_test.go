package seed

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"testing"

	"github.com/mixcoatl/mixcoatl/catalog"
	"github.com/mixcoatl/mixcoatl/emulator/seed/internal/gen"
)

func TestDefaultParses(t *testing.T) {
	t.Parallel()
	if _, err := Parse(defaultJSON); err != nil {
		t.Fatalf("embedded default seed: %v", err)
	}
	if len(defaultJSON) >= 1<<20 {
		t.Errorf("default.json is %d bytes, want < 1 MiB", len(defaultJSON))
	}
}

// TestDefaultIsGenerated guards against hand edits and a stale file: run
// `go generate ./emulator/seed` after changing internal/gen.
func TestDefaultIsGenerated(t *testing.T) {
	t.Parallel()
	want, err := gen.Generate()
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(defaultJSON, want) {
		t.Fatal("default.json differs from what internal/gen generates; run `go generate ./emulator/seed`")
	}
	again, err := gen.Generate()
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(want, again) {
		t.Fatal("the generator is not deterministic")
	}
}

// The generated digest is the embedded document's: a stale one would make
// every --local state file be prepared again, or, worse, taken as prepared
// for another seed.
func TestDefaultDigestIsTheDocuments(t *testing.T) {
	t.Parallel()
	sum := sha256.Sum256(defaultJSON)
	if got, want := DefaultDigest(), hex.EncodeToString(sum[:]); got != want {
		t.Fatalf("DefaultDigest() = %s, the document's SHA-256 is %s; run `go generate ./emulator/seed`", got, want)
	}
}

func TestDefaultCoversEveryResource(t *testing.T) {
	t.Parallel()
	s := Default()
	count := map[string]int{}
	for _, r := range s.Records() {
		count[r.Kind]++
	}
	for _, res := range catalog.Load().Resources {
		if count[res.Name] == 0 && !res.Derived {
			t.Errorf("the default seed has no %s record", res.Name)
		}
	}
	customers := map[int64]map[string]int{}
	for _, r := range s.Records() {
		if customers[r.Customer] == nil {
			customers[r.Customer] = map[string]int{}
		}
		customers[r.Customer][r.Kind]++
	}
	if len(s.Customers) < 2 {
		t.Fatalf("want at least two customers (isolation tests need them), got %d", len(s.Customers))
	}
	for _, c := range s.Customers {
		for _, kind := range []string{"Customer", "Account", "User", "ApiKey", "Server", "License"} {
			if customers[c.CustomerID][kind] == 0 {
				t.Errorf("customer %d has no %s", c.CustomerID, kind)
			}
		}
	}
}

// TestDefaultDocumentedFacts pins the ids and shapes the project's
// documentation and the task brief promise.
func TestDefaultDocumentedFacts(t *testing.T) {
	t.Parallel()
	s := Default()
	find := func(kind, id string) map[string]any {
		t.Helper()
		for _, r := range s.Records() {
			if r.Kind == kind && r.ID == id {
				var m map[string]any
				if err := json.Unmarshal(r.Data, &m); err != nil {
					t.Fatal(err)
				}
				return m
			}
		}
		t.Fatalf("no %s %s in the default seed", kind, id)
		return nil
	}
	if got := find("Cloud", "1")["computeDelegate"]; got != "org.dasein.cloud.aws.AWSCloud" {
		t.Errorf("cloud 1 computeDelegate = %v", got)
	}
	region := find("Region", "19344")
	if region["name"] != "Oregon (us-west-2)" || region["providerId"] != "us-west-2" {
		t.Errorf("region 19344 = %v", region)
	}
	dc := find("DataCenter", "64351")
	if dc["providerId"] != "us-west-2a" || dc["region"].(map[string]any)["regionId"] != float64(19344) {
		t.Errorf("data centre 64351 = %v", dc)
	}
	for id, name := range map[string]string{"1": "Chef", "2": "Puppet", "3": "Object Store"} {
		if got := find("ConfigurationManagementSystem", id)["name"]; got != name {
			t.Errorf("CM system %s = %v, want %s", id, got, name)
		}
	}
	if got := find("Volume", "5101")["deviceId"]; got != "/dev/sdh" {
		t.Errorf("attached volume deviceId = %v", got)
	}
	statuses := map[string]bool{}
	for _, r := range s.Records() {
		if r.Kind == "Server" {
			var m map[string]any
			if err := json.Unmarshal(r.Data, &m); err != nil {
				t.Fatal(err)
			}
			statuses[m["status"].(string)] = true
		}
		if r.Kind == "ApiKey" && bytes.Contains(r.Data, []byte("secretKey")) {
			t.Errorf("ApiKey record %s exposes a secretKey", r.ID)
		}
	}
	for _, st := range []string{"RUNNING", "PAUSED", "TERMINATED"} {
		if !statuses[st] {
			t.Errorf("no %s server in the default seed", st)
		}
	}
	if first := s.Customers[0]; first.APIKey.AccessKey == "" || first.APIKey.SecretKey == "" {
		t.Error("the first customer has no API key")
	}
}

func TestDefaultRecordsAreIndependentCopies(t *testing.T) {
	t.Parallel()
	s := Default()
	a := s.Records()
	a[0].Data[0] = 'X'
	if b := s.Records(); b[0].Data[0] == 'X' {
		t.Fatal("Records shares its data with the seed")
	}
}

// The records of a Default seed share its objects' bytes, never the
// embedded document's: a caller changing one (Default's seed is theirs)
// changes no later Default.
func TestDefaultDoesNotShareTheEmbeddedDocument(t *testing.T) {
	t.Parallel()
	obj := Default().Customers[0].Resources["Server"][0]
	before := string(obj)
	for i := range obj {
		obj[i] = ' '
	}
	if got := string(Default().Customers[0].Resources["Server"][0]); got != before {
		t.Fatalf("a later Default's Server is %q", got)
	}
}

func TestDefaultJSONIsACopy(t *testing.T) {
	t.Parallel()
	b := DefaultJSON()
	b[0] = 'X'
	if _, err := Parse(DefaultJSON()); err != nil {
		t.Fatalf("DefaultJSON returned the embedded slice: %v", err)
	}
}

// TestDefaultReferencesResolve walks the records independently of Parse:
// every typed reference names a record the owner can see, and no id repeats
// within a resource.
func TestDefaultReferencesResolve(t *testing.T) {
	t.Parallel()
	cat := catalog.Load()
	records := Default().Records()
	owner := map[string]int64{}
	for _, r := range records {
		k := r.Kind + "/" + r.ID
		if r.ID == FlatID {
			continue // one flat record per customer
		}
		if _, dup := owner[k]; dup {
			t.Errorf("%s appears twice", k)
		}
		owner[k] = r.Customer
	}
	checked := 0
	for _, r := range records {
		res, _ := cat.Resource(r.Kind)
		var m map[string]json.RawMessage
		if err := json.Unmarshal(r.Data, &m); err != nil {
			t.Fatal(err)
		}
		for name, raw := range m {
			f, ok := res.Field(name)
			if !ok || f.Ref == "" || (f.Type != catalog.TypeRef && f.Type != catalog.TypeRefs) {
				continue
			}
			var list []map[string]any
			if f.Type == catalog.TypeRef {
				list = make([]map[string]any, 1)
				err := json.Unmarshal(raw, &list[0])
				if err != nil {
					t.Fatalf("%s %s %s: %v", r.Kind, r.ID, name, err)
				}
			} else if err := json.Unmarshal(raw, &list); err != nil {
				t.Fatalf("%s %s %s: %v", r.Kind, r.ID, name, err)
			}
			for _, ref := range list {
				target := fmt.Sprintf("%s/%v", f.Ref, ref[f.RefKey])
				got, ok := owner[target]
				if !ok || (got != 0 && got != r.Customer) {
					t.Errorf("%s %s: %s refers to %s (present %v, owner %d)", r.Kind, r.ID, name, target, ok, got)
				}
				checked++
			}
		}
	}
	if checked < 200 {
		t.Errorf("only %d references checked; the walk is broken", checked)
	}
}
