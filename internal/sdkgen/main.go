// Command sdkgen generates the dull parts of the typed SDK from the resource
// catalogue: one model file per resource in sdk/models and one service file
// per resource in its scope package, plus each scope's Client. Run it with
// `go generate ./sdk/...`; a test fails when the committed files are stale.
package main

import (
	"bytes"
	"flag"
	"fmt"
	"go/format"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/mixcoatl/mixcoatl/catalog"
	"github.com/mixcoatl/mixcoatl/wire"
)

func main() {
	root := flag.String("root", ".", "module root to write into")
	flag.Parse()
	files, err := Generate(catalog.Load())
	if err != nil {
		fmt.Fprintln(os.Stderr, "sdkgen:", err)
		os.Exit(1)
	}
	stale, err := staleGenerated(*root, files)
	if err != nil {
		fmt.Fprintln(os.Stderr, "sdkgen:", err)
		os.Exit(1)
	}
	for _, p := range stale { // generated files of resources no longer in the catalogue
		if err := os.Remove(filepath.Join(*root, p)); err != nil {
			fmt.Fprintln(os.Stderr, "sdkgen:", err)
			os.Exit(1)
		}
	}
	for _, p := range sortedKeys(files) {
		full := filepath.Join(*root, p)
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			fmt.Fprintln(os.Stderr, "sdkgen:", err)
			os.Exit(1)
		}
		if err := os.WriteFile(full, files[p], 0o644); err != nil {
			fmt.Fprintln(os.Stderr, "sdkgen:", err)
			os.Exit(1)
		}
	}
}

// Generate returns every generated file, by slash path relative to the
// module root, gofmt-ed.
func Generate(cat *catalog.Catalog) (map[string][]byte, error) {
	files := map[string][]byte{}
	byScope := map[string][]*catalog.Resource{}
	for _, r := range cat.Resources {
		model, err := genModel(cat, r)
		if err != nil {
			return nil, err
		}
		files["sdk/models/"+snake(r.Name)+"_gen.go"] = model
		files[r.Scope+"/"+snake(r.Name)+"_gen.go"] = genService(cat, r)
		byScope[r.Scope] = append(byScope[r.Scope], r)
	}
	files["sdk/models/registry_gen.go"] = genRegistry(cat)
	for scope, rs := range byScope {
		files[scope+"/scope_gen.go"] = genScope(scope, rs)
	}
	for p, src := range files {
		out, err := format.Source(src)
		if err != nil {
			return nil, fmt.Errorf("%s: %w\n%s", p, err, src)
		}
		files[p] = out
	}
	return files, nil
}

func genScope(scope string, rs []*catalog.Resource) []byte {
	var b, compat bytes.Buffer
	fmt.Fprintf(&b, "// Client holds a service for every %s resource.\ntype Client struct {\n", scope)
	for _, r := range rs {
		fmt.Fprintf(&b, "\t%s *%sService // %s\n", serviceField(r), r.GoName(), r.Path)
		if old := formerServiceField(r); old != "" {
			fmt.Fprintf(&b, "\t// Deprecated: use %s (the same service).\n\t%s *%sService\n", serviceField(r), old, r.GoName())
			fmt.Fprintf(&compat, "\tcl.%s = cl.%s\n", old, serviceField(r))
		}
	}
	b.WriteString("}\n\n")
	fmt.Fprintf(&b, "// New returns the %s services on c (they make no request until used).\nfunc New(c sdk.Client) *Client {\n\tcl := &Client{\n", scope)
	for _, r := range rs {
		fmt.Fprintf(&b, "\t\t%s: New%sService(c),\n", serviceField(r), r.GoName())
	}
	b.WriteString("\t}\n")
	b.Write(compat.Bytes())
	b.WriteString("\treturn cl\n}\n")
	return withImports(scope, b.Bytes())
}

func genRegistry(cat *catalog.Catalog) []byte {
	var b bytes.Buffer
	b.WriteString(header + "package models\n\nimport (\n\"context\"\n\"net/url\"\n\n\"github.com/mixcoatl/mixcoatl/sdk\"\n)\n\n")
	b.WriteString("// New returns a pointer to a new zero model of the named catalogue resource\n// (\"Server\"), for code that handles resources generically.\n")
	b.WriteString("func New(resource string) (sdk.Model, bool) {\n\tswitch resource {\n")
	for _, r := range cat.Resources {
		fmt.Fprintf(&b, "\tcase %q:\n\t\treturn new(%s), true\n", r.Name, r.GoName())
	}
	b.WriteString("\t}\n\treturn nil, false\n}\n\n")
	b.WriteString("// All lists the named resource (sdk.All), returning pointers to its models.\n")
	b.WriteString("func All(ctx context.Context, c sdk.Client, resource string, filter any, opts ...sdk.CallOption) ([]sdk.Model, error) {\n\tswitch resource {\n")
	for _, r := range cat.Resources {
		if r.Has(catalog.KindList) {
			fmt.Fprintf(&b, "\tcase %q:\n\t\treturn many(sdk.All[%s](ctx, c, filter, opts...))\n", r.Name, r.GoName())
		}
	}
	b.WriteString("\t}\n\treturn nil, unsupported(resource, \"list\")\n}\n\n")
	b.WriteString("// Get reads one resource by id (\"\" for a flat one) with the query q (sdk.Get).\n")
	b.WriteString("func Get(ctx context.Context, c sdk.Client, resource, id string, q url.Values, opts ...sdk.CallOption) (sdk.Model, error) {\n\tswitch resource {\n")
	for _, r := range cat.Resources {
		if r.Has(catalog.KindGet) {
			fmt.Fprintf(&b, "\tcase %q:\n\t\treturn one(sdk.Get[%s](ctx, c, id, q, opts...))\n", r.Name, r.GoName())
		}
	}
	b.WriteString("\t}\n\treturn nil, unsupported(resource, \"get\")\n}\n")
	return b.Bytes()
}

func serviceField(r *catalog.Resource) string {
	if r.Flat {
		return r.GoName()
	}
	return wire.Plural(r.GoName())
}

// formerServiceField is the service field's name before it followed Go
// initialisms (ApiKeys), "" when unchanged.
func formerServiceField(r *catalog.Resource) string {
	old := wire.Plural(r.Name)
	if r.Flat {
		old = r.Name
	}
	if old == serviceField(r) {
		return ""
	}
	return old
}

// staleGenerated lists generated files on disk that Generate no longer makes.
func staleGenerated(root string, files map[string][]byte) ([]string, error) {
	dirs := map[string]bool{}
	for p := range files {
		dirs[filepath.Dir(p)] = true
	}
	var stale []string
	for dir := range dirs {
		matches, err := filepath.Glob(filepath.Join(root, dir, "*_gen.go"))
		if err != nil {
			return nil, err
		}
		for _, m := range matches {
			rel, err := filepath.Rel(root, m)
			if err != nil {
				return nil, err
			}
			rel = filepath.ToSlash(rel)
			if _, ok := files[rel]; !ok && isGenerated(m) {
				stale = append(stale, rel)
			}
		}
	}
	sort.Strings(stale)
	return stale, nil
}

func isGenerated(path string) bool {
	b, err := os.ReadFile(path)
	return err == nil && strings.HasPrefix(string(b), strings.TrimSpace(header))
}

func sortedKeys(m map[string][]byte) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
