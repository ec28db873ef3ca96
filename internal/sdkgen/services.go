package main

import (
	"bytes"
	"fmt"
	"strings"

	"github.com/mixcoatl/mixcoatl/catalog"
)

// opGroup is one method: a write op of the catalogue (its forms across API
// versions, with the union of their fields and parameters).
type opGroup struct{ *catalog.OpGroup }

func writeGroups(r *catalog.Resource) []*opGroup {
	var out []*opGroup
	for _, g := range r.WriteOps() {
		out = append(out, &opGroup{g})
	}
	return out
}

func (g *opGroup) method() string {
	if g.Kind == catalog.KindDelete {
		return "Delete"
	}
	return catalog.GoName(g.Verb)
}

func requestType(f *catalog.Field) string {
	switch f.Type {
	case catalog.TypeRef:
		return "sdk.ID"
	case catalog.TypeRefs:
		return "[]sdk.ID"
	case catalog.TypeInt:
		return "int64"
	case catalog.TypeNumber:
		return "float64"
	case catalog.TypeBool:
		return "bool"
	case catalog.TypeMoney:
		return "sdk.Money"
	case catalog.TypeStrings:
		return "[]string"
	case catalog.TypeArray:
		return "[]any"
	case catalog.TypeObject:
		return "map[string]any"
	case catalog.TypeTimestamp:
		return "sdk.Timestamp"
	case catalog.TypeAny:
		return "any"
	}
	return "string"
}

func paramType(p catalog.Param) string {
	switch p.Type {
	case "int":
		return "int64"
	case "bool":
		return "*bool"
	}
	return "string"
}

// requiredIn says in which forms a field is required ("" = none).
func (g *opGroup) requiredIn(name string) string {
	var forms []string
	for _, op := range g.Forms {
		for _, f := range op.Fields {
			if f.Name == name && f.Required {
				forms = append(forms, versionRange(op))
			}
		}
	}
	if len(forms) == len(g.Forms) && len(forms) > 0 {
		return "Required."
	}
	if len(forms) > 0 {
		return "Required in API versions " + strings.Join(forms, ", ") + "."
	}
	return ""
}

func versionRange(op *catalog.Op) string {
	return fmt.Sprintf("[%s, %s)", orAny(op.Since), orAny(op.Until))
}

func paramStruct(b *bytes.Buffer, name, doc string, params []catalog.Param) {
	b.WriteString(comment("", doc))
	fmt.Fprintf(b, "type %s struct {\n", name)
	for _, p := range params {
		d := p.Doc
		if p.Required {
			d = strings.TrimSpace("Required. " + d)
		}
		if len(p.RequiredUnless) > 0 {
			d = strings.TrimSpace(fmt.Sprintf("Required unless %s is given. %s", strings.Join(p.RequiredUnless, " or "), d))
		}
		if p.Default != "" {
			d = strings.TrimSpace(d + " Server default: " + p.Default + ".")
		}
		if d != "" {
			b.WriteString(comment("\t", d))
		}
		fmt.Fprintf(b, "\t%s %s `url:%q`\n", catalog.GoName(p.Name), paramType(p), p.Name)
	}
	b.WriteString("}\n\n")
}

// genService writes <scope>/<resource>_gen.go.
func genService(cat *catalog.Catalog, r *catalog.Resource) []byte {
	var b bytes.Buffer
	m := r.GoName()
	svc := m + "Service"
	fmt.Fprintf(&b, "// %s is the %s model (defined in sdk/models so that scopes may reference\n// each other's resources).\ntype %s = models.%s\n\n", m, r.Path, m, m)
	if hasRef(r) {
		fmt.Fprintf(&b, "// %sRef is a lazy reference to a %s.\ntype %sRef = models.%sRef\n\n", m, m, m, m)
	}
	if r.Has(catalog.KindList) {
		paramStruct(&b, m+"Filter", fmt.Sprintf("%sFilter holds the list filters of %s; zero fields are not sent.", m, r.Path), r.Filters)
	}
	getOp, _ := r.Op(catalog.KindGet, "", "")
	if getOp != nil && len(getOp.Params) > 0 {
		paramStruct(&b, m+"Params", fmt.Sprintf("%sParams holds the query parameters of a %s read.", m, m), getOp.Params)
	}
	groups := writeGroups(r)
	for _, g := range groups {
		if g.Kind == catalog.KindDelete {
			if len(g.Params()) > 0 {
				paramStruct(&b, m+"DeleteParams", fmt.Sprintf("%sDeleteParams holds the query parameters of a %s delete.", m, m), g.Params())
			}
			continue
		}
		if len(g.Fields()) == 0 {
			continue
		}
		name := m + g.method() + "Request"
		b.WriteString(comment("", fmt.Sprintf("%s is the payload of %s (%s %q). References are ids; zero fields are not sent.", name, g.method(), g.Kind, g.Verb)))
		fmt.Fprintf(&b, "type %s struct {\n", name)
		for _, f := range g.Fields() {
			d := strings.TrimSpace(g.requiredIn(f.Name) + " " + fieldDoc(f))
			if d != "" {
				b.WriteString(comment("\t", d))
			}
			fmt.Fprintf(&b, "\t%s %s `json:%q`\n", catalog.GoName(f.Name), requestType(f), f.Name)
		}
		b.WriteString("\t// Extra members are sent as they are, e.g. fields of another API version.\n")
		b.WriteString("\tExtra map[string]any `json:\"-\"`\n}\n\n")
	}

	fmt.Fprintf(&b, "// %s reads and changes %s resources.\ntype %s struct{ c sdk.Client }\n\n", svc, r.Path, svc)
	fmt.Fprintf(&b, "// New%s returns the %s service on c.\nfunc New%s(c sdk.Client) *%s { return &%s{c: c} }\n\n", svc, m, svc, svc, svc)

	idType, idExpr := "int64", "strconv.FormatInt(id, 10)"
	if r.KeyType == "string" {
		idType, idExpr = "string", "id"
	}
	switch {
	case r.Flat && getOp != nil:
		fmt.Fprintf(&b, "// Get reads the %s (a flat object).\nfunc (s *%s) Get(ctx context.Context, opts ...sdk.CallOption) (*%s, error) {\n\treturn sdk.Get[%s](ctx, s.c, \"\", nil, opts...)\n}\n\n", m, svc, m, m)
	case getOp != nil && len(getOp.Params) > 0:
		fmt.Fprintf(&b, `// Get reads the %[1]s of the resource with this id for the parameters p
// (required ones are checked before any request).
func (s *%[2]s) Get(ctx context.Context, id %[3]s, p %[1]sParams, opts ...sdk.CallOption) (*%[1]s, error) {
	return sdk.Get[%[1]s](ctx, s.c, %[4]s, p, opts...)
}

`, m, svc, idType, idExpr)
	case getOp != nil:
		fmt.Fprintf(&b, "// Get reads the %s with this id.\nfunc (s *%s) Get(ctx context.Context, id %s, opts ...sdk.CallOption) (*%s, error) {\n\treturn sdk.Get[%s](ctx, s.c, %s, nil, opts...)\n}\n\n", m, svc, idType, m, m, idExpr)
	}
	if r.Has(catalog.KindList) {
		fmt.Fprintf(&b, `// List yields every %[1]s matching f, following pagination; required
// filters are checked before any request.
func (s *%[2]s) List(ctx context.Context, f %[1]sFilter, opts ...sdk.CallOption) iter.Seq2[*%[1]s, error] {
	return sdk.List[%[1]s](ctx, s.c, f, opts...)
}

// All returns every %[1]s matching f, one request per page.
func (s *%[2]s) All(ctx context.Context, f %[1]sFilter, opts ...sdk.CallOption) ([]*%[1]s, error) {
	return sdk.All[%[1]s](ctx, s.c, f, opts...)
}

`, m, svc)
	}
	if r.Has(catalog.KindHead) && r.Has(catalog.KindList) {
		fmt.Fprintf(&b, "// Count returns the number of %s matching f (HEAD, x-es-count).\nfunc (s *%s) Count(ctx context.Context, f %sFilter) (int, error) {\n\treturn sdk.Count[%s](ctx, s.c, f)\n}\n\n", m, svc, m, m)
	}
	if hasRef(r) {
		fmt.Fprintf(&b, "// Ref returns a lazy reference to the %s with this id; it makes no request\n// until a field is read.\nfunc (s *%s) Ref(id int64) %sRef { return models.New%sRef(s.c, id) }\n\n", m, svc, m, m)
	}
	asyncCreate := false
	for _, g := range groups {
		genOp(&b, r, svc, idType, idExpr, g)
		asyncCreate = asyncCreate || (g.Kind == catalog.KindCreate && g.Async())
	}
	if asyncCreate && getOp != nil && hasRef(r) {
		fmt.Fprintf(&b, `// Created waits for the job of a create and reads the %[1]s it made.
func (s *%[2]s) Created(ctx context.Context, job *dcm.Job, w dcm.WaitOptions, opts ...sdk.CallOption) (*%[1]s, error) {
	return sdk.Created[%[1]s](ctx, s.c, job, w, opts...)
}

`, m, svc)
	}
	genServiceCompat(&b, r, groups, getOp)
	return withImports(r.Scope, b.Bytes())
}

// genServiceCompat keeps the names a resource's types had before they
// followed Go initialisms (ApiKeyService → APIKeyService) as deprecated
// aliases, so that code written against them still builds.
func genServiceCompat(b *bytes.Buffer, r *catalog.Resource, groups []*opGroup, getOp *catalog.Op) {
	m, old := r.GoName(), r.Name
	if m == old {
		return
	}
	suffixes := []string{"", "Service"}
	if hasRef(r) {
		suffixes = append(suffixes, "Ref")
	}
	if r.Has(catalog.KindList) {
		suffixes = append(suffixes, "Filter")
	}
	if getOp != nil && len(getOp.Params) > 0 {
		suffixes = append(suffixes, "Params")
	}
	for _, g := range groups {
		switch {
		case g.Kind == catalog.KindDelete && len(g.Params()) > 0:
			suffixes = append(suffixes, "DeleteParams")
		case g.Kind != catalog.KindDelete && len(g.Fields()) > 0:
			suffixes = append(suffixes, g.method()+"Request")
		}
	}
	for _, s := range suffixes {
		fmt.Fprintf(b, "// %[1]s%[3]s is the former name of %[2]s%[3]s.\n//\n// Deprecated: use %[2]s%[3]s.\ntype %[1]s%[3]s = %[2]s%[3]s\n\n", old, m, s)
	}
	fmt.Fprintf(b, "// New%[1]sService is the former name of New%[2]sService.\n//\n// Deprecated: use New%[2]sService.\nfunc New%[1]sService(c sdk.Client) *%[2]sService { return New%[2]sService(c) }\n", old, m)
}

func genOp(b *bytes.Buffer, r *catalog.Resource, svc, idType, idExpr string, g *opGroup) {
	m := r.GoName()
	kind := map[catalog.Kind]string{catalog.KindCreate: "catalog.KindCreate", catalog.KindUpdate: "catalog.KindUpdate",
		catalog.KindAction: "catalog.KindAction", catalog.KindDelete: "catalog.KindDelete"}[g.Kind]
	var args, reqArg, idArg, paramsArg []string
	idArg = []string{`""`}
	if g.Kind != catalog.KindCreate {
		args = append(args, "id "+idType)
		idArg = []string{idExpr}
	}
	reqArg = []string{"nil"}
	paramsArg = []string{"nil"}
	if g.Kind == catalog.KindDelete && len(g.Params()) > 0 {
		args = append(args, "p "+m+"DeleteParams")
	} else if len(g.Fields()) > 0 {
		args = append(args, "req "+m+g.method()+"Request")
		reqArg = []string{"req"}
	}
	verb := fmt.Sprintf("%q", g.Verb)
	sig := "ctx context.Context"
	if len(args) > 0 {
		sig += ", " + strings.Join(args, ", ")
	}
	doc := fmt.Sprintf("%s performs %s %s", g.method(), g.Kind, r.Path)
	if g.Verb != "" {
		doc += fmt.Sprintf(" (%q)", g.Verb)
	}
	for _, op := range g.Forms {
		if op.Doc != "" {
			doc += ". " + strings.TrimSuffix(op.Doc, ".")
		}
	}
	if g.Kind == catalog.KindDelete && len(g.Params()) > 0 {
		// The executor checks the parameters of the form the client's
		// API version picks.
		paramsArg = []string{"p"}
	}
	call := fmt.Sprintf("ctx, s.c, %s, %s, %s, %s, %s", kind, verb, idArg[0], reqArg[0], paramsArg[0])
	switch {
	case g.Kind == catalog.KindCreate && !g.Async():
		b.WriteString(comment("", doc+"; it returns the created "+m+"."))
		fmt.Fprintf(b, "func (s *%s) %s(%s) (*%s, error) {\n\treturn sdk.Create[%s](ctx, s.c, %s, %s)\n}\n\n", svc, g.method(), sig, m, m, verb, reqArg[0])
	case g.Async():
		b.WriteString(comment("", doc+"; it returns the job (nil if the server finished synchronously)."))
		fmt.Fprintf(b, "func (s *%s) %s(%s) (*dcm.Job, error) {\n", svc, g.method(), sig)
		fmt.Fprintf(b, "\treturn sdk.Submit[%s](%s)\n}\n\n", m, call)
	default:
		b.WriteString(comment("", doc+"."))
		fmt.Fprintf(b, "func (s *%s) %s(%s) error {\n", svc, g.method(), sig)
		fmt.Fprintf(b, "\treturn sdk.Perform[%s](%s)\n}\n\n", m, call)
	}
}

func withImports(scope string, body []byte) []byte {
	var std, mod []string
	for _, im := range []struct{ use, path string }{
		{"context.", `"context"`}, {"iter.", `"iter"`}, {"strconv.", `"strconv"`},
		{"catalog.", `"github.com/mixcoatl/mixcoatl/catalog"`}, {"dcm.", `"github.com/mixcoatl/mixcoatl/dcm"`},
		{"sdk.", `"github.com/mixcoatl/mixcoatl/sdk"`}, {"models.", `"github.com/mixcoatl/mixcoatl/sdk/models"`},
	} {
		switch {
		case !bytes.Contains(body, []byte(im.use)):
		case strings.Contains(im.path, "."):
			mod = append(mod, im.path)
		default:
			std = append(std, im.path)
		}
	}
	var b bytes.Buffer
	b.WriteString(header + "package " + scope + "\n\n")
	fmt.Fprintf(&b, "import (\n%s\n\n%s\n)\n\n", strings.Join(std, "\n"), strings.Join(mod, "\n"))
	b.Write(body)
	return b.Bytes()
}
