package cli

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/mixcoatl/mixcoatl/internal/heavy"

	"sigs.k8s.io/yaml"
)

func runOpenAPI(t *testing.T, args ...string) result {
	t.Helper()
	return runEnv(context.Background(), Env{Args: append([]string{"openapi"}, args...),
		Getenv: func(string) string { return "" }, LegacyDir: "-", ConfigDir: t.TempDir()})
}

// TestOpenAPIPrintsTheCommittedDocument: -o json prints openapi/<v>.json
// byte for byte, -o yaml the same document as YAML; without --api-version
// the default version's.
func TestOpenAPIPrintsTheCommittedDocument(t *testing.T) {
	heavy.NotUnderRace(t)
	t.Parallel()
	for _, v := range []string{"2012-06-15", "2015-06-29"} {
		want, err := os.ReadFile(filepath.Join("..", "openapi", v+".json"))
		if err != nil {
			t.Fatal(err)
		}
		res := runOpenAPI(t, "--api-version", v)
		if res.code != 0 || res.stdout != string(want) {
			t.Errorf("openapi --api-version %s: exit %d, %d bytes, want the %d of openapi/%s.json (stderr %q)",
				v, res.code, len(res.stdout), len(want), v, res.stderr)
		}
		res = runOpenAPI(t, "--api-version", v, "-o", "yaml")
		var fromYAML, fromJSON any
		if err := yaml.Unmarshal([]byte(res.stdout), &fromYAML); err != nil || res.code != 0 {
			t.Fatalf("-o yaml: exit %d, %v", res.code, err)
		}
		if err := json.Unmarshal(want, &fromJSON); err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(fromYAML, fromJSON) {
			t.Errorf("%s: the YAML document is not the JSON one", v)
		}
	}
	def := runOpenAPI(t)
	want, _ := os.ReadFile(filepath.Join("..", "openapi", "2012-06-15.json")) // the catalogue's default version
	if def.stdout != string(want) {
		t.Errorf("openapi without --api-version: %d bytes, want the default version's document", len(def.stdout))
	}
}

func TestOpenAPIRefusesUnknownVersionAndFormat(t *testing.T) {
	t.Parallel()
	for _, args := range [][]string{{"--api-version", "1999-01-01"}, {"-o", "xml"}} {
		if res := runOpenAPI(t, args...); res.code != ExitUsage || res.stdout != "" {
			t.Errorf("openapi %v: exit %d, stdout %d bytes; want a usage error", args, res.code, len(res.stdout))
		}
	}
}
