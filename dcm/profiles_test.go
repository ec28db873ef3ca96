package dcm

import (
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"testing"
)

func TestReadSetDefaultDeleteProfiles(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	if pf, err := ReadProfiles(dir); err != nil || pf.Default != "" || pf.Profiles == nil || len(pf.Profiles) != 0 {
		t.Fatalf("ReadProfiles of no file = %+v, %v; want no profiles", pf, err)
	}
	if err := SetDefaultProfile(dir, "lab"); !errors.Is(err, ErrNoProfile) || !IsConfigError(err) {
		t.Errorf("SetDefaultProfile without a file = %v, want a *ConfigError wrapping ErrNoProfile", err)
	}
	for _, name := range []string{"prod", "lab"} {
		if err := SaveProfile(dir, Profile{Name: name, AccessKey: "K" + name, SecretKey: "S"}); err != nil {
			t.Fatal(err)
		}
	}
	if err := SetDefaultProfile(dir, "lab"); err != nil {
		t.Fatal(err)
	}
	pf, err := ReadProfiles(dir)
	if err != nil || pf.Default != "lab" || len(pf.Profiles) != 2 || pf.Profiles["prod"].Name != "prod" || pf.Profiles["prod"].AccessKey != "Kprod" {
		t.Fatalf("after SetDefaultProfile: %+v, %v", pf, err)
	}
	if err := DeleteProfile(dir, "lab"); err != nil {
		t.Fatal(err)
	}
	if pf, err := ReadProfiles(dir); err != nil || pf.Default != "" || len(pf.Profiles) != 1 {
		t.Fatalf("after DeleteProfile: %+v, %v", pf, err)
	}
	if err := DeleteProfile(dir, "lab"); !errors.Is(err, ErrNoProfile) {
		t.Errorf("deleting a missing profile = %v, want ErrNoProfile", err)
	}
	if info, err := os.Stat(filepath.Join(dir, ConfigFileName)); err != nil || runtime.GOOS != "windows" && info.Mode().Perm() != 0o600 {
		t.Errorf("config file after DeleteProfile: %v, %v", info, err)
	}
	if err := os.WriteFile(filepath.Join(dir, ConfigFileName), []byte("{"), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := ReadProfiles(dir); !IsConfigError(err) {
		t.Errorf("ReadProfiles of a corrupt file = %v, want a *ConfigError", err)
	}
}

func TestLoadConfigKeysOptional(t *testing.T) {
	t.Parallel()
	env := map[string]string{"DCM_ENDPOINT": "http://127.0.0.1:1/api/enstratus/2015-05-25"}
	opts := LoadOptions{Getenv: func(k string) string { return env[k] }, ConfigDir: t.TempDir(), LegacyDir: "-"}
	if _, err := LoadConfig(opts); !IsConfigError(err) {
		t.Fatalf("without keys: %v, want a configuration error", err)
	}
	opts.KeysOptional = true
	cfg, err := LoadConfig(opts)
	if err != nil || cfg.APIVersion != "2015-05-25" || cfg.AccessKey != "" {
		t.Fatalf("KeysOptional: %+v, %v", cfg, err)
	}
}
