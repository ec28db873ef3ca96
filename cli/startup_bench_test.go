package cli

import (
	"context"
	"io"
	"testing"
)

// BenchmarkStartVersion is one `mixcoatl version` run in-process: building
// the command tree and executing the command (the CLI's start-up work after
// package init).
func BenchmarkStartVersion(b *testing.B) {
	benchmarkStart(b, "version")
}

// BenchmarkStartServerListHelp is `mixcoatl server list --help`.
func BenchmarkStartServerListHelp(b *testing.B) {
	benchmarkStart(b, "server", "list", "--help")
}

// BenchmarkStartHelp is `mixcoatl --help`, which needs the whole tree.
func BenchmarkStartHelp(b *testing.B) {
	benchmarkStart(b, "--help")
}

func benchmarkStart(b *testing.B, args ...string) {
	b.ReportAllocs()
	for b.Loop() {
		if code := Run(context.Background(), Env{Args: args, Stdout: io.Discard, Stderr: io.Discard, LegacyDir: "-", ConfigDir: b.TempDir()}); code != 0 {
			b.Fatalf("exit %d", code)
		}
	}
}

// startEnv runs args with dir as HOME: the configuration, the --local
// state file and the name cache are there, as for a user's commands.
func startEnv(dir string, args []string) Env {
	getenv := func(k string) string {
		if k == "HOME" {
			return dir
		}
		return ""
	}
	return Env{Args: args, Stdout: io.Discard, Stderr: io.Discard, Getenv: getenv, LegacyDir: "-"}
}

// BenchmarkStartLocalServerList is `mixcoatl --local server list` on a
// state file an earlier command prepared: opening the file, the read-only
// check of its preparation, the request and the table.
func BenchmarkStartLocalServerList(b *testing.B) {
	dir := b.TempDir()
	args := []string{"--local", "server", "list"}
	if code := Run(context.Background(), startEnv(dir, args)); code != 0 { // prepares the state file
		b.Fatalf("exit %d", code)
	}
	b.ReportAllocs()
	for b.Loop() {
		if code := Run(context.Background(), startEnv(dir, args)); code != 0 {
			b.Fatalf("exit %d", code)
		}
	}
}
