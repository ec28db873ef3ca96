package dcm

import (
	"fmt"
	"slices"
	"strings"
)

// layer is what one configuration source (flags, DCM_* or ES_* variables,
// an endpoint file, a profile) says; empty strings and a nil sslVerify mean
// "not set here".
type layer struct {
	source    string // human description, e.g. `profile "default" (/home/u/.config/mixcoatl/config.json)`
	access    string
	secret    string
	endpoint  string
	version   string
	sslVerify *bool
	timeouts  Timeouts // zero fields: not set here
	// names of the variables/keys for messages, e.g. "DCM_ENDPOINT"
	endpointName, versionName string
}

// envLayer reads prefix+ACCESS_KEY etc. (prefix "DCM_" or "ES_") through get.
func envLayer(prefix, source string, get func(string) string) (layer, error) {
	v := func(name string) string { return strings.TrimSpace(get(prefix + name)) }
	l := layer{
		source:       source,
		access:       v("ACCESS_KEY"),
		secret:       v("SECRET_KEY"),
		endpoint:     v("ENDPOINT"),
		version:      v("API_VERSION"),
		endpointName: prefix + "ENDPOINT",
		versionName:  prefix + "API_VERSION",
	}
	if s := v("SSL_VERIFY"); s != "" {
		b, err := ParseBool(s)
		if err != nil {
			return layer{}, &ConfigError{Source: prefix + "SSL_VERIFY", Msg: "invalid value", Err: err}
		}
		l.sslVerify = &b
	}
	upper := func(key string) string { return prefix + strings.ToUpper(key) }
	var err error
	l.timeouts, err = parseTimeouts(func(key string) string { return get(upper(key)) }, upper)
	return l, err
}

// merge resolves layers given from highest to lowest precedence into a
// Config. The endpoint comes from the highest layer that sets one; a version
// only builds the default endpoint when no layer sets an endpoint. A version
// from a layer above the endpoint's layer that disagrees with it is an error
// rather than silently ignored; a version at the same or a lower level is
// ignored (the endpoint already contains the version, spec §13).
func merge(layers []layer) (Config, error) {
	var cfg Config
	used := make([]bool, len(layers))
	pick := func(get func(layer) string) string {
		for i, l := range layers {
			if s := get(l); s != "" {
				used[i] = true
				return s
			}
		}
		return ""
	}
	cfg.AccessKey = pick(func(l layer) string { return l.access })
	cfg.SecretKey = pick(func(l layer) string { return l.secret })
	for i, l := range layers {
		if l.sslVerify != nil {
			cfg.InsecureSkipVerify = !*l.sslVerify
			used[i] = true
			break
		}
	}
	for _, f := range cfg.Timeouts.fields() {
		for i, l := range layers {
			if d := *l.timeouts.fieldByKey(f.key); d != 0 {
				*f.d, used[i] = d, true
				break
			}
		}
	}
	endpointAt, versionAt := -1, -1
	for i, l := range layers {
		if endpointAt < 0 && l.endpoint != "" {
			endpointAt = i
		}
		if versionAt < 0 && l.version != "" {
			versionAt = i
		}
	}
	switch {
	case endpointAt >= 0:
		l := layers[endpointAt]
		ep, err := ParseEndpoint(l.endpoint)
		if err != nil {
			return Config{}, &ConfigError{Source: describe(l.endpointName, l.source), Msg: "bad endpoint", Err: err}
		}
		used[endpointAt] = true
		if versionAt >= 0 && versionAt < endpointAt && layers[versionAt].version != ep.Version {
			v := layers[versionAt]
			return Config{}, &ConfigError{
				Source: describe(v.versionName, v.source),
				Msg: fmt.Sprintf("API version %q conflicts with endpoint %s from %s: the endpoint already contains the version, so change the endpoint instead",
					v.version, ep, describe(l.endpointName, l.source)),
			}
		}
		cfg.Endpoint, cfg.APIVersion = ep.String(), ep.Version
	case versionAt >= 0:
		l := layers[versionAt]
		if err := ValidateAPIVersion(l.version); err != nil {
			return Config{}, &ConfigError{Source: describe(l.versionName, l.source), Msg: "bad API version", Err: err}
		}
		used[versionAt] = true
		cfg.Endpoint, cfg.APIVersion = DefaultBaseURL+APIBasePath+"/"+l.version, l.version
		cfg.EndpointDefaulted = true
	default:
		cfg.Endpoint, cfg.APIVersion, cfg.EndpointDefaulted = DefaultEndpoint, DefaultAPIVersion, true
	}
	var sources []string
	for i, l := range layers {
		if used[i] && !slices.Contains(sources, l.source) {
			sources = append(sources, l.source)
		}
	}
	cfg.Source = strings.Join(sources, ", ")
	if cfg.Source == "" {
		cfg.Source = "defaults"
	}
	return cfg, nil
}

func describe(name, source string) string {
	if name == "" {
		return source
	}
	return name + " in " + source
}
