package dcm

import (
	"bytes"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"
)

// endpointEntry is one entry of an old mixcoatl JSON endpoint file: a single
// object or a list of objects keyed by nickname (spec §13), plus this
// client's timeout keys. Any other key is an error: a misspelt "url" must
// not send signed requests to the default endpoint.
type endpointEntry struct {
	Nickname   string          `json:"nickname"`
	URL        string          `json:"url"`
	APIVersion string          `json:"api_version"`
	AccessKey  string          `json:"access_key"`
	SecretKey  string          `json:"secret_key"`
	SSLVerify  json.RawMessage `json:"ssl_verify"`
	BasePath   string          `json:"basepath"`
	TimeoutSettings
}

// parseEndpointFile reads an endpoint file's bytes into a configuration
// layer. With a list, nickname chooses the entry; without a nickname a list
// of exactly one entry is used and a longer list is an error naming the
// nicknames, so that a multi-endpoint file never silently picks a target.
// hasSecret reports whether any entry holds a secret key (then the file
// must be private, see LoadConfig).
func parseEndpointFile(data []byte, nickname, source string) (_ layer, hasSecret bool, _ error) {
	fail := func(msg string, err error) (layer, bool, error) {
		return layer{}, false, &ConfigError{Source: "endpoint file " + source, Msg: msg, Err: err}
	}
	trimmed := bytes.TrimSpace(data)
	if len(trimmed) == 0 {
		return fail("file is empty; expected a JSON object or a list of objects", nil)
	}
	var raw []json.RawMessage
	switch trimmed[0] {
	case '{':
		raw = []json.RawMessage{trimmed}
	case '[':
		if err := json.Unmarshal(trimmed, &raw); err != nil {
			return fail("invalid JSON", err)
		}
		if len(raw) == 0 {
			return fail("the list of endpoints is empty", nil)
		}
	default:
		return fail("expected a JSON object or a list of objects", nil)
	}
	entries := make([]endpointEntry, len(raw))
	for i, r := range raw {
		if err := json.Unmarshal(r, &entries[i]); err != nil {
			return fail("invalid JSON", err)
		}
		if err := checkKeys(r, jsonKeys[endpointEntry]()); err != nil {
			return fail(entryName(i, len(raw))+err.Error(), nil)
		}
		hasSecret = hasSecret || strings.TrimSpace(entries[i].SecretKey) != ""
	}
	e, err := chooseEntry(entries, nickname)
	if err != nil {
		return fail(err.Error(), nil)
	}
	if e.Nickname != "" {
		source += " (" + e.Nickname + ")"
	}
	l := layer{
		source:       "endpoint file " + source,
		access:       strings.TrimSpace(e.AccessKey),
		secret:       strings.TrimSpace(e.SecretKey),
		endpointName: "url",
		versionName:  "api_version",
	}
	// An api_version is checked where it is written, whatever url says,
	// so a bad one is named with its file and entry.
	if v := strings.TrimSpace(e.APIVersion); v != "" {
		if err := ValidateAPIVersion(v); err != nil {
			return fail("bad api_version", err)
		}
	}
	if l.endpoint, l.version, err = e.resolveEndpoint(); err != nil {
		return fail("bad url", err)
	}
	if len(e.SSLVerify) > 0 && string(e.SSLVerify) != "null" {
		b, err := parseJSONBool(e.SSLVerify)
		if err != nil {
			return fail("bad ssl_verify", err)
		}
		l.sslVerify = &b
	}
	if l.timeouts, err = parseTimeouts(e.lookup, func(key string) string { return key + " in " + l.source }); err != nil {
		return layer{}, false, err
	}
	return l, hasSecret, nil
}

// entryName names entry i of n at the start of a message: nothing for a
// single object, else "entry 2: ".
func entryName(i, n int) string {
	if n == 1 {
		return ""
	}
	return fmt.Sprintf("entry %d: ", i+1)
}

func chooseEntry(entries []endpointEntry, nickname string) (endpointEntry, error) {
	if nickname != "" {
		for _, e := range entries {
			if e.Nickname == nickname {
				return e, nil
			}
		}
		return endpointEntry{}, fmt.Errorf("no endpoint with nickname %q (have %s)", nickname, nicknames(entries))
	}
	if len(entries) == 1 {
		return entries[0], nil
	}
	return endpointEntry{}, fmt.Errorf("the file lists %d endpoints; choose one by nickname (have %s)", len(entries), nicknames(entries))
}

func nicknames(entries []endpointEntry) string {
	var names []string
	for _, e := range entries {
		if e.Nickname != "" {
			names = append(names, strconv.Quote(e.Nickname))
		}
	}
	if len(names) == 0 {
		return "no nicknames"
	}
	slices.Sort(names)
	return strings.Join(names, ", ")
}

// resolveEndpoint builds the versioned endpoint from url, basepath and
// api_version. url may already be the full versioned endpoint (mixcoatl's
// own files) or just scheme://host[:port], completed by basepath (with or
// without /api/enstratus[/<version>]) and api_version. The returned version
// is api_version when url is empty, so that it can select the default host.
func (e endpointEntry) resolveEndpoint() (endpoint, version string, err error) {
	raw := strings.TrimSpace(e.URL)
	version = strings.TrimSpace(e.APIVersion)
	if raw == "" {
		if e.BasePath != "" {
			return "", "", fmt.Errorf("basepath %q is set but url is empty", e.BasePath)
		}
		return "", version, nil
	}
	if ep, err := ParseEndpoint(raw); err == nil {
		if version != "" && version != ep.Version {
			return "", "", fmt.Errorf("api_version %q does not match the version in url %s", version, ep)
		}
		return ep.String(), "", nil
	}
	full := strings.TrimRight(raw, "/")
	if bp := strings.Trim(strings.TrimSpace(e.BasePath), "/"); bp != "" {
		full += "/" + bp
	}
	if _, err := ParseEndpoint(full); err != nil {
		if !strings.HasSuffix(full, APIBasePath) {
			full += APIBasePath
		}
		if version == "" {
			version = DefaultAPIVersion
		}
		full += "/" + version
	}
	ep, err := ParseEndpoint(full)
	if err != nil {
		return "", "", err
	}
	if version != "" && version != ep.Version {
		return "", "", fmt.Errorf("api_version %q does not match the version in url+basepath %s", version, ep)
	}
	return ep.String(), "", nil
}

// parseJSONBool accepts a JSON boolean, a number 0/1, or a string accepted by ParseBool.
func parseJSONBool(raw json.RawMessage) (bool, error) {
	var b bool
	if err := json.Unmarshal(raw, &b); err == nil {
		return b, nil
	}
	var s string
	if err := json.Unmarshal(raw, &s); err == nil {
		return ParseBool(s)
	}
	var n json.Number
	if err := json.Unmarshal(raw, &n); err == nil {
		return ParseBool(n.String())
	}
	return false, fmt.Errorf("expected a boolean, 0/1 or a yes/no string")
}
