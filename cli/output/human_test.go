package output

import (
	"slices"
	"strings"
	"testing"
)

// namer answers names for Region and Firewall ids and records its calls.
type namer struct{ calls []string }

func (n *namer) names(resource string, ids []string) map[string]string {
	n.calls = append(n.calls, resource+":"+strings.Join(ids, ","))
	known := map[string]string{"19344": "Oregon", "19345": "Ireland", "7": "web", "8": "ssh"}
	out := map[string]string{}
	for _, id := range ids {
		if v, ok := known[id]; ok {
			out[id] = v
		}
	}
	return out
}

func TestTablesNameReferencesOncePerResource(t *testing.T) {
	t.Parallel()
	n := &namer{}
	got := printList(t, Options{Format: Wide, Resource: testServer(), RefNames: n.names, Columns: []string{"serverId,region,firewalls"}},
		server1, server2, server1)
	want := "SERVER ID   REGION    FIREWALLS\n" +
		"1           Oregon    web, ssh\n" +
		"2           Ireland\n" +
		"1           Oregon    web, ssh\n"
	if got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
	if want := []string{"Region:19344,19345", "Firewall:7,8"}; !slices.Equal(n.calls, want) {
		t.Errorf("RefNames calls %v, want one per referenced resource %v", n.calls, want)
	}
	// Machine formats keep ids.
	n.calls = nil
	got = printList(t, Options{Format: CSV, Resource: testServer(), RefNames: n.names, Columns: []string{"region"}}, server1)
	if got != "region\n19344\n" || len(n.calls) != 0 {
		t.Errorf("csv: %q, calls %v", got, n.calls)
	}
	// A nested path prints what it names.
	got = printList(t, Options{Format: Table, Resource: testServer(), RefNames: n.names, Columns: []string{"region.regionId"}}, server1)
	if got != "REGION.REGION ID\n19344\n" {
		t.Errorf("nested path: %q", got)
	}
}

func TestDetailViewNamesReferences(t *testing.T) {
	t.Parallel()
	n := &namer{}
	got := printOne(t, Options{Format: Table, Resource: testServer(), RefNames: n.names}, server1)
	for _, want := range []string{"region:    19344 (Oregon)\n", "firewalls: 7 (web), 8 (ssh)\n"} {
		if !strings.Contains(got, want) {
			t.Errorf("detail view lacks %q:\n%s", want, got)
		}
	}
	if len(n.calls) != 2 {
		t.Errorf("calls %v", n.calls)
	}
	nested := printOne(t, Options{Format: Table}, `{"id":1,"window":{"days":["SUNDAY","MONDAY"],"start":6},"rules":[{"port":80},{"port":443,"to":"x"}],"empty":[]}`)
	want := "id: 1\nwindow:\n  days:  SUNDAY, MONDAY\n  start: 6\nrules:\n  - port: 80\n  - port: 443\n    to:   x\n"
	if nested != want {
		t.Errorf("nested detail view:\n%s\nwant\n%s", nested, want)
	}
}

func TestStatesAreColouredOnlyWhenAsked(t *testing.T) {
	t.Parallel()
	plain := printList(t, Options{Format: Table, Resource: testServer()}, server1)
	if strings.Contains(plain, "\x1b") {
		t.Errorf("colour without Color: %q", plain)
	}
	col := printList(t, Options{Format: Table, Resource: testServer(), Color: true}, server1, server2)
	if !strings.Contains(col, sgrGreen+"RUNNING"+sgrReset) || !strings.Contains(col, sgrYellow+"PAUSED"+sgrReset) {
		t.Errorf("states not coloured: %q", col)
	}
	if strings.Contains(col, sgrGreen+"STATUS") {
		t.Errorf("header coloured: %q", col)
	}
	// Colour does not move the columns.
	stripped := strings.NewReplacer(sgrGreen, "", sgrYellow, "", sgrReset, "").Replace(col)
	if stripped != printList(t, Options{Format: Table, Resource: testServer()}, server1, server2) {
		t.Errorf("coloured table misaligned:\n%s", stripped)
	}
	detail := printOne(t, Options{Format: Table, Resource: testServer(), Color: true}, server1)
	if !strings.Contains(detail, "status:    "+sgrGreen+"RUNNING"+sgrReset) {
		t.Errorf("detail view: %q", detail)
	}
}

func TestLeadColumns(t *testing.T) {
	t.Parallel()
	a := `{"profile":"prod","serverId":1,"name":"a","status":"RUNNING","region":{"regionId":1}}`
	got := printList(t, Options{Format: CSV, Resource: testServer(), LeadColumns: []string{"profile"}, Columns: []string{"serverId"}}, a)
	if got != "profile,serverId\nprod,1\n" {
		t.Errorf("csv: %q", got)
	}
	got = printList(t, Options{Format: Table, Resource: testServer(), LeadColumns: []string{"profile"}}, a)
	if !strings.HasPrefix(got, "PROFILE   SERVER ID   NAME") {
		t.Errorf("table: %q", got)
	}
}

func TestQueryProjectionsGetTheirOwnColumns(t *testing.T) {
	t.Parallel()
	got := printList(t, Options{Format: Table, Query: `map({serverId, name})`, Resource: testServer()}, server1, server2)
	want := "SERVER ID   NAME\n1           web, \"east\"\n2           db\\nprimary\n"
	if got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

// Server text reaches a table or a terminal's csv and tsv only escaped:
// no ESC, BEL, CR, LF inside a row, or bidi control; to a pipe, csv and
// tsv keep the exact bytes.
func TestHostileTextIsEscapedForHumans(t *testing.T) {
	t.Parallel()
	hostile := `{"serverId":1,"name":"\u001b]52;c;ZXZpbA==\u0007x\r\nFAKE: ok\u202egnp.exe","status":"\u001b[2J"}`
	for _, f := range []Format{Table, Wide, CSV, TSV} {
		for _, one := range []bool{false, true} {
			opts := Options{Format: f, Resource: testServer(), Terminal: true}
			var got string
			if one {
				got = printOne(t, opts, hostile)
			} else {
				got = printList(t, opts, hostile)
			}
			if strings.ContainsAny(got, "\x1b\x07\r\u202e") || strings.Contains(got, "\nFAKE") {
				t.Errorf("-o %s (one %v) let a control through: %q", f, one, got)
			}
		}
	}
	piped := printList(t, Options{Format: CSV, Resource: testServer(), Columns: []string{"name"}}, hostile)
	if !strings.Contains(piped, "\x1b]52;c;ZXZpbA==\x07") {
		t.Errorf("piped csv changed the bytes: %q", piped)
	}
}
