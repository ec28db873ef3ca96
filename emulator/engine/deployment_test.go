package engine_test

import "testing"

// TestDeploymentSaysWhyItCannotBeRemoved: a running deployment is not
// removable and gives the service's reason; a stopped one is removable.
func TestDeploymentSaysWhyItCannotBeRemoved(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	h.finish(jobID(t, h.must(202, req{resource: "Deployment", kind: "action", verb: "launch", id: "1300", body: `[{}]`})))
	d := h.get(custA, "Deployment", "1300")
	if d["removable"] != false || d["reasonNotRemovable"] != "You must shut down the deployment before removing it." {
		t.Errorf("running deployment %v", d)
	}
	h.finish(jobID(t, h.must(202, req{resource: "Deployment", kind: "action", verb: "stop", id: "1300", body: `[{}]`})))
	d = h.get(custA, "Deployment", "1300")
	if _, ok := d["reasonNotRemovable"]; ok || d["removable"] != true {
		t.Errorf("stopped deployment %v", d)
	}
}
