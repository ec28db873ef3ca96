package engine

import (
	"context"
	"fmt"
	"net/http"

	"github.com/mixcoatl/mixcoatl/emulator/store"
)

// buildVolume completes a new volume: not attached, a size string, and not
// yet available.
func buildVolume(_ context.Context, _ *call, it *item, vals map[string]any) (map[string]any, error) {
	size, _ := asInt(vals["sizeInGb"])
	if size <= 0 {
		return nil, Errorf(http.StatusBadRequest, "addVolume: field \"sizeInGb\": want a positive size, got %d", size)
	}
	it.data["sizeString"] = fmt.Sprintf("%dGB", size)
	it.data["server"] = nil
	it.data["deviceId"] = nil
	it.data["available"] = false
	it.data["encrypted"] = false
	return nil, nil
}

// buildSnapshot takes the size and geography of the volume.
func buildSnapshot(_ context.Context, c *call, it *item, _ map[string]any) (map[string]any, error) {
	if vols := c.refs["volume"]; len(vols) > 0 {
		if vols[0].data["sizeInGb"] != nil {
			it.data["sizeInGb"] = vols[0].data["sizeInGb"]
		}
	}
	it.data["available"] = false
	it.data["encrypted"] = false
	it.data["sharable"] = false
	it.data["public"] = false
	return nil, nil
}

func finishAvailable(_ context.Context, _ *env, it *item, _ map[string]any) error {
	it.data["available"] = true
	return nil
}

// startAttach checks an attach before the job starts: the server must be
// live and in the volume's data centre, and the device must be free on it
// (a free /dev/sdf…/dev/sdp is picked when none is given).
func startAttach(ctx context.Context, c *call, vol *item, vals map[string]any) (map[string]any, error) {
	srvRefs := c.refs["server"]
	if len(srvRefs) == 0 {
		return nil, c.errorf(http.StatusBadRequest, "field %q: required", "server")
	}
	srv := srvRefs[0]
	if s := statusOf(srv.data); s == "TERMINATED" || s == "STOPPING" {
		return nil, c.errorf(http.StatusConflict, "Server %s is %s", srv.rec.ID, s)
	}
	vdc, _ := refID(vol.data["dataCenter"], "dataCenterId")
	sdc, _ := refID(srv.data["dataCenter"], "dataCenterId")
	if vdc != nil && sdc != nil && idString(vdc) != idString(sdc) {
		return nil, c.errorf(http.StatusConflict, "Volume %s is in data center %s but Server %s is in data center %s", vol.rec.ID, idString(vdc), srv.rec.ID, idString(sdc))
	}
	used, err := c.devicesInUse(ctx, srv.rec.ID)
	if err != nil {
		return nil, err
	}
	device, _ := vals["deviceId"].(string)
	if device != "" && used[device] {
		return nil, c.errorf(http.StatusConflict, "device %s is already in use on Server %s", device, srv.rec.ID)
	}
	for l := 'f'; device == "" && l <= 'p'; l++ {
		if d := "/dev/sd" + string(l); !used[d] {
			device = d
		}
	}
	if device == "" {
		return nil, c.errorf(http.StatusConflict, "Server %s has no free device for another volume", srv.rec.ID)
	}
	n, _ := asInt(srv.rec.ID)
	return map[string]any{"serverId": n, "deviceId": device}, nil
}

// devicesInUse lists the devices of volumes attached (or attaching) to a
// server; an attaching volume's device is in its job, so pending attaches
// are found through the customer's running jobs' arguments.
func (c *call) devicesInUse(ctx context.Context, serverID string) (map[string]bool, error) {
	id, _ := asInt(serverID)
	used := map[string]bool{}
	err := scanData(ctx, c.tx, c.customer, "Volume", func(d map[string]any) {
		if matchesID(d["server"], "serverId", "", id) {
			if s, ok := d["deviceId"].(string); ok {
				used[s] = true
			}
		}
	})
	if err != nil {
		return nil, err
	}
	var decodeErr error
	err = c.tx.Scan(ctx, store.Filter{Customer: c.customer, Kind: jobKind}, func(r store.Record) bool {
		job, err := decodeRecord(r)
		if err != nil {
			decodeErr = err
			return false
		}
		if statusOf(job.data) != jobRunning {
			return true
		}
		if st, err := getJobState(job); err == nil && st.Op == "attach" {
			if s, _ := asInt(st.Args["serverId"]); s == id {
				used[strField(st.Args, "deviceId")] = true
			}
		}
		return true
	})
	if err == nil {
		err = decodeErr
	}
	return used, err
}

// finishAttach records the attachment the job was started with.
func finishAttach(ctx context.Context, ev *env, it *item, args map[string]any) error {
	n, _ := asInt(args["serverId"])
	srv, found, err := loadOwn(ctx, ev.tx, ev.customer, "Server", idKey(n))
	if err != nil {
		return err
	}
	if !found || statusOf(srv.data) == "TERMINATED" {
		return Errorf(http.StatusConflict, "Server %d is no longer available", n)
	}
	it.data["server"] = map[string]any{"serverId": n}
	it.data["deviceId"] = args["deviceId"]
	return nil
}

func finishDetach(_ context.Context, _ *env, it *item, _ map[string]any) error {
	it.data["server"] = nil
	it.data["deviceId"] = nil
	return nil
}
