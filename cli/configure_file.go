package cli

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/mixcoatl/mixcoatl/dcm"
)

// profileFile is the config file as dcm.SaveProfile writes it (see
// dcm.ConfigFileName for the format). dcm has no reader, default setter or
// delete for it yet, so configure's list, --default and delete use this
// small copy; everything else goes through dcm.SaveProfile.
type profileFile struct {
	Version  int                    `json:"version"`
	Default  string                 `json:"default,omitempty"`
	Profiles map[string]dcm.Profile `json:"profiles"`
}

// configDir is where the config file lives.
func configDir(env *Env) (string, error) {
	if env.ConfigDir != "" {
		return env.ConfigDir, nil
	}
	return dcm.DefaultConfigDir()
}

// readProfiles reads the config file; a missing file is an empty one.
func readProfiles(dir string) (*profileFile, error) {
	path := filepath.Join(dir, dcm.ConfigFileName)
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return &profileFile{Version: 1, Profiles: map[string]dcm.Profile{}}, nil
	}
	if err != nil {
		return nil, &dcm.ConfigError{Source: path, Msg: "cannot read config file", Err: err}
	}
	var pf profileFile
	if err := json.Unmarshal(data, &pf); err != nil {
		return nil, &dcm.ConfigError{Source: path, Msg: "invalid config file", Err: err}
	}
	if pf.Profiles == nil {
		pf.Profiles = map[string]dcm.Profile{}
	}
	for name, p := range pf.Profiles {
		p.Name = name
		pf.Profiles[name] = p
	}
	return &pf, nil
}

// writeProfiles replaces the config file atomically, mode 0600.
func writeProfiles(dir string, pf *profileFile) error {
	path := filepath.Join(dir, dcm.ConfigFileName)
	data, err := json.MarshalIndent(pf, "", "  ")
	if err != nil {
		return err
	}
	data = append(data, '\n')
	tmp, err := os.CreateTemp(dir, "."+dcm.ConfigFileName+".tmp-*")
	if err != nil {
		return &dcm.ConfigError{Source: path, Msg: "cannot write config file", Err: err}
	}
	defer os.Remove(tmp.Name()) // after a successful rename this finds nothing
	if err := tmp.Chmod(0o600); err != nil && !errors.Is(err, errors.ErrUnsupported) {
		_ = tmp.Close()
		return &dcm.ConfigError{Source: path, Msg: "cannot set config file mode", Err: err}
	}
	if _, err := tmp.Write(data); err != nil {
		_ = tmp.Close()
		return &dcm.ConfigError{Source: path, Msg: "cannot write config file", Err: err}
	}
	if err := tmp.Close(); err != nil {
		return &dcm.ConfigError{Source: path, Msg: "cannot write config file", Err: err}
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return &dcm.ConfigError{Source: path, Msg: "cannot replace config file", Err: err}
	}
	return nil
}

// setDefaultProfile makes name the profile used when none is chosen.
func setDefaultProfile(dir, name string) error {
	pf, err := readProfiles(dir)
	if err != nil {
		return err
	}
	if _, ok := pf.Profiles[name]; !ok {
		return usagef("no profile %q", name)
	}
	pf.Default = name
	return writeProfiles(dir, pf)
}

// deleteProfile removes a profile (and the default naming it).
func deleteProfile(dir, name string) error {
	pf, err := readProfiles(dir)
	if err != nil {
		return err
	}
	if _, ok := pf.Profiles[name]; !ok {
		return usagef("no profile %q", name)
	}
	delete(pf.Profiles, name)
	if pf.Default == name {
		pf.Default = ""
	}
	return writeProfiles(dir, pf)
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
