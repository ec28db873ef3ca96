package output

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/mixcoatl/mixcoatl/catalog"
	"github.com/mixcoatl/mixcoatl/internal/jsontree"
	"sigs.k8s.io/yaml"
)

func TestColumnsNestedPaths(t *testing.T) {
	t.Parallel()
	opts := Options{Format: CSV, Resource: testServer(),
		Columns: []string{"SERVERID", "region.regionId", "firewalls.firewallId", "cost.value"}}
	got := printList(t, opts, server1, server2)
	want := "serverId,region.regionId,firewalls.firewallId,cost.value\n1,19344,7;8,0.12\n2,19345,,\n"
	if got != want {
		t.Errorf("got %q, want %q", got, want)
	}
	opts.Format = Table
	got = printOne(t, opts, server1)
	want = "SERVER ID   REGION.REGION ID   FIREWALLS.FIREWALL ID   COST.VALUE\n" +
		"1           19344              7;8                     0.12\n"
	if got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

func TestColumnsErrors(t *testing.T) {
	t.Parallel()
	tests := map[string]string{
		"bogus":        `unknown column "bogus"`,
		"name.first":   `bad column "name.first"`,
		"region.":      `bad column "region."`,
		"serverId,,x":  `unknown column "x"`,
		" , ":          `no field paths`,
		"status.value": `status is a enum`,
	}
	for cols, want := range tests {
		_, err := New(&bytes.Buffer{}, Options{Format: Table, Resource: testServer(), Columns: []string{cols}})
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("--columns %q: error %v, want it to contain %q", cols, err, want)
		}
	}
	// Without a resource any well-formed path is accepted.
	if _, err := New(&bytes.Buffer{}, Options{Columns: []string{"a.b", "c"}}); err != nil {
		t.Errorf("raw document columns: %v", err)
	}
}

func TestDerivedColumnsForRawDocuments(t *testing.T) {
	t.Parallel()
	item := `{"a":1,"nested":{"x":1},"b":"two","adminPassword":"hunter2","c":true,"d":null,"e":5,"f":6,"g":7,"h":8,"i":9}`
	got := printList(t, Options{Format: Table}, item)
	want := "A   B     C      D   E   F   G   H\n1   two   true       5   6   7   8\n"
	if got != want {
		t.Errorf("table: got %q, want %q", got, want)
	}
	// One object prints as a detail view, which leaves secrets out too.
	if got := printOne(t, Options{Format: Table}, item); strings.Contains(got, "hunter2") || !strings.Contains(got, "nested:\n  x: 1\n") {
		t.Errorf("detail view: %q", got)
	}
	got = printOne(t, Options{Format: CSV}, item)
	if want := "a,b,c,d,e,f,g,h,i\n1,two,true,,5,6,7,8,9\n"; got != want {
		t.Errorf("csv: got %q, want %q", got, want)
	}
	if strings.Contains(got, "hunter2") {
		t.Error("a password was chosen as a column")
	}
	// The catalogue decides: a label naming where a secret is kept is shown,
	// the secret itself is not.
	got = printOne(t, Options{Format: CSV}, `{"computeSecretKeyLabel":"lbl","cloudApiSecretKey":"hunter2"}`)
	if want := "computeSecretKeyLabel\nlbl\n"; got != want {
		t.Errorf("csv: got %q, want %q", got, want)
	}
}

func TestCellText(t *testing.T) {
	t.Parallel()
	tests := map[string]string{
		`null`:                                    "",
		`"2014-05-20T14:06:40.000+0000"`:          "2014-05-20T14:06:40.000+0000",
		`12345678901234567890`:                    "12345678901234567890",
		`{"regionId":19344}`:                      "19344",
		`{"sharedEnvironmentCode":"3701-3610"}`:   "3701-3610",
		`[{"groupId":1},{"groupId":2}]`:           "1;2",
		`["10.0.0.1","10.0.0.2"]`:                 "10.0.0.1;10.0.0.2",
		`{"currency":"EUR","value":1.50}`:         "EUR 1.50",
		`[{"currency":"USD","value":1}]`:          "USD 1",
		`{"count":3}`:                             `{"count":3}`,
		`{"b":1,"a":[true,null],"c":"<&>"}`:       `{"b":1,"a":[true,null],"c":"<&>"}`,
		`[{"a":1,"b":2}]`:                         `[{"a":1,"b":2}]`,
		`{"daysOfWeek":["MONDAY"],"startHour":2}`: `{"daysOfWeek":["MONDAY"],"startHour":2}`,
	}
	for in, want := range tests {
		v, err := jsontree.Parse([]byte(in))
		if err != nil {
			t.Fatalf("%s: %v", in, err)
		}
		if got := cellText(v); got != want {
			t.Errorf("cellText(%s) = %q, want %q", in, got, want)
		}
	}
}

func TestHeaderWords(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{
		"serverId": "SERVER ID", "publicIpAddress": "PUBLIC IP ADDRESS", "cpuSpeedInMhz": "CPU SPEED IN MHZ",
		"sizeInGb": "SIZE IN GB", "hasCloudAPIAccess": "HAS CLOUD API ACCESS", "name": "NAME", "ramInMb": "RAM IN MB",
	} {
		if got := headerWords(in); got != want {
			t.Errorf("headerWords(%q) = %q, want %q", in, got, want)
		}
	}
}

// Names a standard CSV reader must get back exactly.
var awkwardNames = []string{
	"plain", "comma, separated", `say "hi"`, "line one\nline two", " leading space", "trailing,", `""`,
	"", "tab\tinside", `back\slash`, "ünïcödé ☕", "=1+1",
}

func awkwardItems() []string {
	items := make([]string, len(awkwardNames))
	for i, n := range awkwardNames {
		b, _ := json.Marshal(map[string]any{"serverId": i, "name": n})
		items[i] = string(b)
	}
	return items
}

func TestCSVRoundTrip(t *testing.T) {
	t.Parallel()
	out := printList(t, Options{Format: CSV, Resource: testServer(), Columns: []string{"serverId", "name"}}, awkwardItems()...)
	records, err := csv.NewReader(strings.NewReader(out)).ReadAll()
	if err != nil {
		t.Fatalf("encoding/csv cannot read the output: %v\n%s", err, out)
	}
	if len(records) != len(awkwardNames)+1 {
		t.Fatalf("read %d records, want %d", len(records), len(awkwardNames)+1)
	}
	for i, n := range awkwardNames {
		if got := records[i+1][1]; got != n {
			t.Errorf("name %d came back as %q, want %q", i, got, n)
		}
	}
}

// unescapeTSV is the documented reading rule: \\, \t, \n, \r and nothing else.
func unescapeTSV(s string) string {
	return strings.NewReplacer(`\\`, `\`, `\t`, "\t", `\n`, "\n", `\r`, "\r").Replace(s)
}

func TestTSVEscaping(t *testing.T) {
	t.Parallel()
	out := printList(t, Options{Format: TSV, NoHeaders: true, Resource: testServer(), Columns: []string{"serverId", "name"}},
		awkwardItems()...)
	lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
	if len(lines) != len(awkwardNames) {
		t.Fatalf("%d lines for %d items: a newline escaped the rule\n%s", len(lines), len(awkwardNames), out)
	}
	for i, line := range lines {
		fields := strings.Split(line, "\t")
		if len(fields) != 2 {
			t.Fatalf("line %d has %d fields: %q", i, len(fields), line)
		}
		if got := unescapeTSV(fields[1]); got != awkwardNames[i] {
			t.Errorf("name %d came back as %q, want %q", i, got, awkwardNames[i])
		}
	}
	if got := escapeTSV("a\\tb"); got != `a\\tb` {
		t.Errorf("a literal backslash-t must stay distinguishable from a tab: %q", got)
	}
}

// The hand-written YAML must mean exactly the JSON it came from, read with
// sigs.k8s.io/yaml (a YAML 1.1 reader, the strictest about plain words).
func TestYAMLReadsBack(t *testing.T) {
	t.Parallel()
	tricky := `{"s":["yes","No","on","null","~","123","1e3","0x1F","2014-05-20","1:20","-dash","a: b","a #c",` +
		`"#x","@at","","  pad","end ","*star","&amp","!bang","%pct","[x]","{y}","multi\nline","quote\"d","é","Ω1",` +
		`"back\\slash","tab\tx","\u0007bell"],"n":[0,-1,0.5,1e-7,12345678901234567890],"b":[true,false,null],` +
		`"o":{"k y":1,"123":2,"":3,"yes":{}},"e":[[],[[]],{}],"nested":[[1,2],[{"a":[3]}]]}`
	items := append(awkwardItems(), server1, server2, tricky)
	for _, item := range items {
		got := printOne(t, Options{Format: YAML}, item)
		back, err := yaml.YAMLToJSON([]byte(got))
		if err != nil {
			t.Fatalf("YAML of %s does not parse: %v\n%s", item, err, got)
		}
		var want, have any
		_ = json.Unmarshal([]byte(item), &want)
		if err := json.Unmarshal(back, &have); err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(want, have); diff != "" {
			t.Errorf("YAML of %s reads back differently (-want +got):\n%s\n%s", item, diff, got)
		}
	}
}

// A default column whose field the API version does not carry is left
// out, and only then: the 2012-06-15 firewall rule has no permission.
func TestDefaultColumnsFollowTheAPIVersion(t *testing.T) {
	t.Parallel()
	var rule *catalog.Resource
	for _, r := range catalog.Load().Resources {
		if r.Name == "FirewallRule" {
			rule = r
		}
	}
	if rule == nil {
		t.Fatal("no FirewallRule in the catalogue")
	}
	item := `{"firewallRuleId":1,"direction":"INGRESS","protocol":"TCP","startPort":22,"endPort":22,"networkAddress":"10.0.0.0/8"}`
	old := printList(t, Options{Format: CSV, Resource: rule, APIVersion: "2012-06-15"}, item)
	if header := strings.SplitN(old, "\n", 2)[0]; strings.Contains(header, "permission") || !strings.Contains(header, "networkAddress") {
		t.Errorf("2012-06-15 header %q: want networkAddress and no permission", header)
	}
	newer := printList(t, Options{Format: CSV, Resource: rule, APIVersion: "2015-06-29"}, item)
	if header := strings.SplitN(newer, "\n", 2)[0]; !strings.Contains(header, "permission") || strings.Contains(header, "networkAddress") {
		t.Errorf("2015-06-29 header %q: want permission and no networkAddress", header)
	}
	all := printList(t, Options{Format: CSV, Resource: rule}, item)
	if header := strings.SplitN(all, "\n", 2)[0]; !strings.Contains(header, "permission") || !strings.Contains(header, "networkAddress") {
		t.Errorf("header without a version %q: want every wide column", header)
	}
}
