package compat

// ownerFlags are the owner and budget filters the old server, volume and
// snapshot lists applied client-side.
func ownerFlags(user, groupName, budgetName bool) []Flag {
	var fs []Flag
	if user {
		fs = append(fs, valueFlag("userid", "u", "only items owned by this user id"),
			valueFlag("email", "m", "only items owned by the user with this email"))
	}
	fs = append(fs, valueFlag("groupid", "g", "only items owned by this group id"))
	if groupName {
		fs = append(fs, valueFlag("groupname", "G", "only items owned by the group with this name"))
	}
	fs = append(fs, valueFlag("budgetid", "b", "only items charged to this billing code id"))
	if budgetName {
		fs = append(fs, valueFlag("budgetname", "B", "only items charged to the billing code with this name"))
	}
	return fs
}

// owners adds the owner filters. Names and emails are only in extended
// details, so asking for them switches the listing to extended.
func (b *argvBuilder) owners() *argvBuilder {
	if b.c.Has("budgetname") && b.err == nil {
		b.err = usagef(b.c.Tool, "--budgetname: billing codes are matched by id here; find the id with `mixcoatl billing-code list` and use --budgetid")
		return b
	}
	b.where("userid", idEquals(".owningUser.userId")).
		where("email", stringEquals(".owningUser.email")).
		where("groupid", anyIDEquals(".owningGroups", "groupId")).
		where("groupname", anyStringEquals(".owningGroups", "name")).
		where("budgetid", idEquals(".budget"))
	if b.c.Has("email") || b.c.Has("groupname") || b.c.Bool("extended") {
		b.add("--details", "extended")
	}
	return b
}

// serverListTools are the lists of servers, volumes and snapshots.
func serverListTools() []*Tool {
	return []*Tool{
		{
			Name: "dcm-list-servers",
			Flags: append(append([]Flag{
				valueFlag("region", "r", helpRegionID),
				boolFlag("extended", "e", "ask for extended details"),
				boolFlag("verbose", "v", helpVerbose),
			}, ownerFlags(true, true, true)...), formatFlags(true)...),
			New:  "server list [--region-id REGION] [--query 'map(select(…))']",
			Note: "--userid, --email, --groupid, --groupname and --budgetid become a --query map(select(…)) over each server (the old tool filtered client-side too); --budgetname is refused in favour of --budgetid.",
			translate: func(c *Call) ([]string, error) {
				return newArgv(c, "server", "list").flag("region", "--region-id").owners().output().done()
			},
		},
		{
			Name: "dcm-list-volumes",
			Flags: append(append(append(regionFlags("R"), ownerFlags(true, false, false)...),
				boolFlag("nonattached", "n", "only volumes attached to no server"),
				valueFlag("minsize", "", "only volumes of at least this many GB")), formatFlags(true)...),
			New:  "volume list [--region-id REGION] [--query 'map(select(…))']",
			Note: "--userid, --email, --groupid, --budgetid, --nonattached and --minsize become a --query map(select(…)) over each volume.",
			translate: func(c *Call) ([]string, error) {
				return newArgv(c, "volume", "list").region().owners().
					whereBool("nonattached", ".server == null").
					where("minsize", atLeast(".sizeInGb")).output().done()
			},
		},
		{
			Name:  "dcm-list-snapshots",
			Flags: append(append(regionFlags("R"), ownerFlags(false, true, true)...), formatFlags(true)...),
			New:   "snapshot list [--region-id REGION] [--query 'map(select(…))']",
			Note:  "--groupid, --groupname and --budgetid become a --query map(select(…)) over each snapshot; --budgetname is refused in favour of --budgetid.",
			translate: func(c *Call) ([]string, error) {
				return newArgv(c, "snapshot", "list").region().owners().output().done()
			},
		},
		{
			Name: "dcm-list-server-terminate",
			Flags: []Flag{
				boolFlag("all", "a", "list every server, with or without a termination date"),
				valueFlag("serverid", "s", "show only this server"),
			},
			New: "server list --columns serverId,name,terminateAfter --query 'map(select(.terminateAfter != null))'",
			translate: func(c *Call) ([]string, error) {
				cols := []string{"--columns", "serverId,name,terminateAfter"}
				if c.Has("serverid") {
					return newArgv(c, "server", "get").value("serverid").add(cols...).done()
				}
				b := newArgv(c, "server", "list").add(cols...)
				if !c.Bool("all") {
					b.conditions = append(b.conditions, ".terminateAfter != null")
				}
				return b.done()
			},
		},
	}
}
