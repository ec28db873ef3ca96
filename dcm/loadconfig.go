package dcm

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// LoadOptions says where LoadConfig looks. Zero value = environment + default profile.
type LoadOptions struct {
	Getenv       func(string) string // nil = os.Getenv
	ConfigDir    string              // "" = os.UserConfigDir()/mixcoatl
	Profile      string              // profile name in the config file; "" = $DCM_PROFILE or "default"
	EndpointFile string              // old-style JSON endpoint file (object or list)
	Nickname     string              // entry of EndpointFile to use when it is a list
	Endpoint     string              // explicit override (flag), must contain the version
	APIVersion   string              // explicit version (flag); only used when no endpoint is set
	// LegacyDir holds old mixcoatl KEY=VALUE files (<name>.config and
	// "default"); "" = ~/.mixcoatl, "-" = do not look.
	LegacyDir string
	// KeysOptional lets a configuration without keys through, for callers
	// that only make unsigned requests (version discovery).
	KeysOptional bool
	// Timeouts are explicit bounds (flags): the non-zero fields win over
	// every other source; NoTimeout turns a bound off.
	Timeouts Timeouts
	// Warn receives remarks that do not stop the configuration: a legacy
	// file holding a secret that others can read, and the use of the
	// built-in default endpoint when no source names one. nil drops them;
	// the CLI prints them on stderr.
	Warn func(msg string)
}

// LoadConfig resolves a Config from flags, environment (DCM_* over ES_*),
// endpoint files and the profile file, in that order of precedence:
//
//	opts.Endpoint/opts.APIVersion > DCM_* > ES_* > opts.EndpointFile > profile
//
// Each field (access key, secret key, endpoint, SSL verification) comes from
// the highest source that sets it. The endpoint must contain the version
// (http[s]://host[/basepath]/api/enstratus/YYYY-MM-DD); a version setting
// (DCM_API_VERSION, ES_API_VERSION, --api-version, api_version) only picks
// the version of the default SaaS endpoint when no source sets an endpoint,
// and one that contradicts an endpoint from a lower source is an error.
//
// The profile is opts.Profile, else $DCM_PROFILE, else the config file's
// "default", else "default". When config.json has no such profile, the old
// ~/.mixcoatl/<name>.config (or ~/.mixcoatl/default) file is used instead.
// A profile asked for by name that exists nowhere is an error. Every error is
// a *ConfigError naming the variable or file at fault.
func LoadConfig(opts LoadOptions) (Config, error) {
	get := opts.Getenv
	if get == nil {
		get = os.Getenv
	}
	warn := opts.Warn
	if warn == nil {
		warn = func(string) {}
	}
	flags := layer{
		source:       "command-line options",
		endpoint:     strings.TrimSpace(opts.Endpoint),
		version:      strings.TrimSpace(opts.APIVersion),
		timeouts:     opts.Timeouts,
		endpointName: "--endpoint",
		versionName:  "--api-version",
	}
	dcmEnv, err := envLayer("DCM_", "environment", get)
	if err != nil {
		return Config{}, err
	}
	esEnv, err := envLayer("ES_", "environment", get)
	if err != nil {
		return Config{}, err
	}
	var file layer
	switch {
	case opts.EndpointFile != "":
		data, err := os.ReadFile(opts.EndpointFile)
		if err != nil {
			return Config{}, &ConfigError{Source: "endpoint file " + opts.EndpointFile, Msg: "cannot read", Err: err}
		}
		var hasSecret bool
		if file, hasSecret, err = parseEndpointFile(data, opts.Nickname, opts.EndpointFile); err != nil {
			return Config{}, err
		}
		if hasSecret {
			if err := refuseShared(opts.EndpointFile, "endpoint file"); err != nil {
				return Config{}, err
			}
		}
	case opts.Nickname != "":
		return Config{}, &ConfigError{Msg: fmt.Sprintf("nickname %q given without an endpoint file", opts.Nickname)}
	}
	profile, err := loadProfileLayer(opts, get, warn)
	if err != nil {
		return Config{}, err
	}
	cfg, err := merge([]layer{flags, dcmEnv, esEnv, file, profile})
	if err != nil {
		return Config{}, err
	}
	if !opts.KeysOptional {
		if err := requireKeys(cfg); err != nil {
			return Config{}, err
		}
	}
	if cfg.EndpointDefaulted {
		warn(DefaultEndpointNotice(cfg.Endpoint))
	}
	return cfg, nil
}

// DefaultEndpointNotice is the remark that endpoint, the built-in default,
// is used because no source names one: that old public service no longer
// answers, so the usual cause is a misspelt key or variable.
func DefaultEndpointNotice(endpoint string) string {
	return "no endpoint is configured (--endpoint, DCM_ENDPOINT, ES_ENDPOINT, an endpoint file's url or a profile's endpoint), " +
		"so the built-in default " + endpoint + " of the old public enStratus service is used; check the spelling of your settings"
}

func loadProfileLayer(opts LoadOptions, get func(string) string, warn func(string)) (layer, error) {
	name := strings.TrimSpace(opts.Profile)
	if name == "" {
		name = strings.TrimSpace(get("DCM_PROFILE"))
	}
	explicit := name != ""
	dir := opts.ConfigDir
	if dir == "" {
		var err error
		if dir, err = DefaultConfigDir(); err != nil {
			if explicit {
				return layer{}, err
			}
			dir = ""
		}
	}
	var miss error
	if dir != "" {
		l, found, m, err := profileLayer(dir, name)
		if err != nil || found {
			return l, err
		}
		miss = m
	}
	legacyDir := opts.LegacyDir
	if legacyDir == "" {
		if home, err := os.UserHomeDir(); err == nil {
			legacyDir = filepath.Join(home, ".mixcoatl")
		}
	}
	if legacyDir != "" && legacyDir != "-" {
		l, found, err := legacyLayer(legacyPath(legacyDir, name), warn)
		if err != nil || found {
			return l, err
		}
	}
	if !explicit {
		return layer{}, nil
	}
	if miss != nil {
		return layer{}, miss
	}
	return layer{}, &ConfigError{Msg: fmt.Sprintf("no profile %q: %s does not exist", name, filepath.Join(dir, ConfigFileName))}
}

func requireKeys(cfg Config) error {
	var missing, vars []string
	if cfg.AccessKey == "" {
		missing, vars = append(missing, "access key"), append(vars, "DCM_ACCESS_KEY (or ES_ACCESS_KEY)")
	}
	if cfg.SecretKey == "" {
		missing, vars = append(missing, "secret key"), append(vars, "DCM_SECRET_KEY (or ES_SECRET_KEY)")
	}
	if len(missing) == 0 {
		return nil
	}
	return &ConfigError{
		Source: cfg.Source,
		Msg: fmt.Sprintf("no %s configured: set %s, or use a profile or an endpoint file",
			strings.Join(missing, " and "), strings.Join(vars, " and ")),
	}
}
