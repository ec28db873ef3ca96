package engine

import "context"

// hooks are the behaviours the catalogue cannot express, for one
// "Resource.verb". Every field is optional; the generic path runs where a
// hook is nil.
type hooks struct {
	// prepare rewrites the raw arguments before validation (older payload
	// forms: the 2012 launch's top-level productId).
	prepare func(c *call, args map[string]any) map[string]any
	// skipRefs are payload references the hook resolves itself.
	skipRefs map[string]bool
	// build completes a new record after the generic build; extra is added
	// to the 201 body only (generateApiKey's secretKey).
	build func(ctx context.Context, c *call, it *item, vals map[string]any) (extra map[string]any, err error)
	// apply replaces the generic merge of a synchronous update or action.
	apply func(ctx context.Context, c *call, it *item, vals map[string]any) error
	// start checks an async action and returns what its job must remember.
	start func(ctx context.Context, c *call, it *item, vals map[string]any) (map[string]any, error)
	// finish is the effect when the job completes, after the status change.
	finish func(ctx context.Context, ev *env, it *item, args map[string]any) error
}

// hooksFor returns the special behaviour of an operation ("delete" is the
// verb of DELETE).
func hooksFor(resource, verb string) hooks {
	switch resource + "." + verb {
	case "Server.launch":
		return hooks{prepare: prepareLaunch, skipRefs: map[string]bool{"product": true}, build: buildServer, finish: lifeUp}
	case "Server.start":
		return hooks{finish: chain(finishStart, lifeUp)}
	case "Server.stop", "Server.pause":
		return hooks{finish: chain(finishPause, lifeDown)}
	case "Server.delete":
		return hooks{finish: chain(finishTerminate, lifeDown)}
	case "Volume.addVolume":
		return hooks{build: buildVolume, finish: finishAvailable}
	case "Volume.attach":
		return hooks{start: startAttach, finish: finishAttach}
	case "Volume.detach":
		return hooks{finish: finishDetach}
	case "Snapshot.addSnapshot":
		return hooks{build: buildSnapshot, finish: finishAvailable}
	case "MachineImage.imageServer":
		return hooks{build: buildImage}
	case "MachineImage.unRegisterAgent":
		return hooks{apply: applyUnregisterAgent}
	case "MachineImage.deprecateImage":
		return hooks{apply: applyDeprecateImage}
	case "FirewallRule.addRule":
		return hooks{build: buildRule}
	case "ApiKey.generateApiKey":
		return hooks{build: buildAPIKey}
	case "BillingCode.addBillingCode":
		return hooks{build: buildBillingCode}
	case "User.addUser":
		return hooks{build: buildUser}
	case "User.grant":
		return hooks{apply: applyUserGrant}
	case "Role.grant":
		return hooks{apply: applyRoleGrant}
	case "Group.setRole":
		return hooks{apply: applySetRole}
	case "Group.addRoleAssignments":
		return hooks{apply: applyRoleAssignments}
	case "Deployment.launch":
		return hooks{finish: deploymentUp}
	case "Deployment.stop":
		return hooks{finish: deploymentDown}
	case "Account.addAccount":
		return hooks{build: buildAccount}
	case "Account.assignCloud":
		return hooks{apply: applyAssignCloud}
	}
	return hooks{}
}
