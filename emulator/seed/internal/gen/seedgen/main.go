// Command seedgen writes the emulator's default seed document
// (emulator/seed/default.json); `go generate ./emulator/seed` runs it.
package main

import (
	"flag"
	"fmt"
	"os"

	"github.com/mixcoatl/mixcoatl/emulator/seed/internal/gen"
)

func main() {
	out := flag.String("o", "default.json", "file to write")
	flag.Parse()
	b, err := gen.Generate()
	if err == nil {
		err = os.WriteFile(*out, b, 0o644)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "seedgen:", err)
		os.Exit(1)
	}
}
