package openapigen

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/mixcoatl/mixcoatl/catalog"
	"github.com/mixcoatl/mixcoatl/wire"
)

// resource adds the resource's paths and schemas at the version, if the
// version has any operation of it.
func (g *gen) resource(r *catalog.Resource, paths obj) {
	var ops []*catalog.Op
	for _, o := range r.Ops {
		if catalog.InRange(g.v, o.Since, o.Until) {
			ops = append(ops, o)
		}
	}
	if len(ops) == 0 {
		return
	}
	g.resourceSchemas(r)
	collection, item := obj{}, obj{}
	var puts []*catalog.Op
	for _, o := range ops {
		switch o.Kind {
		case catalog.KindList:
			collection["get"] = g.list(r, o)
		case catalog.KindHead:
			collection["head"] = g.head(r, o)
		case catalog.KindGet:
			if r.Flat {
				collection["get"] = g.get(r, o)
			} else {
				item["get"] = g.get(r, o)
			}
		case catalog.KindCreate:
			collection["post"] = g.write(r, []*catalog.Op{o}, http.MethodPost)
		case catalog.KindUpdate, catalog.KindAction:
			puts = append(puts, o)
		case catalog.KindDelete:
			item["delete"] = g.write(r, []*catalog.Op{o}, http.MethodDelete)
		}
	}
	if len(puts) > 0 {
		item["put"] = g.write(r, puts, http.MethodPut)
	}
	base := "/" + r.Path
	if len(collection) > 0 {
		paths[base] = collection
	}
	if len(item) > 0 {
		item["parameters"] = []any{g.idParam(r)}
		paths[base+"/{"+r.Key+"}"] = item
	}
}

func (g *gen) idParam(r *catalog.Resource) obj {
	p := obj{"name": r.Key, "in": "path", "required": true, "description": "The id of the " + r.Name + ".",
		"schema": obj{"type": jsonType(r.KeyType)}}
	if r.Example != "" {
		p["example"] = typed(r.KeyType, r.Example)
	}
	return p
}

// typed is a catalogue example as a value of the type.
func typed(t catalog.Type, s string) any {
	switch t {
	case catalog.TypeInt:
		if n, err := strconv.ParseInt(s, 10, 64); err == nil {
			return n
		}
	case catalog.TypeNumber:
		if x, err := strconv.ParseFloat(s, 64); err == nil {
			return x
		}
	case catalog.TypeBool:
		if b, err := strconv.ParseBool(s); err == nil {
			return b
		}
	}
	return s
}

// operation is what every operation carries.
func (g *gen) operation(r *catalog.Resource, id, summary, doc string) obj {
	o := obj{"operationId": id, "summary": summary, "tags": []any{r.Scope}, "security": []any{securityRequirement()}}
	desc := doc
	if r.Notes != "" {
		desc = joinDoc(desc, r.Notes)
	}
	if desc != "" {
		o["description"] = desc
	}
	return o
}

// setParams sets an operation's parameters, if it has any.
func setParams(op obj, ps []any) {
	if len(ps) > 0 {
		op["parameters"] = ps
	}
}

// params turns catalogue parameters into query parameters.
func params(ps []catalog.Param) []any {
	var out []any
	for _, p := range ps {
		q := obj{"name": p.Name, "in": "query", "schema": obj{"type": jsonType(p.Type)}}
		if p.Required {
			q["required"] = true
		}
		doc := p.Doc
		if len(p.RequiredUnless) > 0 {
			doc = joinDoc(doc, "Required unless "+strings.Join(p.RequiredUnless, " or ")+" is given.")
		}
		if doc != "" {
			q["description"] = doc
		}
		if p.Default != "" {
			q["schema"].(obj)["default"] = typed(p.Type, p.Default)
		}
		if p.Example != "" {
			q["example"] = typed(p.Type, p.Example)
		}
		out = append(out, q)
	}
	return out
}

// answer is a 200 or 201 answer holding items of the resource: the
// collection envelope in JSON, the collection element in XML; a flat
// resource's one object in both.
func (g *gen) answer(r *catalog.Resource, description string, headers obj) obj {
	item := ref("schemas", extendedName(r))
	if r.Flat {
		return obj{"description": description, "headers": headers,
			"content": obj{"application/json": obj{"schema": item}, "application/xml": obj{"schema": item}}}
	}
	return g.envelope(r.Collection, item, description, headers)
}

func (g *gen) envelope(collection string, item obj, description string, headers obj) obj {
	return obj{"description": description, "headers": headers, "content": obj{
		"application/json": obj{"schema": obj{"type": "object", "properties": obj{
			collection: obj{"type": "array", "items": item}}, "required": []any{collection}, "additionalProperties": false}},
		"application/xml": obj{"schema": obj{"type": "array", "items": item,
			"xml": obj{"name": collection, "wrapped": true}}},
	}}
}

func (g *gen) list(r *catalog.Resource, o *catalog.Op) obj {
	op := g.operation(r, "list"+r.Name, "List "+r.Path, o.Doc)
	ps := []any{ref("parameters", "details"), ref("parameters", "paginationId"), ref("parameters", "page")}
	op["parameters"] = append(ps, params(r.Filters)...)
	op["responses"] = addErrors(obj{"200": g.answer(r, "The records, one page when the list is paged.",
		responseHeaders(wire.HeaderPagination, wire.HeaderLastPage))})
	return op
}

func (g *gen) head(r *catalog.Resource, o *catalog.Op) obj {
	op := g.operation(r, "count"+r.Name, "Count "+r.Path, o.Doc)
	setParams(op, params(r.Filters))
	op["responses"] = addErrors(obj{"200": obj{"description": "The count, in x-es-count; no body.",
		"headers": responseHeaders(wire.HeaderCount)}})
	return op
}

func (g *gen) get(r *catalog.Resource, o *catalog.Op) obj {
	op := g.operation(r, "get"+r.Name, "Get "+r.Path, o.Doc)
	op["parameters"] = append([]any{ref("parameters", "details")}, params(o.Params)...)
	what := "The record, in a list of one."
	if r.Flat {
		what = "The object."
	}
	ok := g.answer(r, what, responseHeaders())
	if ex := g.example(r); ex != nil {
		var body any = ex
		if !r.Flat {
			body = obj{r.Collection: []any{ex}}
		}
		ok["content"].(obj)["application/json"].(obj)["example"] = body
	}
	op["responses"] = addErrors(obj{"200": ok})
	return op
}

// write describes a POST, PUT or DELETE: one form per op (a PUT holds
// every update and action verb of the version).
func (g *gen) write(r *catalog.Resource, forms []*catalog.Op, method string) obj {
	var verbs, docs []string
	var bodies []any
	responses := obj{}
	var queries []catalog.Param
	for _, o := range forms {
		verbs = append(verbs, o.Verb)
		if o.Doc != "" {
			docs = append(docs, o.Doc)
		}
		switch {
		case o.Async:
			responses["202"] = g.envelope("jobs", ref("schemas", extendedName(g.job())),
				"Accepted: the job that carries the operation out.", responseHeaders())
		case o.Kind == catalog.KindCreate:
			responses["201"] = g.answer(r, "Created: the new record, in a list of one.", responseHeaders())
		default:
			responses["204"] = obj{"description": "Done.", "headers": responseHeaders()}
		}
		if o.Kind == catalog.KindDelete {
			queries = append(queries, o.Params...)
			continue
		}
		name := r.Name + upperFirst(o.Verb) + "Request"
		g.schemas[name] = g.payload(r, o)
		bodies = append(bodies, ref("schemas", name))
	}
	var op obj
	switch method {
	case http.MethodDelete:
		op = g.operation(r, "delete"+r.Name, "Delete a "+r.Path, strings.Join(docs, " "))
		setParams(op, params(queries))
	case http.MethodPost:
		op = g.operation(r, forms[0].Verb+r.Name, "Create a "+r.Path+" ("+forms[0].Verb+")", strings.Join(docs, " "))
	default:
		op = g.operation(r, "put"+r.Name, "Update or act on a "+r.Path+": "+strings.Join(verbs, ", "), strings.Join(docs, " "))
	}
	if method != http.MethodDelete {
		op["parameters"] = []any{ref("parameters", "details")}
		schema := bodies[0]
		if len(bodies) > 1 {
			schema = obj{"oneOf": bodies}
		}
		op["requestBody"] = obj{"required": true, "description": "The payload, wrapped in its verb (spec §8).",
			"content": obj{"application/json": obj{"schema": schema}}}
		op["x-es-verbs"] = toAny(verbs)
	}
	op["responses"] = addErrors(responses)
	return op
}

func (g *gen) job() *catalog.Resource {
	job, ok := g.cat.Resource("Job")
	if !ok {
		panic("openapigen: the catalogue has no Job resource, which asynchronous answers list")
	}
	g.resourceSchemas(job)
	return job
}

func toAny(ss []string) []any {
	out := make([]any, len(ss))
	for i, s := range ss {
		out[i] = s
	}
	return out
}

func upperFirst(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// payload is the request body of one write form at the version: the
// fields under the verb, wrapped as the form says (a list of one, an
// object, or an object in a container). A member only other versions of
// the operation take is refused (not {}); unknown members are ignored.
func (g *gen) payload(r *catalog.Resource, o *catalog.Op) obj {
	props := obj{}
	var required []any
	for _, f := range o.Fields {
		if !f.In(g.v) {
			continue
		}
		props[f.Name] = g.fieldSchema(f, basic)
		if f.Required {
			required = append(required, f.Name)
		}
	}
	for _, form := range r.Ops {
		if form.Kind != o.Kind || form.Verb != o.Verb {
			continue
		}
		for _, f := range form.Fields {
			if _, since, until, other := r.OtherVersions(o, f.Name, g.v); other {
				if _, taken := props[f.Name]; !taken {
					props[f.Name] = obj{"not": obj{}, "description": "Not in this API version (API versions " +
						catalog.VersionsText(since, until) + " take it): refused."}
				}
			}
		}
	}
	fields := obj{"type": "object", "properties": props}
	if len(required) > 0 {
		fields["required"] = required
	}
	var inner any = fields
	switch {
	case o.Wrap == "object" && o.Container != "":
		inner = obj{"type": "object", "properties": obj{o.Container: fields}, "required": []any{o.Container}}
	case o.Wrap == "object":
	default:
		inner = obj{"type": "array", "items": fields, "minItems": 1}
	}
	s := obj{"type": "object", "properties": obj{o.Verb: inner}, "required": []any{o.Verb}, "additionalProperties": false}
	desc := o.Verb + " of " + r.Path
	if o.Doc != "" {
		desc += ": " + o.Doc
	}
	s["description"] = desc
	return s
}
