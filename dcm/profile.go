package dcm

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
)

// ConfigFileName is the profile file inside the config directory
// (<UserConfigDir>/mixcoatl by default).
//
// Format (version 1):
//
//	{
//	  "version": 1,
//	  "default": "prod",
//	  "profiles": {
//	    "prod": {"access_key": "…", "secret_key": "…",
//	             "endpoint": "https://host/api/enstratus/2015-05-25", "ssl_verify": true}
//	  }
//	}
//
// "default" names the profile used when none is chosen (else "default").
// A profile's endpoint must contain the version; api_version is only used
// when the endpoint is empty. Because the file holds secret keys, it must not
// be readable by group or others: LoadConfig refuses such a file (like ssh
// does with private keys) with an error saying how to fix it, and SaveProfile
// always writes mode 0600 in a 0700 directory.
const ConfigFileName = "config.json"

const profileFileVersion = 1

// Profile is one named entry of the config file.
type Profile struct {
	Name       string `json:"-"`
	AccessKey  string `json:"access_key"`
	SecretKey  string `json:"secret_key"`
	Endpoint   string `json:"endpoint"`
	APIVersion string `json:"api_version,omitempty"`
	SSLVerify  *bool  `json:"ssl_verify,omitempty"` // nil: not set, so verify (Config.InsecureSkipVerify false)
	TimeoutSettings
}

// String never shows the secret key.
func (p Profile) String() string {
	return fmt.Sprintf("{Name:%s AccessKey:%s SecretKey:%s Endpoint:%s APIVersion:%s}",
		p.Name, p.AccessKey, redactSecret(p.SecretKey), p.Endpoint, p.APIVersion)
}

// Format routes every fmt verb through String so the secret never prints.
func (p Profile) Format(f fmt.State, verb rune) { fmt.Fprint(f, p.String()) }

type profileFile struct {
	Version  int                `json:"version"`
	Default  string             `json:"default,omitempty"`
	Profiles map[string]Profile `json:"profiles"`
}

// validProfileName reports whether name is 1 to 64 ASCII letters, digits,
// dots, underscores and dashes, starting with a letter or digit. (A loop,
// not a regexp: a regexp would be compiled at start-up by every command.)
func validProfileName(name string) bool {
	if len(name) == 0 || len(name) > 64 {
		return false
	}
	for i := 0; i < len(name); i++ {
		c := name[i]
		alnum := 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9'
		if !alnum && (i == 0 || c != '.' && c != '_' && c != '-') {
			return false
		}
	}
	return true
}

// DefaultConfigDir is <os.UserConfigDir>/mixcoatl.
func DefaultConfigDir() (string, error) {
	dir, err := os.UserConfigDir()
	if err != nil {
		return "", &ConfigError{Msg: "cannot locate the user config directory", Err: err}
	}
	return filepath.Join(dir, "mixcoatl"), nil
}

// SaveProfile writes (creating or replacing) one profile in the config file,
// mode 0600, in a directory created with mode 0700. The file is replaced
// atomically (temporary file + rename), and other profiles are kept. An
// existing file that cannot be parsed is left alone and reported.
// configDir "" = DefaultConfigDir.
func SaveProfile(configDir string, p Profile) error {
	if !validProfileName(p.Name) {
		return &ConfigError{Msg: fmt.Sprintf("invalid profile name %q: use letters, digits, '.', '_' or '-' (at most 64)", p.Name)}
	}
	if p.Endpoint != "" {
		if _, err := ParseEndpoint(p.Endpoint); err != nil {
			return &ConfigError{Source: "profile " + p.Name, Msg: "bad endpoint", Err: err}
		}
	}
	if p.APIVersion != "" {
		if err := ValidateAPIVersion(p.APIVersion); err != nil {
			return &ConfigError{Source: "profile " + p.Name, Msg: "bad API version", Err: err}
		}
	}
	configDir, err := resolveConfigDir(configDir)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(configDir, 0o700); err != nil {
		return &ConfigError{Source: configDir, Msg: "cannot create config directory", Err: err}
	}
	path := filepath.Join(configDir, ConfigFileName)
	pf, err := readProfilesOrNone(path)
	if err != nil {
		return err
	}
	pf.Profiles[p.Name] = p
	return writeProfileFile(path, pf)
}

// Profiles is what the config file holds.
type Profiles struct {
	// Default names the profile used when none is chosen ("" = the one
	// called "default").
	Default string
	// Profiles are the profiles by name, each with its Name set.
	Profiles map[string]Profile
}

// ReadProfiles reads the config file of configDir ("" = DefaultConfigDir);
// a missing file holds no profiles. A file that cannot be parsed is
// reported as a *ConfigError, as LoadConfig does.
func ReadProfiles(configDir string) (*Profiles, error) {
	configDir, err := resolveConfigDir(configDir)
	if err != nil {
		return nil, err
	}
	pf, err := readProfilesOrNone(filepath.Join(configDir, ConfigFileName))
	if err != nil {
		return nil, err
	}
	return &Profiles{Default: pf.Default, Profiles: pf.Profiles}, nil
}

// ErrNoProfile is wrapped by the *ConfigError of SetDefaultProfile and
// DeleteProfile when the config file has no profile of that name.
var ErrNoProfile = errors.New("no such profile")

// SetDefaultProfile makes the existing profile name the one used when none
// is chosen, rewriting the config file as SaveProfile does. configDir "" =
// DefaultConfigDir.
func SetDefaultProfile(configDir, name string) error {
	return updateProfile(configDir, name, func(pf *profileFile) { pf.Default = name })
}

// DeleteProfile removes the profile name from the config file (and the
// file's default when it names that profile), rewriting the file as
// SaveProfile does. configDir "" = DefaultConfigDir.
func DeleteProfile(configDir, name string) error {
	return updateProfile(configDir, name, func(pf *profileFile) {
		delete(pf.Profiles, name)
		if pf.Default == name {
			pf.Default = ""
		}
	})
}

// updateProfile reads the config file, which must have the profile name,
// changes it with change and writes it back.
func updateProfile(configDir, name string, change func(*profileFile)) error {
	configDir, err := resolveConfigDir(configDir)
	if err != nil {
		return err
	}
	path := filepath.Join(configDir, ConfigFileName)
	pf, err := readProfilesOrNone(path)
	if err != nil {
		return err
	}
	if _, ok := pf.Profiles[name]; !ok {
		return &ConfigError{Source: path, Msg: fmt.Sprintf("profile %q", name), Err: ErrNoProfile}
	}
	change(pf)
	return writeProfileFile(path, pf)
}

// resolveConfigDir is configDir, or DefaultConfigDir for "".
func resolveConfigDir(configDir string) (string, error) {
	if configDir != "" {
		return configDir, nil
	}
	return DefaultConfigDir()
}

// writeProfileFile replaces the config file with pf, at the current
// version, mode 0600.
func writeProfileFile(path string, pf *profileFile) error {
	pf.Version = profileFileVersion
	data, err := json.MarshalIndent(pf, "", "  ")
	if err != nil {
		return &ConfigError{Source: path, Msg: "cannot encode profiles", Err: err}
	}
	return writeFileAtomic(path, append(data, '\n'), 0o600)
}

// writeFileAtomic writes data to a temporary file beside path and renames it
// over path, so a crash never leaves a half-written config.
func writeFileAtomic(path string, data []byte, mode os.FileMode) (err error) {
	fail := func(msg string, err error) error { return &ConfigError{Source: path, Msg: msg, Err: err} }
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".tmp-*")
	if err != nil {
		return fail("cannot create temporary file", err)
	}
	defer func() {
		if err != nil {
			_ = os.Remove(tmp.Name())
		}
	}()
	if err := tmp.Chmod(mode); err != nil && runtime.GOOS != "windows" {
		_ = tmp.Close()
		return fail("cannot set file mode", err)
	}
	if _, err := tmp.Write(data); err != nil {
		_ = tmp.Close()
		return fail("cannot write", err)
	}
	if err := tmp.Sync(); err != nil {
		_ = tmp.Close()
		return fail("cannot sync", err)
	}
	if err := tmp.Close(); err != nil {
		return fail("cannot close", err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return fail("cannot replace", err)
	}
	return nil
}

// readProfileFile parses the config file; a missing file is returned as an
// error wrapping fs.ErrNotExist.
func readProfileFile(path string) (*profileFile, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil, err
		}
		return nil, &ConfigError{Source: path, Msg: "cannot read config file", Err: err}
	}
	return parseProfileFile(data, path)
}

// readProfilesOrNone is readProfileFile reading a missing file as one
// without profiles (Profiles never nil).
func readProfilesOrNone(path string) (*profileFile, error) {
	pf, err := readProfileFile(path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		pf = &profileFile{}
	case err != nil:
		return nil, err
	}
	if pf.Profiles == nil {
		pf.Profiles = map[string]Profile{}
	}
	return pf, nil
}

func parseProfileFile(data []byte, path string) (*profileFile, error) {
	if err := checkProfileKeys(data); err != nil {
		return nil, &ConfigError{Source: path, Msg: err.Error()}
	}
	var pf profileFile
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&pf); err != nil {
		return nil, &ConfigError{Source: path, Msg: "invalid config file (expected {\"version\":1,\"profiles\":{…}})", Err: err}
	}
	if pf.Version > profileFileVersion {
		return nil, &ConfigError{Source: path, Msg: fmt.Sprintf("config file version %d is newer than this mixcoatl understands (%d)", pf.Version, profileFileVersion)}
	}
	for name, p := range pf.Profiles {
		p.Name = name
		pf.Profiles[name] = p
	}
	return &pf, nil
}

// checkProfileKeys refuses keys the config file format does not have,
// at the top and in each profile, naming the known ones. A file that is
// not JSON is left for the decoder to report.
func checkProfileKeys(data []byte) error {
	var top struct {
		Profiles map[string]json.RawMessage `json:"profiles"`
	}
	if json.Unmarshal(data, &top) != nil {
		return nil
	}
	if err := checkKeys(data, jsonKeys[profileFile]()); err != nil {
		return err
	}
	for _, name := range slices.Sorted(maps.Keys(top.Profiles)) {
		if err := checkKeys(top.Profiles[name], jsonKeys[Profile]()); err != nil {
			return fmt.Errorf("profile %q: %w", name, err)
		}
	}
	return nil
}

// checkPrivate refuses a config file holding secrets that group or others
// can read, as ssh does for private keys.
func checkPrivate(path string, pf *profileFile) error {
	hasSecret := false
	for _, p := range pf.Profiles {
		hasSecret = hasSecret || p.SecretKey != ""
	}
	if !hasSecret {
		return nil
	}
	return refuseShared(path, "config file")
}

// refuseShared is the *ConfigError for a file of secrets (what names it)
// that group or others can access, or nil when it is private.
func refuseShared(path, what string) error {
	why, err := sharedFile(path)
	if err != nil {
		return &ConfigError{Source: path, Msg: "cannot stat " + what, Err: err}
	}
	if why != "" {
		return &ConfigError{Source: path, Msg: what + " " + why}
	}
	return nil
}

// sharedFile says how a file that holds a secret key is open to group or
// others, with the command that fixes it ("" when it is private). Windows
// has no such mode bits.
func sharedFile(path string) (string, error) {
	if runtime.GOOS == "windows" {
		return "", nil
	}
	info, err := os.Stat(path)
	if err != nil {
		return "", err
	}
	if perm := info.Mode().Perm(); perm&0o077 != 0 {
		return fmt.Sprintf("holds secret keys but is accessible by group or others (mode %04o); fix it with: chmod 600 %s", perm, path), nil
	}
	return "", nil
}

// profileLayer loads the named profile ("" = the file's "default" entry,
// else the profile called "default"). found is false when the file or the
// profile does not exist; then miss (if the file exists) describes the miss,
// naming the profiles there, and the caller decides whether that matters. A
// file whose own "default" names a missing profile is a hard error.
func profileLayer(dir, name string) (l layer, found bool, miss, err error) {
	path := filepath.Join(dir, ConfigFileName)
	pf, err := readProfileFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return layer{}, false, nil, nil
	}
	if err != nil {
		return layer{}, false, nil, err
	}
	fromFileDefault := false
	if name == "" {
		name, fromFileDefault = pf.Default, pf.Default != ""
		if name == "" {
			name = "default"
		}
	}
	p, ok := pf.Profiles[name]
	if !ok {
		names := slices.Sorted(maps.Keys(pf.Profiles))
		miss = &ConfigError{Source: path, Msg: fmt.Sprintf("no profile %q (have %s)", name, strings.Join(names, ", "))}
		if fromFileDefault {
			return layer{}, false, nil, miss
		}
		return layer{}, false, miss, nil
	}
	if err := checkPrivate(path, pf); err != nil {
		return layer{}, false, nil, err
	}
	l = layer{
		source:       fmt.Sprintf("profile %q (%s)", name, path),
		access:       strings.TrimSpace(p.AccessKey),
		secret:       strings.TrimSpace(p.SecretKey),
		endpoint:     strings.TrimSpace(p.Endpoint),
		version:      strings.TrimSpace(p.APIVersion),
		sslVerify:    p.SSLVerify,
		endpointName: "endpoint",
		versionName:  "api_version",
	}
	if l.timeouts, err = parseTimeouts(p.lookup, func(key string) string { return key + " in " + l.source }); err != nil {
		return layer{}, false, nil, err
	}
	return l, true, nil, nil
}
