package cli

import (
	"context"
	"fmt"
	"net/http"
	"path/filepath"
	"strings"
	"time"

	"github.com/mixcoatl/mixcoatl/dcm"
	"github.com/mixcoatl/mixcoatl/emulator"
	"github.com/mixcoatl/mixcoatl/emulator/store/open"
	"github.com/spf13/pflag"
)

// globalOptions are the flags every command shares: where to send requests
// and how.
type globalOptions struct {
	endpoint     string
	profile      string
	apiVersion   string
	endpointFile string
	nickname     string
	timeout      time.Duration // --timeout (0: not given or no limit; see timeouts)
	timeouts     timeoutFlags
	debug        bool
	local        bool
	localState   string
	color        string
	// unsignedOnly is set by commands that send no signed request (version
	// discovery), so that a configuration without keys is enough.
	unsignedOnly bool
}

func (g *globalOptions) register(fs *pflag.FlagSet) {
	fs.StringVar(&g.endpoint, "endpoint", "", "versioned API endpoint, e.g. https://host/api/enstratus/2015-05-25 (overrides DCM_ENDPOINT/ES_ENDPOINT)")
	fs.StringVar(&g.profile, "profile", "", "profile of the config file to use (default $DCM_PROFILE or \"default\")")
	fs.StringVar(&g.apiVersion, "api-version", "", "API version (YYYY-MM-DD) of the default endpoint; ignored when an endpoint is set")
	fs.StringVar(&g.endpointFile, "endpoint-file", "", "old-style JSON endpoint file (one object or a list)")
	fs.StringVar(&g.nickname, "nickname", "", "entry of --endpoint-file to use when it holds a list")
	g.timeouts.register(fs, &g.timeout)
	fs.BoolVar(&g.debug, "debug", false, "trace every HTTP exchange on stderr, secrets redacted (also DCM_DEBUG=1)")
	fs.BoolVar(&g.local, "local", false, "run against an in-process emulator whose state persists in --local-state (no account needed)")
	fs.StringVar(&g.localState, "local-state", "", "state file of --local (default $XDG_DATA_HOME/mixcoatl/local.db)")
	fs.StringVar(&g.color, "color", "auto", "colour states in tables: auto (on a terminal, unless NO_COLOR is set), always or never")
}

// helpVersion is the API version help describes: the one the flags,
// environment and configuration select (no keys needed), else the
// catalogue's default; --local runs the catalogue's default.
func (g *globalOptions) helpVersion(env *Env) string {
	if !g.local {
		opts := g.loadOptions(env)
		opts.KeysOptional = true
		opts.Warn = nil // help is no place for configuration remarks
		cfg, err := dcm.LoadConfig(opts)
		if err == nil && cfg.APIVersion != "" {
			return cfg.APIVersion
		}
	}
	return env.catalog().DefaultVersion
}

// colorOutput decides --color: auto colours a terminal's tables unless
// NO_COLOR is set (https://no-color.org) or TERM is dumb; always and never
// override both.
func (g *globalOptions) colorOutput(env *Env) (bool, error) {
	switch strings.ToLower(strings.TrimSpace(g.color)) {
	case "always":
		return true, nil
	case "never":
		return false, nil
	case "", "auto":
		return stdoutIsTerminal(env) && env.Getenv("NO_COLOR") == "" && env.Getenv("TERM") != "dumb", nil
	}
	return false, usagef("--color %q: want auto, always or never", g.color)
}

// newClient builds the API client of a command from the global flags and
// the environment. It is the one place a client is made, so that a later
// --local flag (the in-process emulator) only has to supply its own Config
// and Transport here.
func (g *globalOptions) newClient(env *Env, opts ...dcm.Option) (*dcm.Client, error) {
	if err := g.timeouts.check(); err != nil {
		return nil, err
	}
	cfg, rt, err := g.config(env)
	if err != nil {
		return nil, err
	}
	var all []dcm.Option
	if rt != nil {
		all = append(all, dcm.WithTransport(rt))
	}
	if g.timeout > 0 || g.timeouts.request.set { // a caller may have set timeout (job wait clears it)
		all = append(all, dcm.WithTimeout(g.timeout))
	}
	if g.debug || isTrue(env.Getenv("DCM_DEBUG")) {
		all = append(all, dcm.WithDebug(env.Stderr))
	}
	all = append(all, opts...)
	all = append(all, env.ClientOptions...)
	return dcm.New(cfg, all...)
}

// config resolves where requests go: the in-process emulator over the
// --local state file, or the configuration from flags, environment and
// files with the injected transport (nil = the network).
func (g *globalOptions) config(env *Env) (dcm.Config, http.RoundTripper, error) {
	if g.local {
		if flagsSet := g.endpoint != "" || g.endpointFile != "" || g.profile != ""; flagsSet {
			return dcm.Config{}, nil, usagef("--local cannot be combined with --endpoint, --endpoint-file or --profile")
		}
		path, err := g.localStatePath(env)
		if err != nil {
			return dcm.Config{}, nil, err
		}
		st, err := open.Local(context.Background(), path)
		if err != nil {
			return dcm.Config{}, nil, err
		}
		rt, access, err := emulator.Local(context.Background(), st)
		if err != nil {
			st.Close()
			return dcm.Config{}, nil, err
		}
		env.closers = append(env.closers, st.Close)
		cfg := dcm.Config{
			AccessKey: access.AccessKey, SecretKey: access.SecretKey,
			Endpoint: access.Endpoint, APIVersion: access.APIVersion,
			Source: "local state file " + path, Timeouts: g.timeouts.bounds(),
		}
		return cfg, rt, nil
	}
	cfg, err := dcm.LoadConfig(g.loadOptions(env))
	return cfg, env.Transport, err
}

// loadOptions says where the configuration comes from: the flags, then
// the Env's environment and directories.
func (g *globalOptions) loadOptions(env *Env) dcm.LoadOptions {
	return dcm.LoadOptions{
		Getenv:       env.Getenv,
		ConfigDir:    env.ConfigDir,
		LegacyDir:    env.LegacyDir,
		Profile:      g.profile,
		EndpointFile: g.endpointFile,
		Nickname:     g.nickname,
		Endpoint:     g.endpoint,
		APIVersion:   g.apiVersion,
		KeysOptional: g.unsignedOnly,
		Timeouts:     g.timeouts.bounds(),
		Warn:         func(msg string) { fmt.Fprintf(env.Stderr, "mixcoatl: warning: %s\n", msg) },
	}
}

// localStatePath is --local-state, or local.db in the data directory.
func (g *globalOptions) localStatePath(env *Env) (string, error) {
	if g.localState != "" {
		return g.localState, nil
	}
	dir := env.DataDir
	if dir == "" {
		if x := env.Getenv("XDG_DATA_HOME"); x != "" {
			dir = filepath.Join(x, "mixcoatl")
		} else if home := env.Getenv("HOME"); home != "" {
			dir = filepath.Join(home, ".local", "share", "mixcoatl")
		} else {
			return "", usagef("--local: no data directory (set XDG_DATA_HOME or HOME, or pass --local-state FILE)")
		}
	}
	return filepath.Join(dir, "local.db"), nil
}

func isTrue(s string) bool {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "1", "true", "yes", "on":
		return true
	}
	return false
}
