// Command docgen writes the Markdown reference of every mixcoatl command
// (docs/cli), removing the pages of commands that no longer exist;
// `go generate ./cli` runs it.
package main

import (
	"flag"
	"fmt"
	"os"

	"github.com/mixcoatl/mixcoatl/cli"
)

func main() {
	out := flag.String("o", "docs/cli", "directory to write the pages into")
	flag.Parse()
	if _, err := cli.GenerateDocs(*out); err != nil {
		fmt.Fprintln(os.Stderr, "docgen:", err)
		os.Exit(1)
	}
}
