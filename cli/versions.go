package cli

import (
	"context"
	"fmt"
	"runtime"
	"runtime/debug"
	"slices"
	"strings"

	"github.com/mixcoatl/mixcoatl/dcm"
	"github.com/spf13/cobra"
)

// apiVersionsOptions are the flags of `mixcoatl api-versions`.
type apiVersionsOptions struct {
	active    bool // the configured version, no request
	latest    bool // the server's current version
	supported bool // every supported version (the default)
}

func newAPIVersionsCommand(g *globalOptions, env *Env) *cobra.Command {
	o := &apiVersionsOptions{}
	cmd := &cobra.Command{
		Use:   "api-versions",
		Short: "List the API versions the endpoint supports (dcm-list-api-versions)",
		Long: `Ask the endpoint's host which API versions it serves (an unsigned GET of
/api/enstratus) and print them newest first, one per line.

--latest prints only the server's current version; --active prints the version
this configuration uses, without any request.`,
		Example: `  mixcoatl api-versions
  mixcoatl api-versions --latest
  mixcoatl api-versions --active --endpoint http://dcm.example.com:15000/api/enstratus/2015-05-25`,
		Args: rangeArgs(0, 0, "no arguments"),
		RunE: runE(func(cmd *cobra.Command, _ []string) error {
			return runAPIVersions(cmd.Context(), env, g, o)
		}),
	}
	fs := cmd.Flags()
	fs.BoolVarP(&o.active, "active", "a", false, "print the configured API version")
	fs.BoolVarP(&o.latest, "latest", "l", false, "print the server's current API version")
	fs.BoolVarP(&o.supported, "supported", "s", false, "print every supported API version, newest first (default)")
	markExclusive(cmd, "active", "latest", "supported")
	return cmd
}

func runAPIVersions(ctx context.Context, env *Env, g *globalOptions, o *apiVersionsOptions) error {
	g.unsignedOnly = true // discovery is unsigned: keys are not needed
	client, err := g.newClient(env)
	if err != nil {
		return err
	}
	if o.active {
		return render(env.Stdout, output{lines: []string{client.Config().APIVersion}})
	}
	v, err := client.APIVersions(ctx)
	if err != nil {
		return err
	}
	if o.latest {
		if v.Current == "" {
			return fmt.Errorf("version discovery at %s: the answer names no current version", client.BaseURL())
		}
		return render(env.Stdout, output{lines: []string{v.Current}})
	}
	// YYYY-MM-DD sorts as text; newest first as dcm-list-api-versions did.
	versions := slices.Clone(v.Supported)
	slices.Sort(versions)
	slices.Reverse(versions)
	return render(env.Stdout, output{lines: slices.Compact(versions)})
}

func newVersionCommand(env *Env) *cobra.Command {
	return &cobra.Command{
		Use:     "version",
		Short:   "Print the mixcoatl version, the commit it was built from, the Go version and the default API version",
		Example: `  mixcoatl version`,
		Args:    rangeArgs(0, 0, "no arguments"),
		RunE: runE(func(cmd *cobra.Command, _ []string) error {
			// The root's --version text (versionText): the build
			// information is parsed once per run.
			return render(env.Stdout, output{lines: strings.Split(cmd.Root().Version, "\n")})
		}),
	}
}

func versionLines() []string {
	info, ok := debug.ReadBuildInfo()
	if !ok {
		info = nil
	}
	return []string{
		"mixcoatl " + dcm.Version,
		commitLine(info),
		"go " + runtime.Version() + " " + runtime.GOOS + "/" + runtime.GOARCH,
		"default API version " + dcm.DefaultAPIVersion,
	}
}

// commitLine says which source the binary was built from: the commit go
// build and go install stamp into a binary built in a git checkout (with
// "+modified" for uncommitted changes, and the commit's time), or the
// module version of a go install …@version.
func commitLine(info *debug.BuildInfo) string {
	if info == nil {
		return "commit unknown (no build information)"
	}
	var rev, at string
	modified := false
	for _, s := range info.Settings {
		switch s.Key {
		case "vcs.revision":
			rev = s.Value
		case "vcs.time":
			at = s.Value
		case "vcs.modified":
			modified = s.Value == "true"
		}
	}
	if rev == "" {
		if v := info.Main.Version; v != "" && v != "(devel)" {
			return "module version " + v
		}
		return "commit unknown (built without version control information: go run, a test, or -buildvcs=false)"
	}
	line := "commit " + rev
	if modified {
		line += "+modified"
	}
	if at != "" {
		line += " (" + at + ")"
	}
	return line
}

// versionText is the same, for `mixcoatl --version`.
func versionText() string { return strings.Join(versionLines(), "\n") }
