package engine

import (
	"context"
	"net/http"
)

// buildImage completes an image made from a server (imageServer): it takes
// the server's platform, architecture and agent, and its geography through
// the generic inheritance. Imaging a terminated server is a conflict.
func buildImage(_ context.Context, c *call, it *item, _ map[string]any) (map[string]any, error) {
	srvs := c.refs["server"]
	if len(srvs) == 0 {
		return nil, c.errorf(http.StatusBadRequest, "field %q: required", "server")
	}
	srv := srvs[0].data
	if s := statusOf(srv); s == "TERMINATED" {
		return nil, c.errorf(http.StatusConflict, "Server %s is TERMINATED", srvs[0].rec.ID)
	}
	for _, k := range []string{"platform", "architecture", "agentVersion"} {
		if srv[k] != nil {
			it.data[k] = srv[k]
		}
	}
	it.data["public"] = false
	it.data["sharable"] = false
	return nil, nil
}

// applyUnregisterAgent removes the image's agent version.
func applyUnregisterAgent(_ context.Context, _ *call, it *item, _ map[string]any) error {
	delete(it.data, "agentVersion")
	return nil
}

// applyDeprecateImage marks the image DEPRECATED: still readable by id and
// with active=false, hidden from the default (active) image list.
func applyDeprecateImage(_ context.Context, _ *call, it *item, _ map[string]any) error {
	it.data["status"] = "DEPRECATED"
	return nil
}
