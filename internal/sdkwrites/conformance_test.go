package sdkwrites_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"testing"

	"github.com/mixcoatl/mixcoatl/internal/heavy"

	"github.com/mixcoatl/mixcoatl/catalog"
	"github.com/mixcoatl/mixcoatl/dcm"
	"github.com/mixcoatl/mixcoatl/internal/openapicheck"
	"github.com/mixcoatl/mixcoatl/internal/openapigen"
)

// The conformance tests: every request the SDK sends and every answer the
// emulator gives is checked against the OpenAPI document of its API version
// (internal/openapigen) by internal/openapicheck, in JSON and XML, and the
// reference validator (reference_test.go) must give the same verdict on
// each.

// formats are the answer formats the client reads (writes are JSON).
var formats = []dcm.Format{dcm.FormatJSON, dcm.FormatXML}

// checkedHarness is a harness whose client reads format and whose every
// exchange passes the contract's check and is judged by the reference too.
func checkedHarness(t *testing.T, version string, f dcm.Format, j *judges) (*harness, *openapicheck.Transport, *agreeing) {
	h := newHarness(t, version)
	agree := &agreeing{base: h.emu.Transport, judges: j}
	tr := &openapicheck.Transport{Base: agree, Contract: j.contract}
	h.client = h.emu.Client(dcm.WithTransport(tr), dcm.WithFormat(f))
	h.scopes = scopeClients(h.client)
	return h, tr, agree
}

// distinctVersions is the oldest version of each group of versions whose
// documents are the same but for the version itself (info and servers).
func distinctVersions(t *testing.T, cat *catalog.Catalog) []string {
	seen := map[string]bool{}
	var out []string
	for _, v := range cat.Versions {
		d := openapigen.Build(cat, v)
		delete(d, "info")
		delete(d, "servers")
		b, err := json.Marshal(d)
		if err != nil {
			t.Fatal(err)
		}
		if !seen[string(b)] {
			seen[string(b)] = true
			out = append(out, v)
		}
	}
	if len(out) < 2 {
		t.Fatalf("versions %v: the documents do not differ, the grouping is broken", out)
	}
	return out
}

// preparedJudges are the contract and the reference with the versions'
// checkers built before any client runs: building one (the reference's
// above all) takes a while, which must not count against the clients'
// request timeouts.
func preparedJudges(t *testing.T, versions []string) *judges {
	t.Helper()
	j := newJudges(openapicheck.NewContract(catalog.Load()))
	for _, v := range versions {
		if _, _, err := j.version(v); err != nil {
			t.Fatal(err)
		}
	}
	return j
}

// report fails the test for each violation, each disagreement with the
// reference, and when nothing was checked.
func report(t *testing.T, tr *openapicheck.Transport, agree *agreeing, least int) {
	t.Helper()
	n, violations := tr.Results()
	for i, v := range violations {
		if i == 20 {
			t.Errorf("… and %d more violations", len(violations)-i)
			break
		}
		t.Error(v)
	}
	if n < least {
		t.Errorf("%d exchanges checked, want at least %d", n, least)
	}
	agree.report(t, 2*least)
}

// TestEveryWriteOpConformsToTheDocument runs every write-op form as
// TestEveryWriteOp does, reading answers in JSON and in XML: each request
// (its setup reads, the write, the job polls, the reads after it) and each
// answer validates against the version's document.
func TestEveryWriteOpConformsToTheDocument(t *testing.T) {
	heavy.NotUnderRace(t)
	t.Parallel()
	var versions []string
	for _, w := range writeOps(t) {
		versions = append(versions, w.version)
	}
	j := preparedJudges(t, versions)
	for _, w := range writeOps(t) {
		for _, f := range formats {
			t.Run(w.String()+"/"+string(f), func(t *testing.T) {
				t.Parallel()
				h, tr, agree := checkedHarness(t, w.version, f, j)
				runOp(h, w, cases[w.caseKey()])
				report(t, tr, agree, 2)
			})
		}
	}
}

// TestEveryReadConformsToTheDocument lists and gets every resource, at
// basic and extended detail, in JSON and XML, and counts them, at one API
// version of each group of versions with the same document; each exchange
// validates against the version's document. Versions with the same
// document are those the catalogue does not tell apart
// (internal/openapigen's TestDocumentsDifferOnlyWhereTheCatalogueSays), and
// the emulator's answers depend on the version only through the same
// since/until, so one version of each group stands for the others.
func TestEveryReadConformsToTheDocument(t *testing.T) {
	heavy.NotUnderRace(t)
	t.Parallel()
	cat := catalog.Load()
	versions := distinctVersions(t, cat)
	j := preparedJudges(t, versions)
	for _, v := range versions {
		for _, f := range formats {
			t.Run(v+"/"+string(f), func(t *testing.T) {
				t.Parallel()
				h, tr, agree := checkedHarness(t, v, f, j)
				least := 0
				for _, r := range cat.Resources {
					least += readAll(h, r, f)
				}
				report(t, tr, agree, least)
			})
		}
	}
}

// readAll reads the resource every way the version offers and returns how
// many requests it sent.
func readAll(h *harness, r *catalog.Resource, f dcm.Format) int {
	t := h.t
	sent := 0
	do := func(method, path string, d dcm.Details) *dcm.Response {
		sent++
		resp, err := h.client.Do(h.ctx, &dcm.Request{Method: method, Path: path, Format: f, Details: d, Query: readQuery(r)})
		if err != nil {
			t.Errorf("%s %s (%s, %s): %v", method, path, f, d, err)
			return nil
		}
		return resp
	}
	_, hasList := r.Op(catalog.KindList, "", h.version)
	_, hasGet := r.Op(catalog.KindGet, "", h.version)
	if _, ok := r.Op(catalog.KindHead, "", h.version); ok {
		do(http.MethodHead, r.Path, dcm.DetailsBasic)
	}
	id := r.Example
	if id == "" && hasList && hasGet && !r.Flat {
		sent++
		resp, err := h.client.Do(h.ctx, &dcm.Request{Method: http.MethodGet, Path: r.Path, Format: dcm.FormatJSON, Query: readQuery(r)})
		if err != nil {
			t.Errorf("list %s: %v", r.Path, err)
		} else {
			id = firstID(t, r, resp.Body)
		}
	}
	for _, d := range []dcm.Details{dcm.DetailsBasic, dcm.DetailsExtended} {
		if hasList {
			do(http.MethodGet, r.Path, d)
		}
		switch {
		case !hasGet:
		case r.Flat:
			do(http.MethodGet, r.Path, d)
		case id == "":
			// The default seed holds none: the 404 and its error
			// envelope are checked instead.
			sent++
			missing := "1"
			if r.KeyType == catalog.TypeString {
				missing = "none"
			}
			_, err := h.client.Do(h.ctx, &dcm.Request{Method: http.MethodGet, Path: r.Path + "/" + missing, Format: f, Details: d})
			if !dcm.IsNotFound(err) {
				t.Errorf("get %s/%s of an empty list: %v, want a 404", r.Path, missing, err)
			}
		default:
			do(http.MethodGet, r.Path+"/"+id, d)
		}
	}
	return sent
}

// readQuery holds the example of every required filter (required
// outright or unless another is given), so that a list that needs one is
// answered.
func readQuery(r *catalog.Resource) map[string][]string {
	q := map[string][]string{}
	for _, p := range r.Filters {
		if (p.Required || len(p.RequiredUnless) > 0) && p.Example != "" {
			q[p.Name] = []string{p.Example}
		}
	}
	return q
}

// firstID is the key of the first item of a JSON list answer.
func firstID(t *testing.T, r *catalog.Resource, body []byte) string {
	var doc map[string][]map[string]any
	d := json.NewDecoder(bytes.NewReader(body))
	d.UseNumber()
	if err := d.Decode(&doc); err != nil {
		t.Errorf("%s list: %v", r.Name, err)
		return ""
	}
	if items := doc[r.Collection]; len(items) > 0 && items[0][r.Key] != nil {
		return fmt.Sprint(items[0][r.Key])
	}
	return ""
}
