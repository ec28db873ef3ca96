package emulator_test

import (
	"bytes"
	"net/http"
	"os"
	"path/filepath"
	"testing"

	"github.com/mixcoatl/mixcoatl/catalog"
)

// TestServesTheOpenAPIDocument: GET /api/enstratus/<version>/openapi.json
// answers without a signature with the committed document of the version,
// byte for byte, for every version.
func TestServesTheOpenAPIDocument(t *testing.T) {
	t.Parallel()
	e := newEnv(t, nil)
	for _, v := range catalog.Load().Versions {
		want, err := os.ReadFile(filepath.Join("..", "openapi", v+".json"))
		if err != nil {
			t.Fatal(err)
		}
		rec := e.serve(newRequest(http.MethodGet, "/api/enstratus/"+v+"/openapi.json", "", map[string]string{"Accept": "application/json"}))
		wantStatus(t, rec, http.StatusOK)
		if !bytes.Equal(rec.Body.Bytes(), want) {
			t.Errorf("%s: the served document differs from openapi/%s.json (%d bytes, want %d)", v, v, rec.Body.Len(), len(want))
		}
		if got := rec.Header().Get("x-es-version"); got != v {
			t.Errorf("%s: x-es-version %q", v, got)
		}
	}
}

func TestOpenAPIDocumentRefusals(t *testing.T) {
	t.Parallel()
	e := newEnv(t, nil)
	rec := e.serve(newRequest(http.MethodGet, "/api/enstratus/1999-01-01/openapi.json", "", nil))
	wantStatus(t, rec, http.StatusNotFound)
	rec = e.serve(newRequest(http.MethodPost, "/api/enstratus/2012-06-15/openapi.json", "{}", map[string]string{"Content-Type": "application/json"}))
	wantStatus(t, rec, http.StatusMethodNotAllowed)
	if allow := rec.Header().Get("Allow"); allow != "GET, HEAD" {
		t.Errorf("Allow = %q", allow)
	}
}
