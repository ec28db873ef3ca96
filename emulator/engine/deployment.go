package engine

import "context"

// reasonRunning is why a running deployment cannot be removed, in the
// service's own words (recorded in a deployment's reasonNotRemovable).
const reasonRunning = "You must shut down the deployment before removing it."

// deploymentUp is the finish of a deployment's launch: a running
// deployment cannot be removed, and says why.
func deploymentUp(_ context.Context, _ *env, it *item, _ map[string]any) error {
	it.data["removable"] = false
	it.data["reasonNotRemovable"] = reasonRunning
	return nil
}

// deploymentDown is the finish of its stop: removable again.
func deploymentDown(_ context.Context, _ *env, it *item, _ map[string]any) error {
	it.data["removable"] = true
	delete(it.data, "reasonNotRemovable")
	return nil
}
