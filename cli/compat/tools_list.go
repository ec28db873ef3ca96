package compat

// Client-side filters of the old list tools (applied after a full list, as
// mixcoatl's resource_utils did) become a --query select(...) over each
// listed item; filters the API itself knows become the list command's own
// flags.

// Old flag helps shared by several tools.
const (
	helpRegionID  = "region id"
	helpRegionPID = "region provider id (us-east-1); resolved like a region name"
	helpAccountID = "account id"
	helpVerbose   = "print more columns"
)

// listTool is a dcm-list-* tool whose only flags are the output formats.
func listTool(name, resource string, csv bool) *Tool {
	return &Tool{
		Name:  name,
		Flags: formatFlags(csv),
		New:   resource + " list",
		translate: func(c *Call) ([]string, error) {
			return newArgv(c, resource, "list").output().done()
		},
	}
}

// regionFlags are --regionid/-r and --regionpid/-R (-p for server products).
func regionFlags(pidShort string) []Flag {
	return []Flag{valueFlag("regionid", "r", helpRegionID), valueFlag("regionpid", pidShort, helpRegionPID)}
}

// region adds the region filter from --regionid or --regionpid.
func (b *argvBuilder) region() *argvBuilder {
	if b.c.Has("regionid") && b.c.Has("regionpid") {
		b.err = usagef(b.c.Tool, "choose one of --regionid, --regionpid")
		return b
	}
	return b.flag("regionid", "--region-id").flag("regionpid", "--region-id")
}

func listTools() []*Tool {
	tools := []*Tool{
		listTool("dcm-list-accounts", "account", true),
		listTool("dcm-list-billing-codes", "billing-code", true),
		listTool("dcm-list-clouds", "cloud", true),
		listTool("dcm-list-cm", "configuration-management-service", true),
		listTool("dcm-list-cm-systems", "configuration-management-system", true),
		listTool("dcm-list-customers", "customer", true),
		listTool("dcm-list-loadbalancers", "load-balancer", true),
		listTool("dcm-list-rdbms", "relational-database", true),
		listTool("dcm-list-regions", "region", true),
		cmListTool("dcm-list-cm-environments", "environment"),
		cmListTool("dcm-list-cm-personalities", "personality"),
		cmListTool("dcm-list-cm-scripts", "script"),
		{
			Name:  "dcm-list-api-keys",
			Flags: append([]Flag{valueFlag("key", "k", "show only this access key")}, formatFlags(true)...),
			New:   "api-key list | api-key get KEY",
			translate: func(c *Call) ([]string, error) {
				if c.Has("key") {
					return newArgv(c, "api-key", "get").value("key").output().done()
				}
				return newArgv(c, "api-key", "list").output().done()
			},
		},
		{
			Name:  "dcm-list-datacenters",
			Flags: append(regionFlags("R"), formatFlags(true)...),
			New:   "data-center list --region-id REGION",
			translate: func(c *Call) ([]string, error) {
				return newArgv(c, "data-center", "list").region().output().done()
			},
		},
		{
			Name:  "dcm-list-firewall-rules",
			Flags: append([]Flag{valueFlag("firewall", "f", "firewall id")}, formatFlags(true)...),
			New:   "firewall-rule list --firewall-id FIREWALL",
			translate: func(c *Call) ([]string, error) {
				return newArgv(c, "firewall-rule", "list").flag("firewall", "--firewall-id").output().done()
			},
		},
		{
			Name:  "dcm-list-firewalls",
			Flags: append([]Flag{valueFlag("accountid", "i", helpAccountID), valueFlag("regionid", "r", helpRegionID)}, formatFlags(true)...),
			New:   "firewall list [--account-id ID] [--region-id ID]",
			translate: func(c *Call) ([]string, error) {
				return newArgv(c, "firewall", "list").flag("accountid", "--account-id").flag("regionid", "--region-id").output().done()
			},
		},
		{
			Name:  "dcm-list-networks",
			Flags: append([]Flag{valueFlag("accountid", "i", helpAccountID), valueFlag("regionid", "r", helpRegionID)}, formatFlags(true)...),
			New:   "network list [--account-id ID] [--region-id ID]",
			translate: func(c *Call) ([]string, error) {
				return newArgv(c, "network", "list").flag("accountid", "--account-id").flag("regionid", "--region-id").output().done()
			},
		},
		{
			Name: "dcm-list-groups",
			Flags: append([]Flag{
				valueFlag("userid", "u", "only groups of this user id"),
				valueFlag("email", "m", "only groups of the user with this email"),
			}, formatFlags(true)...),
			New:  "group list | user get USER --query .groups[]",
			Note: "--userid/--email print the user's groups (from the user's groups field, extended details) instead of filtering the group list.",
			translate: func(c *Call) ([]string, error) {
				switch {
				case c.Has("userid") && c.Has("email"):
					return nil, usagef(c.Tool, "choose one of --userid, --email")
				case c.Has("userid"):
					return newArgv(c, "user", "get").value("userid").add("--details", "extended", "--query", ".groups").output().done()
				case c.Has("email"):
					return newArgv(c, "user", "list").add("--details", "extended").output().
						add("--query", "[.[] | select(.email == "+jqString(c.Value("email"))+") | .groups[]?]").done()
				}
				return newArgv(c, "group", "list").output().done()
			},
		},
		{
			Name:  "dcm-list-jobs",
			Flags: append([]Flag{boolFlag("verbose", "v", helpVerbose), valueFlag("job-id", "j", "show only this job")}, formatFlags(true)...),
			New:   "job list | job get JOBID",
			translate: func(c *Call) ([]string, error) {
				if c.Has("job-id") {
					return newArgv(c, "job", "get").value("job-id").output().done()
				}
				return newArgv(c, "job", "list").output().done()
			},
		},
		{
			Name: "dcm-list-machine-images",
			Flags: append([]Flag{
				valueFlag("image", "i", "show only this machine image id"),
				valueFlag("regionid", "r", helpRegionID),
				valueFlag("regionpid", "R", helpRegionPID),
				boolFlag("registered", "e", "only images registered with the agent"),
			}, formatFlags(true)...),
			OneOf: []string{"image", "regionid", "regionpid"},
			New:   "machine-image list --region-id REGION [--registered] | machine-image get IMAGE",
			translate: func(c *Call) ([]string, error) {
				if c.Has("image") {
					return newArgv(c, "machine-image", "get").value("image").output().done()
				}
				return newArgv(c, "machine-image", "list").region().boolean("registered", "--registered").output().done()
			},
		},
		{
			Name:  "dcm-list-rdbms-products",
			Flags: append([]Flag{required(valueFlag("region", "r", helpRegionID)), required(valueFlag("engine", "e", "database engine (MYSQL, …)"))}, formatFlags(true)...),
			New:   "relational-database-product list --region-id REGION --engine ENGINE",
			translate: func(c *Call) ([]string, error) {
				return newArgv(c, "relational-database-product", "list").flag("region", "--region-id").flag("engine", "--engine").output().done()
			},
		},
		{
			Name:  "dcm-list-role-assignments",
			Flags: formatFlags(true),
			New:   "group list --columns groupId,name,roleAssignments",
			Note:  "Role assignments are a field of each group.",
			translate: func(c *Call) ([]string, error) {
				b := newArgv(c, "group", "list").output()
				if len(b.argv) == 2 { // a table: show the assignments column
					b.add("--columns", "groupId,name,roleAssignments")
				}
				return b.done()
			},
		},
		{
			Name:  "dcm-list-roles",
			Flags: append([]Flag{boolFlag("verbose", "v", helpVerbose)}, formatFlags(true)...),
			New:   "role list",
			translate: func(c *Call) ([]string, error) {
				return newArgv(c, "role", "list").output().done()
			},
		},
		{
			Name:  "dcm-list-server-analytics",
			Flags: append([]Flag{valueFlag("server", "s", "server id")}, formatFlags(false)...),
			New:   "server-analytics get SERVER",
			translate: func(c *Call) ([]string, error) {
				if !c.Has("server") {
					return nil, usagef(c.Tool, "--server/-s is required: analytics are read per server")
				}
				return newArgv(c, "server-analytics", "get").value("server").output().done()
			},
		},
		{
			Name:  "dcm-list-server-products",
			Flags: append(regionFlags("p"), formatFlags(true)...),
			New:   "server-product list [--region-id REGION]",
			translate: func(c *Call) ([]string, error) {
				return newArgv(c, "server-product", "list").region().output().done()
			},
		},
		{
			Name:  "dcm-list-storage-objects",
			Flags: append([]Flag{required(valueFlag("regionid", "r", helpRegionID))}, formatFlags(true)...),
			New:   "storage-object list --region-id REGION",
			translate: func(c *Call) ([]string, error) {
				return newArgv(c, "storage-object", "list").flag("regionid", "--region-id").output().done()
			},
		},
		{
			Name:  "dcm-list-subscriptions",
			Flags: append([]Flag{valueFlag("region", "r", helpRegionID)}, formatFlags(true)...),
			New:   "subscription list | subscription get REGION",
			translate: func(c *Call) ([]string, error) {
				if c.Has("region") {
					return newArgv(c, "subscription", "get").value("region").output().done()
				}
				return newArgv(c, "subscription", "list").output().done()
			},
		},
		{
			Name:  "dcm-list-users",
			Flags: append([]Flag{valueFlag("accountid", "i", helpAccountID), valueFlag("regionid", "r", helpRegionID)}, formatFlags(true)...),
			New:   "user list [--query 'map(select(.account.accountId == ID))']",
			Note:  "--accountid filters on the user's account; --regionid is accepted and ignored, as users belong to no region.",
			translate: func(c *Call) ([]string, error) {
				return newArgv(c, "user", "list").where("accountid", idEquals(".account.accountId")).output().done()
			},
		},
	}
	return append(tools, serverListTools()...)
}

// cmListTool lists one kind of configuration-management item of a CM
// account (--cm/-c).
func cmListTool(name, resource string) *Tool {
	return &Tool{
		Name:  name,
		Flags: append([]Flag{valueFlag("cm", "c", "configuration-management account id")}, formatFlags(true)...),
		New:   resource + " list --cm-account-id CM",
		translate: func(c *Call) ([]string, error) {
			return newArgv(c, resource, "list").flag("cm", "--cm-account-id").output().done()
		},
	}
}
