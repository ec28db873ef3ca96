package compat

// ownerFlags are the owner and budget filters the old server, volume and
// snapshot lists applied client-side.
func ownerFlags(user, groupName, budgetName bool) []Flag {
	var fs []Flag
	if user {
		fs = append(fs, valueFlag("userid", "u", "only items owned by the user with this VM login id"),
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

// serverListTools are the lists of servers, volumes and snapshots.
func serverListTools() []*Tool {
	return []*Tool{
		{
			Name: "dcm-list-servers",
			Flags: withFormats(append([]Flag{
				valueFlag("region", "r", helpRegionID),
				valueFlag("extended", "e", "accepted (it took a value); not applied, as before"),
				boolFlag("verbose", "v", helpVerbose),
			}, ownerFlags(true, true, true)...)...),
			New:  "server list",
			Note: "Only the first given of --userid, --email, --groupid, --groupname, --budgetid and --budgetname filters, as before.",
		},
		{
			Name: "dcm-list-volumes",
			Flags: withFormats(append(append(regionFlags("R"), ownerFlags(true, false, false)...),
				boolFlag("nonattached", "n", "accepted; not applied, as before"),
				valueFlag("minsize", "", "only volumes of at least this many GB"))...),
			New: "volume list",
		},
		{
			Name:  "dcm-list-snapshots",
			Flags: withFormats(append(regionFlags("R"), ownerFlags(false, true, true)...)...),
			New:   "snapshot list",
		},
		{
			Name: "dcm-list-server-terminate",
			Flags: []Flag{
				boolFlag("all", "a", "list every server, with or without a termination date"),
				valueFlag("serverid", "s", "show only this server"),
			},
			New: "server list",
		},
	}
}
