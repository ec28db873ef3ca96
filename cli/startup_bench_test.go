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
