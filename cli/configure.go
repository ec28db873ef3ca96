package cli

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"text/tabwriter"

	"github.com/mixcoatl/mixcoatl/dcm"
	"github.com/spf13/cobra"
)

const configureLong = `Create or update a profile in the config file (<user config dir>/mixcoatl/
config.json, mode 0600): the endpoint, the access key, the secret key, and
whether to verify TLS certificates.

The endpoint must contain the API version (https://host/api/enstratus/
2015-05-25); --api-version is only kept for a profile without an endpoint.
Both are checked before anything is saved. Values not given keep what the
profile already holds.

The secret key is never taken from the command line. It comes from, in order:
one line of standard input with --secret-key-stdin, the DCM_SECRET_KEY or
ES_SECRET_KEY variable, a prompt when standard input is a terminal (echo is
turned off with stty where there is one), or the profile's current secret.
On a terminal, configure also asks for the endpoint and access key when they
are missing.`

const configureExample = `  mixcoatl configure
  mixcoatl configure --profile prod --endpoint https://dcm.example.com/api/enstratus/2015-05-25 \
      --access-key ABCDEFGHIJKLMNOPQRST --secret-key-stdin --default < secret.txt
  DCM_SECRET_KEY=... mixcoatl configure --profile lab --endpoint http://10.0.0.5:15000/api/enstratus/2012-06-15 --access-key KEY --ssl-verify=false
  mixcoatl configure list
  mixcoatl configure show --profile prod
  mixcoatl configure delete lab`

// configureOptions are the flags of `mixcoatl configure`; --profile,
// --endpoint and --api-version are the global flags.
type configureOptions struct {
	accessKey   string
	secretStdin bool
	sslVerify   bool
	makeDefault bool
	prompt      bool // ask even when stdin is not a terminal (tests, piped answers)
}

func newConfigureCommand(g *globalOptions, env *Env) *cobra.Command {
	o := &configureOptions{}
	cmd := &cobra.Command{
		Use:     "configure",
		Short:   "Create or update a profile: endpoint, keys, TLS verification",
		Long:    configureLong,
		Example: configureExample,
		Args:    rangeArgs(0, 0, "no arguments (subcommands: list, show, delete)"),
		RunE: runE(func(cmd *cobra.Command, _ []string) error {
			return runConfigure(env, g, o, flagChanged(cmd.Flags(), "ssl-verify"))
		}),
	}
	fs := cmd.Flags()
	fs.StringVar(&o.accessKey, "access-key", "", "API access key")
	fs.BoolVar(&o.secretStdin, "secret-key-stdin", false, "read the secret key from the first line of standard input")
	fs.BoolVar(&o.sslVerify, "ssl-verify", true, "verify the endpoint's TLS certificate (--ssl-verify=false for self-signed test installs)")
	fs.BoolVar(&o.makeDefault, "default", false, "make this the profile used when none is chosen")
	fs.BoolVar(&o.prompt, "prompt", false, "ask for missing values even when standard input is not a terminal")
	_ = fs.MarkHidden("prompt")
	cmd.AddCommand(newConfigureListCommand(env), newConfigureShowCommand(g, env), newConfigureDeleteCommand(env))
	return cmd
}

// profileName is --profile, else $DCM_PROFILE, else "default".
func profileName(g *globalOptions, env *Env) string {
	for _, name := range []string{g.profile, env.Getenv("DCM_PROFILE")} {
		if name = strings.TrimSpace(name); name != "" {
			return name
		}
	}
	return "default"
}

func runConfigure(env *Env, g *globalOptions, o *configureOptions, sslChanged bool) error {
	if g.local {
		return usagef("configure: --local needs no profile")
	}
	dir, pf, err := readProfiles(env)
	if err != nil {
		return err
	}
	name := profileName(g, env)
	p := pf.Profiles[name]
	p.Name = name
	ask := o.prompt || stdinIsTerminal(env.Stdin)
	q := &prompter{env: env, on: ask}

	if g.endpoint != "" {
		p.Endpoint = strings.TrimSpace(g.endpoint)
	} else if p.Endpoint == "" && ask {
		if p.Endpoint, err = q.askValid("Endpoint (https://host/api/enstratus/YYYY-MM-DD)", "", validEndpoint); err != nil {
			return err
		}
	}
	if g.apiVersion != "" {
		p.APIVersion = strings.TrimSpace(g.apiVersion)
	}
	if o.accessKey != "" {
		p.AccessKey = strings.TrimSpace(o.accessKey)
	} else if p.AccessKey == "" && ask {
		if p.AccessKey, err = q.askValid("Access key", "", validNonEmpty); err != nil {
			return err
		}
	}
	secret, err := configureSecret(env, o, q, p.SecretKey != "")
	if err != nil {
		return err
	}
	if secret != "" {
		p.SecretKey = secret
	}
	if sslChanged {
		p.SSLVerify = &o.sslVerify
	}
	if err := checkProfile(p); err != nil {
		return err
	}
	if err := dcm.SaveProfile(dir, p); err != nil {
		return err
	}
	if o.makeDefault {
		if err := noProfile(dcm.SetDefaultProfile(dir, name), name); err != nil {
			return err
		}
	}
	lines := []string{fmt.Sprintf("saved profile %q in %s", name, filepath.Join(dir, dcm.ConfigFileName))}
	if o.makeDefault {
		lines = append(lines, fmt.Sprintf("profile %q is now the default", name))
	}
	return render(env.Stdout, output{lines: lines})
}

// checkProfile validates what is about to be saved, with the messages a
// user can act on.
func checkProfile(p dcm.Profile) error {
	if p.Endpoint == "" && p.APIVersion == "" {
		return usagef("configure: no endpoint: give --endpoint https://host/api/enstratus/YYYY-MM-DD")
	}
	if p.Endpoint != "" {
		if err := validEndpoint(p.Endpoint); err != nil {
			return usagef("configure: --endpoint %q: %v", p.Endpoint, err)
		}
	}
	if p.APIVersion != "" {
		if err := dcm.ValidateAPIVersion(p.APIVersion); err != nil {
			return usagef("configure: --api-version %q: %v", p.APIVersion, err)
		}
	}
	if p.AccessKey == "" {
		return usagef("configure: no access key: give --access-key")
	}
	if p.SecretKey == "" {
		return usagef("configure: no secret key: pipe it with --secret-key-stdin, or set DCM_SECRET_KEY")
	}
	return nil
}

// configureSecret finds the secret key; "" keeps the profile's current one
// (only allowed when it has one).
func configureSecret(env *Env, o *configureOptions, q *prompter, hasOne bool) (string, error) {
	if o.secretStdin {
		line, err := readLine(env.Stdin)
		if err != nil || strings.TrimSpace(line) == "" {
			return "", usagef("configure: --secret-key-stdin: no secret key on standard input")
		}
		return strings.TrimSpace(line), nil
	}
	for _, v := range []string{"DCM_SECRET_KEY", "ES_SECRET_KEY"} {
		if s := strings.TrimSpace(env.Getenv(v)); s != "" {
			return s, nil
		}
	}
	if !q.on || hasOne {
		return "", nil
	}
	return q.askSecret("Secret key")
}

func validEndpoint(s string) error {
	_, err := dcm.ParseEndpoint(strings.TrimSpace(s))
	return err
}

func validNonEmpty(s string) error {
	if strings.TrimSpace(s) == "" {
		return fmt.Errorf("a value is needed")
	}
	return nil
}

// prompter asks questions on stderr and reads answers from stdin.
type prompter struct {
	env *Env
	on  bool
}

// askValid asks until the answer passes check, three times at most.
func (q *prompter) askValid(question, def string, check func(string) error) (string, error) {
	for range 3 {
		fmt.Fprintf(q.env.Stderr, "%s: ", question)
		line, err := readLine(q.env.Stdin)
		if err != nil {
			return "", usagef("configure: no answer for %q", question)
		}
		if line = strings.TrimSpace(line); line == "" {
			line = def
		}
		if err := check(line); err != nil {
			fmt.Fprintf(q.env.Stderr, "  %v\n", err)
			continue
		}
		return line, nil
	}
	return "", usagef("configure: no valid answer for %q", question)
}

// askSecret reads the secret with echo off when stdin is a real terminal.
// golang.org/x/term is not a dependency, so echo is switched with stty,
// which every Unix terminal has; elsewhere the user is told it will show.
func (q *prompter) askSecret(question string) (string, error) {
	if f, ok := q.env.Stdin.(*os.File); ok && stdinIsTerminal(f) {
		if restore := echoOff(f); restore != nil {
			defer func() {
				restore()
				fmt.Fprintln(q.env.Stderr)
			}()
		} else {
			question += " (will be shown as you type)"
		}
	}
	return q.askValid(question, "", validNonEmpty)
}

// echoOff turns terminal echo off and returns the function that turns it
// back on, or nil when it could not.
func echoOff(tty *os.File) func() {
	if runtime.GOOS == "windows" {
		return nil
	}
	stty := func(arg string) error {
		c := exec.Command("stty", arg)
		c.Stdin = tty
		return c.Run()
	}
	if stty("-echo") != nil {
		return nil
	}
	return func() { _ = stty("echo") }
}

func newConfigureListCommand(env *Env) *cobra.Command {
	return &cobra.Command{
		Use:     "list",
		Short:   "List the profiles of the config file (secrets masked)",
		Example: "  mixcoatl configure list",
		Args:    rangeArgs(0, 0, "no arguments"),
		RunE: runE(func(*cobra.Command, []string) error {
			_, pf, err := readProfiles(env)
			if err != nil {
				return err
			}
			return writeProfileTable(env.Stdout, pf)
		}),
	}
}

func writeProfileTable(w io.Writer, pf *dcm.Profiles) error {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "DEFAULT\tPROFILE\tENDPOINT\tACCESS KEY\tSECRET KEY\tSSL VERIFY")
	def := pf.Default
	if def == "" {
		def = "default"
	}
	for _, name := range slices.Sorted(maps.Keys(pf.Profiles)) {
		p := pf.Profiles[name]
		mark, verify := "", "true"
		if name == def {
			mark = "*"
		}
		if p.SSLVerify != nil && !*p.SSLVerify {
			verify = "false"
		}
		endpoint := p.Endpoint
		if endpoint == "" {
			endpoint = "(api version " + p.APIVersion + ")"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\n", mark, name, endpoint, p.AccessKey, maskSecret(p.SecretKey), verify)
	}
	return tw.Flush()
}

func newConfigureShowCommand(g *globalOptions, env *Env) *cobra.Command {
	return &cobra.Command{
		Use:   "show",
		Short: "Show the configuration a command would use, and where it comes from",
		Long: `Resolve the configuration as every command does (flags, DCM_*/ES_* variables,
endpoint file, profile) and print it, with the secret key masked. When no
source names an endpoint, it says that the built-in default of the old public
service is used (a misspelt key or variable is the usual cause).`,
		Example: "  mixcoatl configure show\n  mixcoatl configure show --profile prod",
		Args:    rangeArgs(0, 0, "no arguments"),
		RunE: runE(func(*cobra.Command, []string) error {
			cfg, _, err := g.config(env)
			if err != nil {
				return err
			}
			endpoint := cfg.Endpoint
			if cfg.EndpointDefaulted {
				endpoint += " (built-in default of the old public service: no endpoint is configured)"
			}
			return render(env.Stdout, output{lines: []string{
				"endpoint:    " + endpoint,
				"api version: " + cfg.APIVersion,
				"access key:  " + cfg.AccessKey,
				"secret key:  " + maskSecret(cfg.SecretKey),
				fmt.Sprintf("ssl verify:  %t", !cfg.InsecureSkipVerify),
				"source:      " + cfg.Source,
				"timeouts:    " + cfg.Timeouts.WithDefaults().String(),
			}})
		}),
	}
}

func newConfigureDeleteCommand(env *Env) *cobra.Command {
	return &cobra.Command{
		Use:     "delete NAME",
		Short:   "Delete a profile from the config file",
		Example: "  mixcoatl configure delete lab",
		Args:    rangeArgs(1, 1, "the profile NAME"),
		RunE: runE(func(_ *cobra.Command, args []string) error {
			dir, err := configDir(env)
			if err != nil {
				return err
			}
			if err := noProfile(dcm.DeleteProfile(dir, args[0]), args[0]); err != nil {
				return err
			}
			return render(env.Stdout, output{lines: []string{fmt.Sprintf("deleted profile %q", args[0])}})
		}),
	}
}

// configDir is where the config file lives.
func configDir(env *Env) (string, error) {
	if env.ConfigDir != "" {
		return env.ConfigDir, nil
	}
	return dcm.DefaultConfigDir()
}

// readProfiles reads the config file of env's config directory.
func readProfiles(env *Env) (dir string, pf *dcm.Profiles, err error) {
	if dir, err = configDir(env); err != nil {
		return "", nil, err
	}
	pf, err = dcm.ReadProfiles(dir)
	return dir, pf, err
}

// noProfile reports naming a profile the config file does not have as a
// configuration error (exit 3), as --profile does: the command line is
// well formed, the configuration lacks what it names.
func noProfile(err error, name string) error {
	if errors.Is(err, dcm.ErrNoProfile) {
		var source string
		if ce, ok := errors.AsType[*dcm.ConfigError](err); ok {
			source = ce.Source
		}
		return &dcm.ConfigError{Source: source, Msg: fmt.Sprintf("no profile %q (see 'mixcoatl configure list')", name)}
	}
	return err
}

// maskSecret shows whether a secret is set without showing any of it.
func maskSecret(s string) string {
	if s == "" {
		return "(not set)"
	}
	return "********"
}

// readLine reads one line (without its end) from r, byte by byte so that
// nothing after it is consumed.
func readLine(r io.Reader) (string, error) {
	var buf bytes.Buffer
	b := make([]byte, 1)
	for {
		n, err := r.Read(b)
		if n == 1 {
			if b[0] == '\n' {
				break
			}
			buf.WriteByte(b[0])
		}
		if err != nil {
			if buf.Len() > 0 && errors.Is(err, io.EOF) {
				break
			}
			return "", err
		}
	}
	return string(bytes.TrimRight(buf.Bytes(), "\r")), nil
}
