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
// live (not terminated, stopping or being terminated) and in the volume's
// data centre, and the device must be free on it (a free /dev/sdf…/dev/sdp
// is picked when none is given). The device is reserved on the volume
// (attachKey) until the job ends.
func startAttach(ctx context.Context, c *call, vol *item, vals map[string]any) (map[string]any, error) {
	srvRefs := c.refs["server"]
	if len(srvRefs) == 0 {
		return nil, c.errorf(http.StatusBadRequest, "field %q: required", "server")
	}
	srv := srvRefs[0]
	if fl, busy := flightOf(srv); busy && fl.Terminal {
		return nil, c.errorf(http.StatusConflict, "Server %s is being terminated (job %s)", srv.rec.ID, fl.Job)
	}
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
	args := map[string]any{"serverId": n, "deviceId": device}
	vol.internal[attachKey] = args
	return args, nil
}

// attachKey holds, in a volume's Internal, the server and device an attach
// under way has reserved.
const attachKey = "attaching"

// devicesInUse lists the devices of the server's volumes: attached ones
// (their deviceId) and attaching ones (the device reserved by the attach
// in flight). It reads the customer's volumes only, so an attach costs the
// same however many jobs the customer ran before.
func (c *call) devicesInUse(ctx context.Context, serverID string) (map[string]bool, error) {
	id, _ := asInt(serverID)
	used := map[string]bool{}
	var decodeErr error
	err := c.tx.Scan(ctx, store.Filter{Customer: c.customer, Kind: "Volume"}, func(r store.Record) bool {
		if r.Customer != c.customer {
			return true
		}
		v, err := decodeRecord(r)
		if err != nil {
			decodeErr = err
			return false
		}
		if matchesID(v.data["server"], "serverId", "", id) {
			if s, ok := v.data["deviceId"].(string); ok {
				used[s] = true
			}
		}
		if fl, busy := flightOf(v); busy && fl.Op == "attach" {
			if res, ok := v.internal[attachKey].(map[string]any); ok {
				if s, _ := asInt(res["serverId"]); s == id {
					used[strField(res, "deviceId")] = true
				}
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
	delete(it.internal, attachKey)
	it.data["server"] = map[string]any{"serverId": n}
	it.data["deviceId"] = args["deviceId"]
	return nil
}

func finishDetach(_ context.Context, _ *env, it *item, _ map[string]any) error {
	it.data["server"] = nil
	it.data["deviceId"] = nil
	return nil
}
