package infrastructure_test

import (
	"context"
	"fmt"

	"github.com/mixcoatl/mixcoatl/dcm"
	"github.com/mixcoatl/mixcoatl/infrastructure"
	"github.com/mixcoatl/mixcoatl/sdk"
)

// List the servers of one region; List follows pagination by itself.
func Example_listServersInRegion() {
	ctx := context.Background()
	servers := infrastructure.New(exampleClient()).Servers
	for s, err := range servers.List(ctx, infrastructure.ServerFilter{RegionID: 19344}) {
		if err != nil {
			fmt.Println("error:", err)
			return
		}
		fmt.Println(s.ServerID, s.Name, s.Status)
	}
	// Output:
	// 331810 web-01 RUNNING
	// 334367 db-01 PAUSED
	// 339460 web-02 RUNNING
}

// A reference costs nothing until a field is read; then it loads once.
func ExampleServerRef() {
	ctx := context.Background()
	ref := infrastructure.New(exampleClient()).Servers.Ref(331810)
	fmt.Println(ref, "loaded:", ref.Loaded()) // no request yet

	name, err := ref.Name(ctx) // one GET
	if err != nil {
		fmt.Println("error:", err)
		return
	}
	status, _ := ref.Status(ctx) // no further request
	fmt.Println(name, status, "loaded:", ref.Loaded())

	srv, _ := ref.Get(ctx)
	region, _ := srv.Region.Name(ctx) // the server's region loads on first read
	fmt.Println("region:", region)
	// Output:
	// Server 331810 loaded: false
	// web-01 RUNNING loaded: true
	// region: Oregon (us-west-2)
}

// Launch a server, wait for its job, and read the server it made.
func ExampleServerService_Launch() {
	ctx := context.Background()
	servers := infrastructure.New(exampleClient()).Servers
	job, err := servers.Launch(ctx, infrastructure.ServerLaunchRequest{
		Name:         "web-03",
		Description:  "Storefront web server",
		Budget:       1513,
		Product:      sdk.IntID(617),
		MachineImage: sdk.IntID(302),
		DataCenter:   sdk.IntID(64351),
	})
	if err != nil {
		fmt.Println("error:", err)
		return
	}
	srv, err := servers.Created(ctx, job, dcm.WaitOptions{
		Progress: func(j dcm.Job) { fmt.Println("job", j.Status) },
	})
	if err != nil {
		fmt.Println("error:", err)
		return
	}
	fmt.Println(srv.Name, srv.Status)
	// Output:
	// job COMPLETE
	// web-03 RUNNING
}

// Create a volume, attach it to a server, and wait for each job.
func ExampleVolumeService_Attach() {
	ctx := context.Background()
	c := exampleClient()
	volumes := infrastructure.New(c).Volumes
	job, err := volumes.AddVolume(ctx, infrastructure.VolumeAddVolumeRequest{
		Name: "orders-data", Description: "Orders database data", SizeInGb: 100,
		DataCenter: sdk.IntID(64351), Budget: 1512,
	})
	if err != nil {
		fmt.Println("error:", err)
		return
	}
	vol, err := volumes.Created(ctx, job, dcm.WaitOptions{})
	if err != nil {
		fmt.Println("error:", err)
		return
	}
	fmt.Println(vol.Name, vol.Status)

	job, err = volumes.Attach(ctx, vol.VolumeID, infrastructure.VolumeAttachRequest{
		Server:   sdk.IntID(331810),
		DeviceID: "/dev/xvdh",
	})
	if err != nil {
		fmt.Println("error:", err)
		return
	}
	if _, err := dcm.Wait(ctx, c, job.JobID, dcm.WaitOptions{}); err != nil {
		fmt.Println("error:", err)
		return
	}
	vol, _ = volumes.Get(ctx, vol.VolumeID)
	device := ""
	if vol.DeviceID != nil { // null while detached
		device = *vol.DeviceID
	}
	fmt.Println("attached to server", vol.Server.ID(), "as", device)
	// Output:
	// orders-data AVAILABLE
	// attached to server 331810 as /dev/xvdh
}

// A missing resource is an *dcm.APIError with status 404.
func Example_notFound() {
	ctx := context.Background()
	_, err := infrastructure.New(exampleClient()).Servers.Get(ctx, 999)
	switch {
	case dcm.IsNotFound(err):
		fmt.Println("no such server")
	case err != nil:
		fmt.Println("error:", err)
	}
	// Output:
	// no such server
}
