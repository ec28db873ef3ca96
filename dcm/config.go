package dcm

import (
	"encoding/json"
	"fmt"
	"log/slog"
	"strconv"
	"strings"
)

// redacted replaces every secret in printed output.
const redacted = "[REDACTED]"

// Config is a resolved client configuration. Its String, GoString, Format,
// LogValue and MarshalJSON never show SecretKey.
type Config struct {
	AccessKey  string
	SecretKey  string
	Endpoint   string // full versioned endpoint, e.g. http://127.0.0.1:15000/api/enstratus/2012-06-15
	APIVersion string // the version segment of Endpoint
	// InsecureSkipVerify turns TLS certificate verification off (ssl_verify
	// false in the environment, an endpoint file or a profile). The zero
	// value verifies, so a Config built by hand is safe by default.
	InsecureSkipVerify bool
	UserAgent          string // "" = "mixcoatl/" + Version
	Source             string // where it came from (env, file path, profile name), for messages
	// Timeouts bound every request; zero fields take the defaults.
	Timeouts Timeouts
	// EndpointDefaulted is set when no source named an endpoint, so that
	// Endpoint is the built-in DefaultBaseURL: the old public service,
	// which no longer answers. LoadConfig warns about it (a misspelt key
	// or variable is the usual cause).
	EndpointDefaulted bool
}

func redactSecret(s string) string {
	if s == "" {
		return ""
	}
	return redacted
}

// String shows every field except the secret key, which is [REDACTED] when set.
func (c Config) String() string {
	return fmt.Sprintf("{AccessKey:%s SecretKey:%s Endpoint:%s APIVersion:%s InsecureSkipVerify:%t UserAgent:%s Source:%s Timeouts:{%s} EndpointDefaulted:%t}",
		c.AccessKey, redactSecret(c.SecretKey), c.Endpoint, c.APIVersion, c.InsecureSkipVerify, c.UserAgent, c.Source, c.Timeouts, c.EndpointDefaulted)
}

// GoString is the %#v form, with the secret key redacted.
func (c Config) GoString() string {
	return fmt.Sprintf("dcm.Config{AccessKey:%s, SecretKey:%s, Endpoint:%s, APIVersion:%s, InsecureSkipVerify:%t, UserAgent:%s, Source:%s, Timeouts:%#v, EndpointDefaulted:%t}",
		strconv.Quote(c.AccessKey), strconv.Quote(redactSecret(c.SecretKey)), strconv.Quote(c.Endpoint),
		strconv.Quote(c.APIVersion), c.InsecureSkipVerify, strconv.Quote(c.UserAgent), strconv.Quote(c.Source), c.Timeouts, c.EndpointDefaulted)
}

// Format makes every fmt verb (%v, %+v, %#v, %s, %q, …) go through String or
// GoString, so no verb can reach the raw fields.
func (c Config) Format(f fmt.State, verb rune) {
	switch {
	case verb == 'v' && f.Flag('#'):
		fmt.Fprint(f, c.GoString())
	case verb == 'q':
		fmt.Fprint(f, strconv.Quote(c.String()))
	default:
		fmt.Fprint(f, c.String())
	}
}

// LogValue renders the config for log/slog with the secret key redacted.
func (c Config) LogValue() slog.Value {
	return slog.GroupValue(
		slog.String("access_key", c.AccessKey),
		slog.String("secret_key", redactSecret(c.SecretKey)),
		slog.String("endpoint", c.Endpoint),
		slog.String("api_version", c.APIVersion),
		slog.Bool("ssl_verify", !c.InsecureSkipVerify),
		slog.String("user_agent", c.UserAgent),
		slog.String("source", c.Source),
		slog.String("timeouts", c.Timeouts.String()),
		slog.Bool("endpoint_defaulted", c.EndpointDefaulted),
	)
}

// MarshalJSON writes the config with the secret key redacted, so that a
// config dumped as JSON (e.g. by a "config show" command) cannot leak it.
// Profiles, not Configs, are what gets saved. ssl_verify keeps the
// meaning it has in endpoint files and profiles (true = verify).
func (c Config) MarshalJSON() ([]byte, error) {
	return json.Marshal(struct {
		AccessKey  string `json:"access_key"`
		SecretKey  string `json:"secret_key"`
		Endpoint   string `json:"endpoint"`
		APIVersion string `json:"api_version"`
		SSLVerify  bool   `json:"ssl_verify"`
		UserAgent  string `json:"user_agent,omitempty"`
		Source     string `json:"source,omitempty"`
		Timeouts   string `json:"timeouts"`
		Defaulted  bool   `json:"endpoint_defaulted,omitempty"`
	}{c.AccessKey, redactSecret(c.SecretKey), c.Endpoint, c.APIVersion, !c.InsecureSkipVerify, c.UserAgent, c.Source,
		c.Timeouts.String(), c.EndpointDefaulted})
}

// ParseBool reads an ssl_verify-style boolean: 0/1/true/false/yes/no/on/off,
// case-insensitively, surrounding spaces ignored.
func ParseBool(s string) (bool, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "1", "true", "yes", "on", "t", "y":
		return true, nil
	case "0", "false", "no", "off", "f", "n":
		return false, nil
	}
	return false, fmt.Errorf("%q is not a boolean (use 1/0, true/false or yes/no)", s)
}
