// Command listservers lists every server through the typed SDK iterator
// (infrastructure Servers.List) and prints how many it saw. bench runs it as
// a child process against a loopback emulator to measure the iterator's
// peak memory as the number of servers grows. It reads DCM_ENDPOINT,
// DCM_ACCESS_KEY and DCM_SECRET_KEY.
package main

import (
	"context"
	"fmt"
	"os"

	"github.com/mixcoatl/mixcoatl/dcm"
	"github.com/mixcoatl/mixcoatl/infrastructure"
)

func main() {
	if err := run(context.Background()); err != nil {
		fmt.Fprintln(os.Stderr, "listservers:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context) error {
	c, err := dcm.New(dcm.Config{
		Endpoint:  os.Getenv("DCM_ENDPOINT"),
		AccessKey: os.Getenv("DCM_ACCESS_KEY"),
		SecretKey: os.Getenv("DCM_SECRET_KEY"),
	})
	if err != nil {
		return err
	}
	n := 0
	for s, err := range infrastructure.New(c).Servers.List(ctx, infrastructure.ServerFilter{}) {
		if err != nil {
			return err
		}
		if s.ServerID != 0 {
			n++
		}
	}
	fmt.Println(n)
	return nil
}
