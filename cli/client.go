package cli

import (
	"net/http"
	"strings"
	"time"

	"github.com/mixcoatl/mixcoatl/dcm"
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
	timeout      time.Duration
	debug        bool
}

func (g *globalOptions) register(fs *pflag.FlagSet) {
	fs.StringVar(&g.endpoint, "endpoint", "", "versioned API endpoint, e.g. https://host/api/enstratus/2015-05-25 (overrides DCM_ENDPOINT/ES_ENDPOINT)")
	fs.StringVar(&g.profile, "profile", "", "profile of the config file to use (default $DCM_PROFILE or \"default\")")
	fs.StringVar(&g.apiVersion, "api-version", "", "API version (YYYY-MM-DD) of the default endpoint; ignored when an endpoint is set")
	fs.StringVar(&g.endpointFile, "endpoint-file", "", "old-style JSON endpoint file (one object or a list)")
	fs.StringVar(&g.nickname, "nickname", "", "entry of --endpoint-file to use when it holds a list")
	fs.DurationVar(&g.timeout, "timeout", 0, "give up on a request after this long, retries included, e.g. 30s (0 = no limit)")
	fs.BoolVar(&g.debug, "debug", false, "trace every HTTP exchange on stderr, secrets redacted (also DCM_DEBUG=1)")
}

// newClient builds the API client of a command from the global flags and
// the environment. It is the one place a client is made, so that a later
// --local flag (the in-process emulator) only has to supply its own Config
// and Transport here.
func (g *globalOptions) newClient(env *Env, opts ...dcm.Option) (*dcm.Client, error) {
	if g.timeout < 0 {
		return nil, usagef("--timeout must not be negative, got %s", g.timeout)
	}
	cfg, err := dcm.LoadConfig(dcm.LoadOptions{
		Getenv:       env.Getenv,
		ConfigDir:    env.ConfigDir,
		LegacyDir:    env.LegacyDir,
		Profile:      g.profile,
		EndpointFile: g.endpointFile,
		Nickname:     g.nickname,
		Endpoint:     g.endpoint,
		APIVersion:   g.apiVersion,
	})
	if err != nil {
		return nil, err
	}
	var all []dcm.Option
	if rt := g.transport(env); rt != nil {
		all = append(all, dcm.WithTransport(rt))
	}
	if g.timeout > 0 {
		all = append(all, dcm.WithTimeout(g.timeout))
	}
	if g.debug || isTrue(env.Getenv("DCM_DEBUG")) {
		all = append(all, dcm.WithDebug(env.Stderr))
	}
	all = append(all, opts...)
	all = append(all, env.ClientOptions...)
	return dcm.New(cfg, all...)
}

// transport is the RoundTripper requests go through: the injected one, or
// nil for the network. Hook for --local: return the in-process emulator's
// RoundTripper here (and its keys from LoadConfig's place above).
func (g *globalOptions) transport(env *Env) http.RoundTripper {
	return env.Transport
}

func isTrue(s string) bool {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "1", "true", "yes", "on":
		return true
	}
	return false
}
