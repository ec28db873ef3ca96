package cli

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"text/tabwriter"

	"github.com/mixcoatl/mixcoatl/cli/compat"
	"github.com/spf13/cobra"
)

func newCompatListCommand(env *Env) *cobra.Command {
	return &cobra.Command{
		Use:     "list",
		Short:   "List the old tools and the mixcoatl command each one runs",
		Example: "  mixcoatl compat list\n  mixcoatl dcm list | grep volume",
		Args:    rangeArgs(0, 0, "no arguments"),
		RunE: runE(func(*cobra.Command, []string) error {
			tw := tabwriter.NewWriter(env.Stdout, 0, 4, 2, ' ', 0)
			fmt.Fprintln(tw, "OLD TOOL\tMIXCOATL COMMAND")
			for _, t := range compat.Tools() {
				runs := "mixcoatl " + t.New
				if t.Unsupported != "" {
					runs = "(not supported: " + t.Unsupported + ")"
				}
				fmt.Fprintf(tw, "%s\t%s\n", t.Name, runs)
			}
			return tw.Flush()
		}),
	}
}

// compatInstallOptions are the flags of `compat install`.
type compatInstallOptions struct {
	force  bool
	target string // what the links point to; "" = this executable
}

func newCompatInstallCommand(env *Env) *cobra.Command {
	o := &compatInstallOptions{}
	cmd := &cobra.Command{
		Use:   "install DIR",
		Short: "Create a symlink named after each old tool in DIR, pointing to mixcoatl",
		Long: `Create DIR/dcm-get, DIR/dcm-list-servers, DIR/es-dump.py, … as symbolic links
to the running mixcoatl executable, so scripts written for mixcoatl 1.5.1 keep
working with DIR on their PATH.

Running it again is harmless: links that already point to mixcoatl are left
alone. A link pointing elsewhere is replaced only with --force; a file or
directory that is not a symlink is never touched.`,
		Example: "  mixcoatl compat install ~/bin\n  mixcoatl compat install --force /usr/local/bin",
		Args:    rangeArgs(1, 1, "DIR"),
		RunE: runE(func(_ *cobra.Command, args []string) error {
			return runCompatInstall(env, o, args[0])
		}),
	}
	cmd.Flags().BoolVar(&o.force, "force", false, "replace symlinks that point somewhere else")
	cmd.Flags().StringVar(&o.target, "target", "", "file the links point to (default: this mixcoatl executable)")
	return cmd
}

// runCompatInstall creates the links, reporting each one; a refused name
// does not stop the others, but makes the command fail at the end.
func runCompatInstall(env *Env, o *compatInstallOptions, dir string) error {
	target := o.target
	if target == "" {
		exe, err := os.Executable()
		if err != nil {
			return fmt.Errorf("cannot find the mixcoatl executable (give --target): %w", err)
		}
		target = exe
	}
	target, err := filepath.Abs(target)
	if err != nil {
		return err
	}
	if resolved, err := filepath.EvalSymlinks(target); err == nil {
		target = resolved
	}
	if info, err := os.Stat(dir); err != nil || !info.IsDir() {
		return usagef("install: %s is not a directory", dir)
	}
	var refused []string
	for _, t := range compat.Tools() {
		if t.Name == "mixcoatl" {
			continue // the binary's own name
		}
		msg, err := installLink(filepath.Join(dir, t.Name), target, o.force)
		if err != nil {
			refused = append(refused, t.Name)
			fmt.Fprintf(env.Stderr, "mixcoatl: %s: %v\n", t.Name, err)
			continue
		}
		fmt.Fprintf(env.Stdout, "%s %s\n", msg, filepath.Join(dir, t.Name))
	}
	if len(refused) > 0 {
		return fmt.Errorf("install: %d name(s) left alone: %s", len(refused), strings.Join(refused, ", "))
	}
	return nil
}

// installLink makes path a symlink to target and says what it did.
func installLink(path, target string, force bool) (string, error) {
	info, err := os.Lstat(path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return "created", os.Symlink(target, path)
	case err != nil:
		return "", err
	case info.Mode()&fs.ModeSymlink == 0:
		return "", fmt.Errorf("%s exists and is not a symlink; not touching it", path)
	}
	current, err := os.Readlink(path)
	if err != nil {
		return "", err
	}
	if current == target {
		return "kept", nil
	}
	if !force {
		return "", fmt.Errorf("%s links to %s; use --force to replace it", path, current)
	}
	// Replace atomically: a new link beside it, renamed over the old one.
	tmp := path + ".mixcoatl-new"
	_ = os.Remove(tmp)
	if err := os.Symlink(target, tmp); err != nil {
		return "", err
	}
	if err := os.Rename(tmp, path); err != nil {
		_ = os.Remove(tmp)
		return "", err
	}
	return "replaced", nil
}
