// Package cli is the mixcoatl command tree.
package cli

import (
	"fmt"
	"io"
)

// Main runs the CLI and returns the process exit code.
func Main(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fmt.Fprintln(stderr, "mixcoatl: not implemented yet")
	return 1
}
