package compat

// The list tools: their flags as the old parsers declared them, and the
// mixcoatl command that reads the same data (New). They print the old
// formats themselves (oldlists.go), so they have no translation.

// Old flag helps shared by several tools.
const (
	helpRegionID  = "region id"
	helpRegionPID = "region provider id (us-east-1), looked up among the regions"
	helpAccountID = "account id"
	helpVerbose   = "print more columns"
)

// listTool is a dcm-list-* tool whose only flags are the output formats.
func listTool(name, resource string) *Tool {
	return &Tool{Name: name, Flags: formatFlags(true), New: resource + " list"}
}

// withFormats is flags followed by --json, --xml and --csv.
func withFormats(flags ...Flag) []Flag { return append(flags, formatFlags(true)...) }

// regionFlags are --regionid/-r and --regionpid/-R (-p for server products).
func regionFlags(pidShort string) []Flag {
	return []Flag{valueFlag("regionid", "r", helpRegionID), valueFlag("regionpid", pidShort, helpRegionPID)}
}

func listTools() []*Tool {
	tools := []*Tool{
		listTool("dcm-list-accounts", "account"),
		listTool("dcm-list-billing-codes", "billing-code"),
		listTool("dcm-list-clouds", "cloud"),
		listTool("dcm-list-cm", "configuration-management-service"),
		listTool("dcm-list-cm-systems", "configuration-management-system"),
		listTool("dcm-list-customers", "customer"),
		listTool("dcm-list-loadbalancers", "load-balancer"),
		listTool("dcm-list-rdbms", "relational-database"),
		listTool("dcm-list-regions", "region"),
		listTool("dcm-list-role-assignments", "group"),
		cmListTool("dcm-list-cm-environments", "environment"),
		cmListTool("dcm-list-cm-personalities", "personality"),
		cmListTool("dcm-list-cm-scripts", "script"),
		{Name: "dcm-list-api-keys", Flags: withFormats(valueFlag("key", "k", "show only this access key")), New: "api-key list"},
		{Name: "dcm-list-datacenters", Flags: withFormats(regionFlags("R")...), New: "data-center list"},
		{Name: "dcm-list-firewall-rules", Flags: withFormats(valueFlag("firewall", "f", "firewall id")), New: "firewall-rule list"},
		{
			Name:  "dcm-list-firewalls",
			Flags: withFormats(valueFlag("accountid", "i", helpAccountID), valueFlag("regionid", "r", helpRegionID)),
			New:   "firewall list",
		},
		{
			Name:  "dcm-list-networks",
			Flags: withFormats(valueFlag("accountid", "i", helpAccountID), valueFlag("regionid", "r", helpRegionID)),
			New:   "network list",
		},
		{
			Name: "dcm-list-groups",
			Flags: withFormats(valueFlag("userid", "u", "only the groups of the user with this VM login id"),
				valueFlag("email", "m", "only the groups of the user with this email")),
			New:  "group list",
			Note: "--userid/--email print the groups of that user (mixcoatl 1.5.1 failed there).",
		},
		{
			Name:  "dcm-list-jobs",
			Flags: withFormats(boolFlag("verbose", "v", helpVerbose), valueFlag("job-id", "j", "table: only this job")),
			New:   "job list",
		},
		{
			Name: "dcm-list-machine-images",
			Flags: withFormats(valueFlag("image", "i", "show only this machine image id"),
				valueFlag("regionid", "r", helpRegionID), valueFlag("regionpid", "R", helpRegionPID),
				boolFlag("registered", "e", "only images registered with the agent")),
			OneOf: []string{"image", "regionid", "regionpid"},
			New:   "machine-image list",
		},
		{
			Name: "dcm-list-rdbms-products",
			Flags: withFormats(required(valueFlag("region", "r", helpRegionID)),
				required(valueFlag("engine", "e", "database engine (MYSQL, …)"))),
			New: "relational-database-product list",
		},
		{Name: "dcm-list-roles", Flags: withFormats(boolFlag("verbose", "v", helpVerbose)), New: "role list"},
		{
			Name:  "dcm-list-server-analytics",
			Flags: append([]Flag{valueFlag("server", "s", "server id")}, formatFlags(false)...),
			New:   "server-analytics get",
			Note:  "Prints what the old tool printed whatever the format: the Python list of the classes it made.",
		},
		{Name: "dcm-list-server-products", Flags: withFormats(regionFlags("p")...), New: "server-product list"},
		{
			Name:  "dcm-list-storage-objects",
			Flags: withFormats(required(valueFlag("regionid", "r", helpRegionID))),
			New:   "storage-object list",
		},
		{Name: "dcm-list-subscriptions", Flags: withFormats(valueFlag("region", "r", helpRegionID)), New: "subscription list"},
		{
			Name:  "dcm-list-users",
			Flags: withFormats(valueFlag("accountid", "i", helpAccountID), valueFlag("regionid", "r", helpRegionID)),
			New:   "user list",
			Note:  "--accountid and --regionid are accepted and, as before, not applied.",
		},
	}
	return append(tools, serverListTools()...)
}

// cmListTool lists one kind of configuration-management item of a CM
// account (--cm/-c).
func cmListTool(name, resource string) *Tool {
	return &Tool{
		Name:  name,
		Flags: withFormats(valueFlag("cm", "c", "configuration-management account id")),
		New:   resource + " list",
	}
}
