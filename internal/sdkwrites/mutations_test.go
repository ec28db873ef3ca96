package sdkwrites_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/mixcoatl/mixcoatl/catalog"
	"github.com/mixcoatl/mixcoatl/internal/heavy"
	"github.com/mixcoatl/mixcoatl/internal/openapicheck"
	"github.com/mixcoatl/mixcoatl/internal/openapigen"
)

// TestCheckerAgreesWithTheReferenceOnMutations: for every operation of the
// default and the newest API version, a valid request body and valid
// answers (each status's JSON body) are made from the document's schemas;
// both our checker and the reference accept them. Then each is broken in
// every way its schemas allow — a required field dropped, a field of the
// wrong type, a property where additionalProperties is false, a value
// outside its enum, against its pattern, below its minimum, above its
// maximum, a list with too few entries, a oneOf value fitting none or two
// forms, a member `not` forbids — and the two must give the same verdict
// on each. A schema shared through $ref is broken once per version (the
// first time it is met), the operations' own schemas each time. Each
// operation's request is also sent with each parameter broken (wrong
// type, outside its enum, below its minimum, a required one missing) and
// unsigned.
func TestCheckerAgreesWithTheReferenceOnMutations(t *testing.T) {
	heavy.NotUnderRace(t)
	t.Parallel()
	cat := catalog.Load()
	j := newJudges(openapicheck.NewContract(cat))
	for _, v := range []string{cat.DefaultVersion, cat.CurrentVersion} {
		t.Run(v, func(t *testing.T) {
			t.Parallel()
			raw, err := openapigen.Document(cat, v)
			if err != nil {
				t.Fatal(err)
			}
			var doc map[string]any
			if err := json.Unmarshal(raw, &doc); err != nil {
				t.Fatal(err)
			}
			m := &mutator{t: t, j: j, version: v, doc: doc, seen: map[string]bool{}}
			m.run()
			t.Logf("%d operations, %d valid bodies, %d broken ones (%d refused by both)", m.ops, m.valid, m.broken, m.refused)
			if m.ops < 100 || m.broken < 1000 || m.refused < m.broken*9/10 {
				t.Errorf("%d operations, %d broken bodies of which %d refused: the walk is broken", m.ops, m.broken, m.refused)
			}
		})
	}
}

type mutator struct {
	t       *testing.T
	j       *judges
	version string
	doc     map[string]any
	seen    map[string]bool // schema location + mutation kind done

	ops, valid, broken, refused int
}

func (m *mutator) run() {
	paths := m.doc["paths"].(map[string]any)
	for _, p := range sortedKeys(paths) {
		item := paths[p].(map[string]any)
		for _, method := range []string{"get", "head", "put", "post", "delete"} {
			op, ok := item[method].(map[string]any)
			if !ok {
				continue
			}
			m.ops++
			params := m.params(item, op)
			loc := "#/paths/" + strings.ReplaceAll(p, "/", "~1") + "/" + method
			var body []byte
			if rb, ok := op["requestBody"].(map[string]any); ok {
				s := rb["content"].(map[string]any)["application/json"].(map[string]any)["schema"].(map[string]any)
				body = m.body(loc+"/requestBody", s, func(body []byte) exchange { return m.request(method, p, params, body) })
			}
			m.parameters(loc, method, p, params, body)
			target := m.request(method, p, params, nil).req.URL.String()
			responses := op["responses"].(map[string]any)
			for _, code := range sortedKeys(responses) {
				if method == "head" {
					break // HEAD answers have no body to break
				}
				status := 500
				if code != "default" {
					status, _ = strconv.Atoi(code)
				}
				resp := m.deref(responses[code].(map[string]any), "responses")
				content, _ := resp["content"].(map[string]any)
				media, ok := content["application/json"].(map[string]any)
				if !ok {
					continue
				}
				m.body(fmt.Sprintf("%s/responses/%s", loc, code), media["schema"].(map[string]any), func(body []byte) exchange {
					r := httptest.NewRequest(strings.ToUpper(method), target, nil)
					h := http.Header{}
					h.Set("Content-Type", "application/json;charset=UTF-8")
					return exchange{req: r, body: body, resp: &http.Response{StatusCode: status, Header: h, Body: io.NopCloser(bytes.NewReader(body))}}
				})
			}
		}
	}
}

func signedHeaders(h http.Header) {
	for _, k := range []string{"x-esauth-access", "x-esauth-timestamp", "x-esauth-signature"} {
		h.Set(k, "1")
	}
}

// param is a parameter of an operation and the valid value sent for it
// ("" for none).
type param struct {
	in, name, val string
	required      bool
	schema        map[string]any
}

// params are the operation's parameters, each with its example or a
// valid value of its schema.
func (m *mutator) params(item, op map[string]any) []param {
	shared, _ := item["parameters"].([]any)
	own, _ := op["parameters"].([]any)
	var out []param
	for _, pv := range append(append([]any{}, shared...), own...) {
		p := m.deref(pv.(map[string]any), "parameters")
		s := p["schema"].(map[string]any)
		val := fmt.Sprint(p["example"])
		switch {
		case p["example"] != nil:
		case s["enum"] != nil:
			val = fmt.Sprint(s["enum"].([]any)[0])
		case s["type"] == "string":
			val = "x"
		case s["type"] == "boolean":
			val = "true"
		default:
			val = "1"
		}
		out = append(out, param{in: p["in"].(string), name: p["name"].(string), val: val, required: p["required"] == true, schema: s})
	}
	return out
}

// request is a signed request of the operation at path template p with
// the parameters' values and a JSON body (nil for none).
func (m *mutator) request(method, p string, params []param, body []byte) exchange {
	var query []string
	h := http.Header{}
	for _, pa := range params {
		switch {
		case pa.in == "path":
			p = strings.ReplaceAll(p, "{"+pa.name+"}", url.PathEscape(pa.val))
		case pa.val == "":
		case pa.in == "query":
			query = append(query, url.QueryEscape(pa.name)+"="+url.QueryEscape(pa.val))
		case pa.in == "header":
			h.Set(pa.name, pa.val)
		}
	}
	u := "http://127.0.0.1:15000/api/enstratus/" + m.version + p
	if len(query) > 0 {
		u += "?" + strings.Join(query, "&")
	}
	r := httptest.NewRequest(strings.ToUpper(method), u, bytes.NewReader(body))
	signedHeaders(h)
	for k, v := range h {
		r.Header[k] = v
	}
	if body != nil {
		r.Header.Set("Content-Type", "application/json")
	}
	return exchange{req: r, body: body}
}

// parameters judges the operation's request with every parameter valid,
// then with each broken: the wrong type, outside its enum, below its
// minimum, a required one missing, and without a security header.
func (m *mutator) parameters(loc, method, p string, params []param, body []byte) {
	valid := m.request(method, p, params, body)
	if d := m.judge(valid); len(d.ours) > 0 || len(d.ref) > 0 {
		m.t.Errorf("%s: the valid request: %v", loc, d)
		return
	}
	m.valid++
	try := func(kind string, e exchange) {
		d := m.judge(e)
		m.broken++
		switch {
		case !d.agree(e):
			m.t.Errorf("%s (%s): %v", loc, kind, d)
		case len(d.ours) > 0:
			m.refused++
		}
	}
	for i, pa := range params {
		broken := func(val string) []param {
			out := append([]param{}, params...)
			out[i].val = val
			return out
		}
		if t := pa.schema["type"]; t == "integer" || t == "boolean" {
			try(pa.name+" of the wrong type", m.request(method, p, broken("not-a-"+t.(string)), body))
		}
		if pa.schema["enum"] != nil {
			try(pa.name+" outside its enum", m.request(method, p, broken("NOT_IN_THE_ENUM"), body))
		}
		if min, ok := pa.schema["minimum"].(float64); ok {
			try(pa.name+" below its minimum", m.request(method, p, broken(fmt.Sprint(min-1)), body))
		}
		if pa.required && pa.in != "path" {
			try(pa.name+" missing", m.request(method, p, broken(""), body))
		}
	}
	unsigned := m.request(method, p, params, body)
	unsigned.req.Header.Del("x-esauth-signature")
	try("unsigned", unsigned)
}

// deref follows a $ref to a component of kind.
func (m *mutator) deref(v map[string]any, kind string) map[string]any {
	ref, ok := v["$ref"].(string)
	if !ok {
		return v
	}
	name := strings.TrimPrefix(ref, "#/components/"+kind+"/")
	return m.doc["components"].(map[string]any)[kind].(map[string]any)[name].(map[string]any)
}

// body judges valid bodies made from schema s (every member, and only
// the required ones), then each mutation of the first.
func (m *mutator) body(loc string, s map[string]any, make func([]byte) exchange) []byte {
	comps := m.doc["components"].(map[string]any)["schemas"].(map[string]any)
	g := &generator{comps: comps}
	valid := g.value(s, loc, nil, 0)
	for _, v := range []any{valid, (&generator{comps: comps, minimal: true}).value(s, loc, nil, 0)} {
		m.valid++
		if d := m.judge(make(encode(m.t, v))); len(d.ours) > 0 || len(d.ref) > 0 {
			m.t.Errorf("%s: the valid body %s: %v", loc, encode(m.t, v), d)
			return nil
		}
	}
	for _, st := range g.sites {
		for _, mu := range g.mutations(st) {
			key := st.loc + " " + mu.kind
			if m.seen[key] {
				continue
			}
			m.seen[key] = true
			e := make(encode(m.t, setAt(valid, st.path, mu.apply)))
			d := m.judge(e)
			switch {
			case !d.agree(e):
				m.t.Errorf("%s (%s at %s): %v", loc, mu.kind, st.loc, d)
			case mu.valid && len(d.ours) > 0:
				m.t.Errorf("%s (%s at %s): refused: %v", loc, mu.kind, st.loc, d)
			case mu.valid:
				m.valid++
			case len(d.ours) > 0:
				m.broken++
				m.refused++
			default:
				m.broken++
			}
		}
	}
	return encode(m.t, valid)
}

// judge has both judges judge an exchange.
func (m *mutator) judge(e exchange) disagreement {
	d, ok, err := m.j.judge(e)
	if err != nil || !ok {
		m.t.Fatalf("judging: %v (an API path: %v)", err, ok)
	}
	return d
}

func encode(t *testing.T, v any) []byte {
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func sortedKeys(m map[string]any) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
