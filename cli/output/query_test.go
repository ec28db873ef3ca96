package output

import (
	"bytes"
	"encoding/json"
	"errors"
	"net/http"
	"strings"
	"testing"

	"github.com/mixcoatl/mixcoatl/dcm"
)

func TestQueryOnLists(t *testing.T) {
	t.Parallel()
	tests := []struct {
		query string
		f     Format
		want  string
	}{
		// Items that keep the primary key print as items.
		{`.[] | select(.status == "RUNNING")`, Table,
			"SERVER ID   NAME          STATUS    REGION\n1           web, \"east\"   RUNNING   19344\n"},
		{`map(.serverId)`, JSON, "[\n  1,\n  2\n]\n"},
		{`.[].serverId`, JSON, "[\n  1,\n  2\n]\n"},
		{`.[].serverId`, Table, "1\n2\n"},
		{`.[].name`, JSONL, "\"web, \\\"east\\\"\"\n\"db\\nprimary\"\n"},
		{`length`, Table, "2\n"},
		{`length`, JSON, "2\n"},
		{`.[0].label`, Table, "café ☕\n"},
		{`.[] | {id: .serverId, region: .region.regionId}`, CSV, "id,region\n1,19344\n2,19345\n"},
		{`.[] | {id: .serverId}`, XML, "<items>\n  <item>\n    <id>1</id>\n  </item>\n  <item>\n    <id>2</id>\n  </item>\n</items>\n"},
		{`.[] | select(.serverId > 5)`, JSON, "[]\n"},
		{`.[0] | {name}`, YAML, "name: \"web, \\\"east\\\"\"\n"},
		{`first(.[]) | .serverId, halt`, Table, "1\n"},
	}
	for _, tc := range tests {
		t.Run(tc.query+" -o "+string(tc.f), func(t *testing.T) {
			t.Parallel()
			got := printList(t, Options{Format: tc.f, Query: tc.query, Resource: testServer()}, server1, server2)
			if got != tc.want {
				t.Errorf("got %q, want %q", got, tc.want)
			}
		})
	}
}

func TestQueryOnOne(t *testing.T) {
	t.Parallel()
	opts := Options{Format: Table, Query: `.firewalls[].firewallId`, Resource: testServer()}
	if got := printOne(t, opts, server1); got != "7\n8\n" {
		t.Errorf("table: %q", got)
	}
	opts.Format = JSON
	opts.Query = `{id: .serverId, cost: .cost.value}`
	if got, want := printOne(t, opts, server1), "{\n  \"cost\": 0.12,\n  \"id\": 1\n}\n"; got != want {
		t.Errorf("json: %q, want %q", got, want)
	}
	// The query's objects decide the columns, so --columns are free paths.
	opts = Options{Format: CSV, Query: `{id: .serverId}`, Columns: []string{"id"}, Resource: testServer()}
	if got := printOne(t, opts, server1); got != "id\n1\n" {
		t.Errorf("csv: %q", got)
	}
}

func TestQueryErrors(t *testing.T) {
	t.Parallel()
	for _, q := range []string{`.[`, `map(`, `undefined_function(1)`} {
		_, err := New(&bytes.Buffer{}, Options{Query: q})
		if err == nil || !strings.Contains(err.Error(), "bad --query") || !strings.Contains(err.Error(), q) {
			t.Errorf("--query %q: error %v, want a bad --query error naming it", q, err)
		}
	}
	p, err := New(&bytes.Buffer{}, Options{Query: `.[] | .name + 1`})
	if err != nil {
		t.Fatal(err)
	}
	if err := p.Items(seqOf(server1)); err == nil || !strings.Contains(err.Error(), "--query") {
		t.Errorf("run-time query error = %v", err)
	}
}

// A query cannot read the environment (credentials live there): the test
// process always has PATH, so a leak would count at least one variable.
func TestQueryHasNoEnvironment(t *testing.T) {
	t.Parallel()
	for _, q := range []string{`$ENV | length`, `env | length`} {
		if got := printOne(t, Options{Format: JSON, Query: q}, `{}`); got != "0\n" {
			t.Errorf("%s = %q, want 0", q, got)
		}
	}
}

func TestJobs(t *testing.T) {
	t.Parallel()
	jobs := []dcm.Job{
		{JobID: 300, Status: "RUNNING", Description: "Stop Server 331810", StartDate: "2014-06-04T18:44:02.000+0000"},
		{JobID: 301, Status: "ERROR", Description: "Stop Server 1", Message: "No such server"},
	}
	var out bytes.Buffer
	p, err := New(&out, Options{Format: Table})
	if err != nil {
		t.Fatal(err)
	}
	if err := p.Jobs(jobs); err != nil {
		t.Fatal(err)
	}
	want := "" +
		"JOB ID   STATUS    DESCRIPTION          MESSAGE          START DATE\n" +
		"300      RUNNING   Stop Server 331810                    2014-06-04T18:44:02.000+0000\n" +
		"301      ERROR     Stop Server 1        No such server\n"
	if out.String() != want {
		t.Errorf("jobs table:\n%q\nwant\n%q", out.String(), want)
	}
	out.Reset()
	p, _ = New(&out, Options{Format: JSONL})
	if err := p.Jobs(jobs[:1]); err != nil {
		t.Fatal(err)
	}
	if want := `{"jobId":300,"status":"RUNNING","description":"Stop Server 331810","startDate":"2014-06-04T18:44:02.000+0000"}` + "\n"; out.String() != want {
		t.Errorf("jobs jsonl = %q, want %q", out.String(), want)
	}
	out.Reset()
	p, _ = New(&out, Options{Format: XML})
	if err := p.Jobs(jobs[1:]); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(out.String(), "<jobs>\n  <job jobId=\"301\">\n    <status>ERROR</status>") {
		t.Errorf("jobs xml = %q", out.String())
	}
}

func TestValue(t *testing.T) {
	t.Parallel()
	type version struct {
		Version string `json:"version"`
		API     string `json:"apiVersion"`
	}
	tests := []struct {
		v    any
		f    Format
		want string
	}{
		{42, Table, "42\n"},
		{42, JSON, "42\n"},
		{"a <b>", JSON, "\"a <b>\"\n"},
		{version{"1.2.0", "2015-06-29"}, Table, "VERSION   API VERSION\n1.2.0     2015-06-29\n"},
		{version{"1.2.0", "2015-06-29"}, YAML, "version: \"1.2.0\"\napiVersion: \"2015-06-29\"\n"},
		{[]string{"2015-06-29", "2014-07-30"}, Table, "2015-06-29\n2014-07-30\n"},
		{[]string{"2015-06-29"}, JSON, "[\n  \"2015-06-29\"\n]\n"},
		{[]string{"x"}, XML, "<items>\n  <value>x</value>\n</items>\n"},
	}
	for _, tc := range tests {
		var out bytes.Buffer
		p, err := New(&out, Options{Format: tc.f})
		if err != nil {
			t.Fatal(err)
		}
		if err := p.Value(tc.v); err != nil {
			t.Fatal(err)
		}
		if out.String() != tc.want {
			t.Errorf("Value(%v) -o %s = %q, want %q", tc.v, tc.f, out.String(), tc.want)
		}
	}
}

func TestWriteError(t *testing.T) {
	t.Parallel()
	apiErr := &dcm.APIError{StatusCode: http.StatusNotFound, Message: "Server 9 not found", RequestID: "r-1",
		Method: "GET", Path: "infrastructure/Server/9"}
	wrapped := errors.Join(errors.New("context"), apiErr)
	tests := []struct {
		f    Format
		err  error
		code int
		want string
	}{
		{JSON, wrapped, 4, `{
  "error": {
    "message": "Server 9 not found",
    "exitCode": 4,
    "status": 404,
    "statusText": "Not Found",
    "requestId": "r-1",
    "method": "GET",
    "path": "infrastructure/Server/9"
  }
}
`},
		{JSONL, errors.New("bad --columns"), 2, `{"error":{"message":"bad --columns","exitCode":2}}` + "\n"},
		{YAML, errors.New("no keys"), 3, "error:\n  message: no keys\n  exitCode: 3\n"},
		{Table, apiErr, 4, "mixcoatl: Server 9 not found (HTTP 404 Not Found, request r-1)\n"},
		{CSV, errors.New("boom"), 1, "mixcoatl: boom\n"},
	}
	for _, tc := range tests {
		var out bytes.Buffer
		WriteError(&out, tc.f, tc.err, tc.code)
		if out.String() != tc.want {
			t.Errorf("-o %s: %q, want %q", tc.f, out.String(), tc.want)
		}
		if tc.f == JSON && !json.Valid(out.Bytes()) {
			t.Errorf("-o json error is not JSON")
		}
	}
	for _, f := range []Format{JSON, Table} {
		var out bytes.Buffer
		WriteError(&out, f, errors.New(`login failed for password=hunter2 and {"secretKey":"s3cr3t"}`), 3)
		if s := out.String(); strings.Contains(s, "hunter2") || strings.Contains(s, "s3cr3t") {
			t.Errorf("-o %s error shows a secret: %s", f, s)
		}
	}
}
