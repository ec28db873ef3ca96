package cli

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/mixcoatl/mixcoatl/dcmtest"
)

// result is one in-process CLI run.
type result struct {
	stdout, stderr string
	code           int
}

// runEnv runs mixcoatl in-process through Run, with env's Stdout and
// Stderr captured.
func runEnv(ctx context.Context, env Env) result {
	var stdout, stderr bytes.Buffer
	env.Stdout, env.Stderr = &stdout, &stderr
	code := Run(ctx, env)
	return result{stdout: stdout.String(), stderr: stderr.String(), code: code}
}

// emulatorEnv is an Env whose requests go to emu, with its keys in the
// environment, as a user's shell would hold them.
func emulatorEnv(emu *dcmtest.Emulator, args ...string) Env {
	vars := map[string]string{
		"DCM_ACCESS_KEY": emu.Config.AccessKey,
		"DCM_SECRET_KEY": emu.Config.SecretKey,
		"DCM_ENDPOINT":   emu.Config.Endpoint,
	}
	return Env{
		Args:      args,
		Getenv:    func(k string) string { return vars[k] },
		Transport: emu.Transport,
		LegacyDir: "-",
	}
}

// runEmulator runs a command line against emu through Run (emulatorEnv),
// and fails t if the secret key appears in the output.
func runEmulator(t testing.TB, ctx context.Context, emu *dcmtest.Emulator, env Env) result {
	t.Helper()
	res := runEnv(ctx, env)
	if secret := emu.Config.SecretKey; strings.Contains(res.stdout+res.stderr, secret) {
		t.Errorf("%v: the secret key appears in the output", env.Args)
	}
	return res
}

// withHome makes env's HOME (where the look-up caches live) home.
func withHome(env Env, home string) Env {
	getenv := env.Getenv
	env.Getenv = func(k string) string {
		if k == "HOME" {
			return home
		}
		return getenv(k)
	}
	return env
}
