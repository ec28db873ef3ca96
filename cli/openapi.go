package cli

import (
	"fmt"

	"github.com/mixcoatl/mixcoatl/internal/jsontree"
	"github.com/spf13/cobra"

	"github.com/mixcoatl/mixcoatl/internal/openapigen"
)

// openapiOptions are the flags of `mixcoatl openapi`.
type openapiOptions struct {
	format string
}

func newOpenAPICommand(g *globalOptions, env *Env) *cobra.Command {
	o := &openapiOptions{}
	cmd := &cobra.Command{
		Use:   "openapi",
		Short: "Print the OpenAPI 3.1 document of an API version (JSON or YAML)",
		Long: `Print the API's contract for one version: the OpenAPI 3.1 document generated
from mixcoatl's resource catalogue, the same bytes as openapi/<version>.json in
the source and as GET /api/enstratus/<version>/openapi.json of the emulator.
Generate clients in other languages from it; they need help with the three
signing headers (see the README, "Using the API from other languages").

The version is --api-version, else the configured one, else the default. No
request is sent.`,
		Example: `  mixcoatl openapi > enstratus.json
  mixcoatl openapi --api-version 2012-06-15 -o yaml`,
		Args: rangeArgs(0, 0, "no arguments"),
		RunE: runE(func(*cobra.Command, []string) error {
			v := g.apiVersion
			if v == "" {
				v = g.helpVersion(env)
			}
			cat := env.catalog()
			if !cat.KnownVersion(v) {
				return usagef("--api-version: unknown API version %q", v)
			}
			doc, err := openapigen.Document(cat, v)
			if err != nil {
				return err
			}
			switch o.format {
			case "json":
			case "yaml":
				if doc, err = jsontree.YAML(doc); err != nil {
					return err
				}
			default:
				return usagef("--output: want json or yaml, got %q", o.format)
			}
			_, err = env.Stdout.Write(doc)
			if err != nil {
				return fmt.Errorf("openapi: %w", err)
			}
			return nil
		}),
	}
	cmd.Flags().StringVarP(&o.format, "output", "o", "json", "output format: json or yaml")
	return cmd
}
