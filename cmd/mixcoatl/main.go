// Command mixcoatl is the CLI for the enStratus / Dell Cloud Manager API.
package main

import (
	"os"

	"github.com/mixcoatl/mixcoatl/cli"
)

func main() {
	os.Exit(cli.Main(os.Args, os.Stdin, os.Stdout, os.Stderr))
}
