package seed

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
	"unsafe"
)

// smallSeed is a minimal valid seed: two customers, a few global records.
const smallSeed = `{
 "global": {
  "Cloud": [{"cloudId": 1, "name": "Amazon Web Services"}],
  "Region": [{"regionId": 10, "name": "Oregon (us-west-2)", "cloud": {"cloudId": 1}}],
  "DataCenter": [{"dataCenterId": 100, "name": "us-west-2a", "region": {"regionId": 10}}],
  "Subscription": [{"regionId": 10, "subscribedServer": true}]
 },
 "customers": [
  {"customerId": 5, "apiKey": {"accessKey": "AAAA", "secretKey": "sss", "userId": 7},
   "resources": {
    "User": [{"userId": 7, "givenName": "Jane"}],
    "BillingCode": [{"billingCodeId": 3, "name": "Engineering", "currentUsage": {"currency": "USD", "value": 1.5}}],
    "Server": [{"serverId": 9, "status": "RUNNING", "region": {"regionId": 10}, "budget": 3, "startDate": "2014-06-04T10:00:00.000+0000"}],
    "ServerAnalytics": [{"serverId": 9, "intervalInMinutes": 60}],
    "Budget": [{"budgetId": 1, "name": "FY2014"}],
    "ApiKey": [{"accessKey": "AAAA", "name": "jane"}],
    "License": [{"licensee": "Acme"}]
   }},
  {"customerId": 6, "apiKey": {"accessKey": "BBBB", "secretKey": "ttt", "userId": -1},
   "resources": {"Server": [{"serverId": 11, "status": "PAUSED"}]}}
 ]
}`

func TestParseSmallSeed(t *testing.T) {
	t.Parallel()
	s, err := Parse([]byte(smallSeed))
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]int64{}
	for _, r := range s.Records() {
		got[r.Kind+"/"+r.ID] = r.Customer
	}
	want := map[string]int64{"Cloud/1": 0, "Region/10": 0, "DataCenter/100": 0, "Subscription/10": 0,
		"User/7": 5, "BillingCode/3": 5, "Server/9": 5, "ServerAnalytics/9": 5, "Budget/1": 5,
		"ApiKey/AAAA": 5, "License/" + FlatID: 5, "Server/11": 6}
	if len(got) != len(want) {
		t.Errorf("records = %v, want %v", got, want)
	}
	for k, c := range want {
		if gc, ok := got[k]; !ok || gc != c {
			t.Errorf("record %s: customer %d (present %v), want %d", k, gc, ok, c)
		}
	}
	if s.maxIDs["Server"] != 11 || s.maxIDs["User"] != 7 {
		t.Errorf("max ids = %v", s.maxIDs)
	}
	if _, ok := s.maxIDs["ApiKey"]; ok {
		t.Error("string-keyed ApiKey got an id sequence")
	}
}

func TestParseRejects(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name     string
		old, new string // replace old (must occur) by new in smallSeed
		want     []string
	}{
		{"not a document", `"customers": [`, `"tenants": [`, []string{"not a seed document", "tenants"}},
		{"trailing data", "\n}", "\n} {}", []string{"trailing data"}},
		{"trailing brace", "\n}", "\n}}", []string{"trailing data"}},
		{"unknown customer member", `"customerId": 6,`, `"customerId": 6, "tenant": 1,`, []string{"not a seed document", `unknown field "tenant"`}},
		{"unknown apiKey member", `"secretKey": "ttt",`, `"secretKey": "ttt", "region": "eu",`, []string{"not a seed document", `unknown field "region"`}},
		{"wrong member type", `"customerId": 6,`, `"customerId": "6",`, []string{"not a seed document", "customerId"}},
		{"invalid JSON", `"customerId": 6,`, `"customerId": 6,,`, []string{"not a seed document", "invalid character"}},
		{"unknown resource", `"Budget": [`, `"Budgte": [`, []string{`customer 5: unknown resource "Budgte"`}},
		{"customer resource in global", `"Subscription": [{"regionId": 10, "subscribedServer": true}]`,
			`"Subscription": [{"regionId": 10}], "Server": [{"serverId": 1}]`, []string{"global: resource Server cannot be global"}},
		{"not an object", `"Server": [{"serverId": 11, "status": "PAUSED"}]`, `"Server": [11]`,
			[]string{"customer 6: Server[0]: want a JSON object, got the number 11"}},
		{"missing key", `{"serverId": 11, "status": "PAUSED"}`, `{"status": "PAUSED"}`,
			[]string{`customer 6: Server[0]: missing primary key "serverId"`}},
		{"int key as string", `"serverId": 11,`, `"serverId": "11",`, []string{`primary key "serverId" must be a positive integer, got the string "11"`}},
		{"string key as number", `"ApiKey": [{"accessKey": "AAAA"`, `"ApiKey": [{"accessKey": 4`,
			[]string{`ApiKey[0]: primary key "accessKey" must be a non-empty string`}},
		{"duplicate id", `"Budget": [{"budgetId": 1, "name": "FY2014"}]`, `"Budget": [{"budgetId": 1}, {"budgetId": 1}]`,
			[]string{"customer 5: Budget 1: id already used (by customer 5)"}},
		{"duplicate id across customers", `"serverId": 11,`, `"serverId": 9,`, []string{"customer 6: Server 9: id already used (by customer 5)"}},
		{"dangling reference", `"region": {"regionId": 10}, "budget"`, `"region": {"regionId": 99}, "budget"`,
			[]string{`customer 5: Server 9: field "region" refers to Region 99, which is not in the seed`}},
		{"other customer's record", `"serverId": 11, "status": "PAUSED"`, `"serverId": 11, "budget": 3`,
			[]string{`customer 6: Server 11: field "budget" refers to BillingCode 3, which belongs to customer 5`}},
		{"dangling budget", `"budget": 3,`, `"budget": 4,`, []string{`Server 9: field "budget" refers to BillingCode 4`}},
		{"dangling key target", `"ServerAnalytics": [{"serverId": 9`, `"ServerAnalytics": [{"serverId": 12`,
			[]string{`ServerAnalytics 12: field "serverId" refers to Server 12, which is not in the seed`}},
		{"subscription of no region", `[{"regionId": 10, "subscribedServer": true}]`, `[{"regionId": 12}]`,
			[]string{`global: Subscription 12: field "regionId" refers to Region 12`}},
		{"unknown field", `"givenName": "Jane"`, `"givenName": "Jane", "colour": "red"`,
			[]string{`customer 5: User 7: unknown field "colour" (not a catalogue field of User)`}},
		{"wrong scalar type", `"givenName": "Jane"`, `"givenName": 5`, []string{`User 7: field "givenName": want a string, got the number 5`}},
		{"enum value", `"status": "PAUSED"`, `"status": "HAPPY"`, []string{`Server 11: field "status": "HAPPY" is not one of PENDING|RUNNING`}},
		{"timestamp form", `"2014-06-04T10:00:00.000+0000"`, `"2014-06-04 10:00:00"`,
			[]string{`Server 9: field "startDate": timestamp "2014-06-04 10:00:00" is not in the form`}},
		{"timestamp zone", `"2014-06-04T10:00:00.000+0000"`, `"2014-06-04T10:00:00.000+0200"`, []string{`field "startDate": timestamp`}},
		{"reference as bare id", `"region": {"regionId": 10}, "budget"`, `"region": 10, "budget"`,
			[]string{`Server 9: field "region": want a reference {"regionId": id}, got the number 10`}},
		{"reference with extra keys", `"region": {"regionId": 10}, "budget"`, `"region": {"regionId": 10, "name": "x"}, "budget"`,
			[]string{`field "region": a reference holds exactly one key, "regionId"`}},
		{"reference id type", `"cloud": {"cloudId": 1}`, `"cloud": {"cloudId": "one"}`, []string{`Region 10: field "cloud": cloudId must be an integer`}},
		{"money shape", `{"currency": "USD", "value": 1.5}`, `1.5`, []string{`BillingCode 3: field "currentUsage": want money`}},
		{"money currency", `{"currency": "USD", "value": 1.5}`, `{"currency": "dollars", "value": 1.5}`, []string{"three-letter"}},
		{"null where not nullable", `"givenName": "Jane"`, `"givenName": null`, []string{`User 7: field "givenName" is null`}},
		{"two flat records", `"License": [{"licensee": "Acme"}]`, `"License": [{"licensee": "Acme"}, {"licensee": "Acme"}]`,
			[]string{"customer 5: License is a single flat object, got 2"}},
		{"customer id twice", `"customerId": 6`, `"customerId": 5`, []string{"customer 5: customerId listed twice"}},
		{"customer id zero", `"customerId": 6`, `"customerId": 0`, []string{"customers[1]: customerId must be a positive integer"}},
		{"key without secret", `"secretKey": "ttt"`, `"secretKey": ""`, []string{"customer 6: apiKey needs both accessKey and secretKey"}},
		{"shared access key", `"accessKey": "BBBB"`, `"accessKey": "AAAA"`, []string{`customer 6: apiKey accessKey "AAAA" is also the key of customer 5`}},
		{"key of a missing user", `"userId": 7},`, `"userId": 8},`, []string{`customer 5: apiKey: field "userId" refers to User 8`}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			if !strings.Contains(smallSeed, tc.old) {
				t.Fatalf("test bug: %q is not in smallSeed", tc.old)
			}
			_, err := Parse([]byte(strings.Replace(smallSeed, tc.old, tc.new, 1)))
			if err == nil {
				t.Fatal("Parse accepted the bad seed")
			}
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q\ndoes not mention %q", err, w)
				}
			}
		})
	}
}

func TestParsePlaceholderAcceptsAnyField(t *testing.T) {
	t.Parallel()
	doc := strings.Replace(smallSeed, `"name": "FY2014"`, `"name": "FY2014", "amount": 12`, 1)
	if _, err := Parse([]byte(doc)); err != nil {
		t.Fatalf("placeholder Budget with an extra field: %v", err)
	}
}

func TestParseListsSeveralProblems(t *testing.T) {
	t.Parallel()
	doc := strings.Replace(smallSeed, `"givenName": "Jane"`, `"givenName": 1, "x": 2`, 1)
	_, err := Parse([]byte(doc))
	if err == nil || !strings.Contains(err.Error(), "2 problems") {
		t.Fatalf("want both problems reported, got %v", err)
	}
}

// An object's problems are listed in the order of its keys, the same at
// every run, and name the object.
func TestParseListsProblemsInKeyOrder(t *testing.T) {
	t.Parallel()
	doc := strings.Replace(smallSeed, `"givenName": "Jane"`, `"zz": 1, "givenName": 2, "mm": 3, "aa": 4`, 1)
	want := `seed: 4 problems:
  customer 5: User 7: unknown field "aa" (not a catalogue field of User)
  customer 5: User 7: field "givenName": `
	for range 20 {
		_, err := Parse([]byte(doc))
		if err == nil || !strings.HasPrefix(err.Error(), want) || !strings.HasSuffix(err.Error(), `unknown field "zz" (not a catalogue field of User)`) {
			t.Fatalf("got %v\nwant it to start with %s and end with zz", err, want)
		}
	}
}

// Member names match as encoding/json matches struct fields: whatever the
// case.
func TestParseMemberNamesIgnoreCase(t *testing.T) {
	t.Parallel()
	doc := strings.Replace(strings.Replace(smallSeed, `"customerId": 6`, `"CustomerID": 6`, 1), `"accessKey": "BBBB"`, `"ACCESSKEY": "BBBB"`, 1)
	s, err := Parse([]byte(doc))
	if err != nil {
		t.Fatal(err)
	}
	if c := s.Customers[1]; c.CustomerID != 6 || c.APIKey.AccessKey != "BBBB" {
		t.Errorf("second customer = %+v", c)
	}
}

// A compact document is held once: the Seed's objects and the records
// Load writes are slices of it, not copies. An indented one's records are
// compacted.
func TestParseKeepsCompactDocument(t *testing.T) {
	t.Parallel()
	var compact bytes.Buffer
	if err := json.Compact(&compact, []byte(smallSeed)); err != nil {
		t.Fatal(err)
	}
	doc := compact.Bytes()
	s, err := Parse(doc)
	if err != nil {
		t.Fatal(err)
	}
	inDoc := func(b []byte) bool {
		start := uintptr(unsafe.Pointer(unsafe.SliceData(doc)))
		p := uintptr(unsafe.Pointer(unsafe.SliceData(b)))
		return p >= start && p+uintptr(len(b)) <= start+uintptr(len(doc))
	}
	if raw := s.Customers[0].Resources["Server"][0]; !inDoc(raw) || string(raw) != `{"serverId":9,"status":"RUNNING","region":{"regionId":10},"budget":3,"startDate":"2014-06-04T10:00:00.000+0000"}` {
		t.Errorf("Server 9 object %s: a slice of the document: %v", raw, inDoc(raw))
	}
	for _, r := range s.records {
		if !inDoc(r.Data) {
			t.Errorf("record %s %s is a copy", r.Kind, r.ID)
		}
	}
	indented, err := Parse([]byte(smallSeed))
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range indented.records {
		compact.Reset()
		if err := json.Compact(&compact, r.Data); err != nil || !bytes.Equal(compact.Bytes(), r.Data) {
			t.Errorf("record %s %s not compacted: %s", r.Kind, r.ID, r.Data)
		}
	}
}
