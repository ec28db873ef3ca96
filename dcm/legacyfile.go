package dcm

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// legacyLayer reads an old mixcoatl KEY=VALUE file (~/.mixcoatl/<name>.config,
// or ~/.mixcoatl/default for the chosen one): lines DCM_ACCESS_KEY=…,
// DCM_SECRET_KEY=…, DCM_ENDPOINT=…, DCM_SSL_VERIFY=0|1 (ES_* also accepted,
// DCM_* winning), blank lines and # comments ignored, an optional "export "
// prefix and surrounding quotes tolerated. These files predate mixcoatl's Go
// port, and old setups have them world-readable: one holding a secret that
// group or others can read is still used, with a warning saying how to fix
// it (config.json and endpoint files are refused instead). found is false
// when the file does not exist.
func legacyLayer(path string, warn func(string)) (layer, bool, error) {
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return layer{}, false, nil
	}
	if err != nil {
		return layer{}, false, &ConfigError{Source: path, Msg: "cannot read legacy config file", Err: err}
	}
	l, err := parseLegacyConfig(data, path)
	if err != nil {
		return layer{}, false, err
	}
	if l.secret != "" {
		if why, err := sharedFile(path); err == nil && why != "" {
			warn("legacy config file " + path + " " + why)
		}
	}
	return l, true, nil
}

func parseLegacyConfig(data []byte, path string) (layer, error) {
	values := map[string]string{}
	sc := bufio.NewScanner(bytes.NewReader(data))
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		line = strings.TrimPrefix(line, "export ")
		key, value, ok := strings.Cut(line, "=")
		if !ok {
			return layer{}, &ConfigError{Source: fmt.Sprintf("%s line %d", path, n), Msg: "expected KEY=VALUE"}
		}
		value = strings.TrimSpace(value)
		if len(value) >= 2 && (value[0] == '"' || value[0] == '\'') && value[len(value)-1] == value[0] {
			value = value[1 : len(value)-1]
		}
		values[strings.TrimSpace(key)] = value
	}
	if err := sc.Err(); err != nil {
		return layer{}, &ConfigError{Source: path, Msg: "cannot read legacy config file", Err: err}
	}
	get := func(k string) string { return values[k] }
	source := "legacy config " + path
	hi, err := envLayer("DCM_", source, get)
	if err != nil {
		return layer{}, &ConfigError{Source: path, Msg: "bad value", Err: err}
	}
	lo, err := envLayer("ES_", source, get)
	if err != nil {
		return layer{}, &ConfigError{Source: path, Msg: "bad value", Err: err}
	}
	return overlay(hi, lo), nil
}

// overlay fills hi's unset fields from lo.
func overlay(hi, lo layer) layer {
	first := func(a, b string) string {
		if a != "" {
			return a
		}
		return b
	}
	out := hi
	out.access = first(hi.access, lo.access)
	out.secret = first(hi.secret, lo.secret)
	if hi.endpoint == "" {
		out.endpoint, out.endpointName = lo.endpoint, lo.endpointName
	}
	if hi.version == "" {
		out.version, out.versionName = lo.version, lo.versionName
	}
	if hi.sslVerify == nil {
		out.sslVerify = lo.sslVerify
	}
	return out
}

// legacyPath is <dir>/<name>.config for a chosen name, else <dir>/default.
func legacyPath(dir, name string) string {
	if name == "" {
		return filepath.Join(dir, "default")
	}
	return filepath.Join(dir, name+".config")
}
