package infrastructure_test

import (
	"context"

	"github.com/mixcoatl/mixcoatl/dcm"
	"github.com/mixcoatl/mixcoatl/emulator"
	"github.com/mixcoatl/mixcoatl/emulator/engine"
	"github.com/mixcoatl/mixcoatl/emulator/seed"
	"github.com/mixcoatl/mixcoatl/emulator/store"
)

// exampleClient stands in for the client a program builds from its
// configuration (dcm.LoadConfig, dcm.New): a client of an in-process
// emulator holding the default seed, with jobs that complete at once. The
// examples cannot use dcmtest, which needs a *testing.T.
func exampleClient() *dcm.Client {
	ctx := context.Background()
	sd := seed.Default()
	st := store.NewMemory()
	if err := seed.Load(ctx, st, sd, nil); err != nil {
		panic(err)
	}
	first := sd.Customers[0]
	srv, err := emulator.New(emulator.Options{
		Store:     st,
		Anonymous: emulator.Caller{Customer: first.CustomerID, UserID: first.APIKey.UserID},
	})
	if err != nil {
		panic(err)
	}
	if err := srv.SetJobMode(ctx, "", engine.JobMode{Mode: "immediate"}); err != nil {
		panic(err)
	}
	v := srv.Catalog().DefaultVersion
	c, err := dcm.New(dcm.Config{
		AccessKey: first.APIKey.AccessKey, SecretKey: first.APIKey.SecretKey,
		Endpoint:   "http://emulator.example" + dcm.APIBasePath + "/" + v,
		APIVersion: v, SSLVerify: true,
	}, dcm.WithTransport(srv.RoundTripper()))
	if err != nil {
		panic(err)
	}
	return c
}
