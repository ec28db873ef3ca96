// Command openapigen writes openapi/<version>.json for every API version of
// the catalogue and removes documents of versions it no longer knows. It
// runs from go generate (internal/openapigen/doc.go).
package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/mixcoatl/mixcoatl/catalog"
	"github.com/mixcoatl/mixcoatl/internal/openapigen"
)

func main() {
	out := flag.String("o", "openapi", "directory to write the documents into")
	flag.Parse()
	if err := run(*out); err != nil {
		fmt.Fprintln(os.Stderr, "openapigen:", err)
		os.Exit(1)
	}
}

func run(dir string) error {
	cat := catalog.Load()
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	old, err := filepath.Glob(filepath.Join(dir, "*.json"))
	if err != nil {
		return err
	}
	for _, p := range old {
		if !cat.KnownVersion(strings.TrimSuffix(filepath.Base(p), ".json")) {
			if err := os.Remove(p); err != nil {
				return err
			}
		}
	}
	for _, v := range cat.Versions {
		doc, err := openapigen.Document(cat, v)
		if err != nil {
			return err
		}
		if err := os.WriteFile(filepath.Join(dir, v+".json"), doc, 0o644); err != nil {
			return err
		}
	}
	return nil
}
