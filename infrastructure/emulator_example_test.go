package infrastructure_test

import (
	"github.com/mixcoatl/mixcoatl/dcm"
	"github.com/mixcoatl/mixcoatl/dcmtest"
	"github.com/mixcoatl/mixcoatl/emulator/engine"
)

// exampleClient stands in for the client a program builds from its
// configuration (dcm.LoadConfig, dcm.New): a client of an in-process
// emulator holding the default seed, with jobs that complete at once. The
// emulator's memory store is only garbage, so it is left for the collector
// rather than stopped.
func exampleClient() *dcm.Client {
	emu, _, err := dcmtest.Start(dcmtest.WithJobMode("", engine.JobMode{Mode: "immediate"}))
	if err != nil {
		panic(err)
	}
	return emu.Client()
}
