package output

import (
	"bytes"
	"encoding/json"
	"errors"
	"iter"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/mixcoatl/mixcoatl/catalog"
)

// testServer is a small Server resource, so the goldens do not move when
// the catalogue's columns are tuned.
func testServer() *catalog.Resource {
	return &catalog.Resource{
		Scope: "infrastructure", Name: "Server", Path: "infrastructure/Server",
		Collection: "servers", Key: "serverId", KeyType: "int",
		Fields: []*catalog.Field{
			{Name: "serverId", Type: catalog.TypeInt},
			{Name: "name", Type: catalog.TypeString},
			{Name: "status", Type: catalog.TypeEnum},
			{Name: "region", Type: catalog.TypeRef, Ref: "Region", RefKey: "regionId"},
			{Name: "firewalls", Type: catalog.TypeRefs, Ref: "Firewall", RefKey: "firewallId"},
			{Name: "cost", Type: catalog.TypeMoney},
			{Name: "description", Type: catalog.TypeString, Nullable: true},
			{Name: "label", Type: catalog.TypeString},
		},
		Columns:     []string{"serverId", "name", "status", "region"},
		WideColumns: []string{"serverId", "name", "status", "region", "firewalls", "cost", "description", "label"},
	}
}

// Two servers with what cells must cope with: a reference, references, money,
// null, an empty array, quotes, a comma, a newline, a tab and non-ASCII text.
var (
	server1 = `{"serverId":1,"name":"web, \"east\"","status":"RUNNING","region":{"regionId":19344},` +
		`"firewalls":[{"firewallId":7},{"firewallId":8}],"cost":{"currency":"USD","value":0.12},` +
		`"description":null,"label":"café ☕"}`
	server2 = `{"serverId":2,"name":"db\nprimary","status":"PAUSED","region":{"regionId":19345},` +
		`"firewalls":[],"cost":null,"description":"tab\there","label":"x"}`
)

func seqOf(items ...string) iter.Seq2[json.RawMessage, error] {
	return func(yield func(json.RawMessage, error) bool) {
		for _, it := range items {
			if !yield(json.RawMessage(it), nil) {
				return
			}
		}
	}
}

func printList(t *testing.T, opts Options, items ...string) string {
	t.Helper()
	var out bytes.Buffer
	p, err := New(&out, opts)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	if err := p.Items(seqOf(items...)); err != nil {
		t.Fatalf("Items: %v", err)
	}
	return out.String()
}

func printOne(t *testing.T, opts Options, item string) string {
	t.Helper()
	var out bytes.Buffer
	p, err := New(&out, opts)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	if err := p.One(json.RawMessage(item)); err != nil {
		t.Fatalf("One: %v", err)
	}
	return out.String()
}

func TestListGoldens(t *testing.T) {
	t.Parallel()
	tests := map[Format]string{
		Table: "" +
			"SERVER ID   NAME          STATUS    REGION\n" +
			"1           web, \"east\"   RUNNING   19344\n" +
			"2           db\\nprimary   PAUSED    19345\n",
		Wide: "" +
			"SERVER ID   NAME          STATUS    REGION   FIREWALLS   COST       DESCRIPTION   LABEL\n" +
			"1           web, \"east\"   RUNNING   19344    7;8         USD 0.12                 café ☕\n" +
			"2           db\\nprimary   PAUSED    19345                           tab\\there     x\n",
		JSON: `[
  {
    "serverId": 1,
    "name": "web, \"east\"",
    "status": "RUNNING",
    "region": {
      "regionId": 19344
    },
    "firewalls": [
      {
        "firewallId": 7
      },
      {
        "firewallId": 8
      }
    ],
    "cost": {
      "currency": "USD",
      "value": 0.12
    },
    "description": null,
    "label": "café ☕"
  },
  {
    "serverId": 2,
    "name": "db\nprimary",
    "status": "PAUSED",
    "region": {
      "regionId": 19345
    },
    "firewalls": [],
    "cost": null,
    "description": "tab\there",
    "label": "x"
  }
]
`,
		JSONL: server1 + "\n" + server2 + "\n",
		YAML: `- serverId: 1
  name: "web, \"east\""
  status: RUNNING
  region:
    regionId: 19344
  firewalls:
  - firewallId: 7
  - firewallId: 8
  cost:
    currency: USD
    value: 0.12
  description: null
  label: "café ☕"
- serverId: 2
  name: "db\nprimary"
  status: PAUSED
  region:
    regionId: 19345
  firewalls: []
  cost: null
  description: "tab\there"
  label: x
`,
		CSV: "serverId,name,status,region,firewalls,cost,description,label\n" +
			"1,\"web, \"\"east\"\"\",RUNNING,19344,7;8,USD 0.12,,café ☕\n" +
			"2,\"db\nprimary\",PAUSED,19345,,,tab\there,x\n",
		TSV: "serverId\tname\tstatus\tregion\tfirewalls\tcost\tdescription\tlabel\n" +
			"1\tweb, \"east\"\tRUNNING\t19344\t7;8\tUSD 0.12\t\tcafé ☕\n" +
			"2\tdb\\nprimary\tPAUSED\t19345\t\t\ttab\\there\tx\n",
		XML: `<servers>
  <server serverId="1">
    <name>web, "east"</name>
    <status>RUNNING</status>
    <region regionId="19344"/>
    <firewalls>
      <firewall firewallId="7"/>
      <firewall firewallId="8"/>
    </firewalls>
    <cost>
      <currency>USD</currency>
      <value>0.12</value>
    </cost>
    <description/>
    <label>café ☕</label>
  </server>
  <server serverId="2">
    <name>db
primary</name>
    <status>PAUSED</status>
    <region regionId="19345"/>
    <firewalls/>
    <cost/>
    <description>tab	here</description>
    <label>x</label>
  </server>
</servers>
`,
	}
	for f, want := range tests {
		t.Run(string(f), func(t *testing.T) {
			t.Parallel()
			got := printList(t, Options{Format: f, Resource: testServer()}, server1, server2)
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("-o %s (-want +got):\n%s", f, diff)
			}
		})
	}
}

func TestOneGoldens(t *testing.T) {
	t.Parallel()
	tests := map[Format]string{
		// A detail view: every member but nulls, values aligned.
		Table: "serverId:  1\nname:      web, \"east\"\nstatus:    RUNNING\nregion:    19344\n" +
			"firewalls: 7, 8\ncost:      USD 0.12\nlabel:     café ☕\n",
		JSON: "{\n  \"serverId\": 2,\n  \"name\": \"db\\nprimary\",\n  \"status\": \"PAUSED\",\n" +
			"  \"region\": {\n    \"regionId\": 19345\n  },\n  \"firewalls\": [],\n  \"cost\": null,\n" +
			"  \"description\": \"tab\\there\",\n  \"label\": \"x\"\n}\n",
		JSONL: server2 + "\n",
		YAML: "serverId: 2\nname: \"db\\nprimary\"\nstatus: PAUSED\nregion:\n  regionId: 19345\n" +
			"firewalls: []\ncost: null\ndescription: \"tab\\there\"\nlabel: x\n",
		CSV: "serverId,name,status,region,firewalls,cost,description,label\n" +
			"2,\"db\nprimary\",PAUSED,19345,,,tab\there,x\n",
		XML: "<server serverId=\"2\">\n  <name>db\nprimary</name>\n  <status>PAUSED</status>\n" +
			"  <region regionId=\"19345\"/>\n  <firewalls/>\n  <cost/>\n  <description>tab\there</description>\n" +
			"  <label>x</label>\n</server>\n",
	}
	for f, want := range tests {
		t.Run(string(f), func(t *testing.T) {
			t.Parallel()
			item := server2
			if f == Table {
				item = server1
			}
			got := printOne(t, Options{Format: f, Resource: testServer()}, item)
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("-o %s (-want +got):\n%s", f, diff)
			}
		})
	}
}

func TestEmptyList(t *testing.T) {
	t.Parallel()
	tests := map[Format]string{
		Table: "", Wide: "", JSON: "[]\n", JSONL: "", YAML: "[]\n", XML: "<servers/>\n",
		CSV: "serverId,name,status,region,firewalls,cost,description,label\n",
		TSV: "serverId\tname\tstatus\tregion\tfirewalls\tcost\tdescription\tlabel\n",
	}
	for f, want := range tests {
		t.Run(string(f), func(t *testing.T) {
			t.Parallel()
			var notes bytes.Buffer
			got := printList(t, Options{Format: f, Resource: testServer(), Notes: &notes})
			if got != want {
				t.Errorf("-o %s printed %q, want %q", f, got, want)
			}
			wantNote := ""
			if f == Table || f == Wide {
				wantNote = "No servers found.\n"
			}
			if notes.String() != wantNote {
				t.Errorf("-o %s noted %q, want %q", f, notes.String(), wantNote)
			}
		})
	}
}

func TestNoHeaders(t *testing.T) {
	t.Parallel()
	got := printList(t, Options{Format: CSV, NoHeaders: true, Columns: []string{"serverId"}, Resource: testServer()}, server1, server2)
	if got != "1\n2\n" {
		t.Errorf("csv --no-headers = %q", got)
	}
	got = printList(t, Options{Format: Table, NoHeaders: true, Columns: []string{"serverId,status"}, Resource: testServer()}, server1)
	if got != "1   RUNNING\n" {
		t.Errorf("table --no-headers = %q", got)
	}
}

func TestTableTruncatesButWideDoesNot(t *testing.T) {
	t.Parallel()
	long := strings.Repeat("é", 60)
	item := `{"serverId":3,"name":"` + long + `"}`
	opts := Options{Columns: []string{"name"}, NoHeaders: true, Resource: testServer(), Terminal: true}
	opts.Format = Table
	if got, want := printOne(t, opts, item), strings.Repeat("é", maxTableCell-1)+"…\n"; got != want {
		t.Errorf("table cell = %q, want %q", got, want)
	}
	// Piped (not a terminal), nothing is cut: a script reads whole values.
	opts.Terminal = false
	if got := printOne(t, opts, item); got != long+"\n" {
		t.Errorf("piped table cell = %q, want the whole name", got)
	}
	opts.Terminal = true
	opts.Format = Wide
	if got := printOne(t, opts, item); got != long+"\n" {
		t.Errorf("wide cell = %q, want the whole name", got)
	}
}

func TestItemsStopsOnError(t *testing.T) {
	t.Parallel()
	boom := errors.New("page 2 failed")
	var out bytes.Buffer
	p, err := New(&out, Options{Format: JSONL, Resource: testServer()})
	if err != nil {
		t.Fatal(err)
	}
	err = p.Items(func(yield func(json.RawMessage, error) bool) {
		if yield(json.RawMessage(server1), nil) {
			yield(nil, boom)
		}
	})
	if !errors.Is(err, boom) {
		t.Fatalf("Items = %v, want the iterator's error", err)
	}
	if out.String() != server1+"\n" {
		t.Errorf("printed %q before the error, want the first item", out.String())
	}
}

func TestInvalidItem(t *testing.T) {
	t.Parallel()
	for _, f := range Formats() {
		p, err := New(&bytes.Buffer{}, Options{Format: f})
		if err != nil {
			t.Fatal(err)
		}
		if err := p.Items(seqOf(`{"serverId":`)); err == nil {
			t.Errorf("-o %s accepted a truncated item", f)
		}
	}
}

func TestParseFormat(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]Format{"": Table, "JSON": JSON, " yaml ": YAML, "yml": YAML, "wide": Wide, "jsonl": JSONL} {
		if got, err := ParseFormat(in); err != nil || got != want {
			t.Errorf("ParseFormat(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	_, err := ParseFormat("jsno")
	if err == nil || !strings.Contains(err.Error(), `"jsno"`) {
		t.Errorf("ParseFormat(jsno) error = %v, want it named", err)
	}
	if _, err := New(&bytes.Buffer{}, Options{Format: "html"}); err == nil {
		t.Error("New accepted -o html")
	}
}
