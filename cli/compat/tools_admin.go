package compat

// adminTools are the account, group, role, user, billing-code and
// configuration-management writes, and the unsupported dcm-api-tests.
func adminTools() []*Tool {
	return []*Tool{
		{
			Name: "dcm-create-group",
			Flags: []Flag{
				required(valueFlag("name", "n", "name")),
				required(valueFlag("description", "d", "description")),
				boolFlag("verbose", "v", helpVerbose),
			},
			New: "group add-group --name N --description D",
		},
		{
			Name:  "dcm-update-group",
			Flags: []Flag{required(valueFlag("group_id", "g", "group id")), valueFlag("name", "n", "new name"), valueFlag("description", "d", "new description")},
			New:   "group describe-group GROUP [--name N] [--description D]",
		},
		{
			Name: "dcm-delete-group",
			Args: []string{"groupid"},
			New:  "group delete GROUP",
		},
		{
			Name: "dcm-set-role",
			Flags: []Flag{
				required(valueFlag("group_id", "g", "group id")),
				required(valueFlag("role_id", "r", "role id")),
				required(valueFlag("account_id", "a", "account id")),
			},
			New: "group set-role GROUP --role R --account A",
		},
		{
			Name: "dcm-create-role",
			Flags: []Flag{
				required(valueFlag("name", "n", "name")),
				required(valueFlag("description", "d", "description")),
				boolFlag("verbose", "v", helpVerbose),
			},
			New: "role add-role --name N --description D",
		},
		{
			Name: "dcm-set-acl",
			Flags: []Flag{
				valueFlag("role_id", "r", "role id"),
				valueFlag("action", "a", "action (Attach, Configure, …)"),
				valueFlag("resource", "R", "resource type (VOLUME, SERVER, …)"),
				valueFlag("qualifier", "q", "qualifier (ANY, GROUP, MINE, …)"),
				{Short: "i", Help: "read the ACL entries from this JSON file ({\"access\": [...]})"},
				valueFlag("url", "u", "read the ACL from a URL (not supported)"),
			},
			New:  "role grant ROLE --acl '[{\"resourceType\":…,\"action\":…,\"qualifier\":…}]'",
			Note: "--url is not supported: save the document and pass -i FILE.",
		},
		{
			Name: "dcm-create-user",
			Flags: []Flag{
				valueFlag("account", "a", "account id"),
				valueFlag("given_name", "f", "given name"),
				valueFlag("family_name", "l", "family name"),
				valueFlag("email", "e", "email"),
				valueFlag("groups", "g", "group id(s), comma-separated"),
				valueFlag("billing_codes", "b", "billing code id(s), comma-separated"),
				valueFlag("password", "p", "password (prefer to set it later: argv is visible to other users)"),
				boolFlag("verbose", "v", "accepted; not applied, as before"),
				valueFlag("json", "j", "JSON file of users to create (keys account_id, given_name, family_name, email_address, billing_code_id, group_id, password, ssh_key)"),
			},
			New: "user add-user --account A --given-name G --family-name F --email E --groups G --billing-codes B …",
		},
		{
			Name: "dcm-create-billing-code",
			Flags: []Flag{
				required(valueFlag("name", "n", "name")),
				required(valueFlag("code", "c", "finance code")),
				required(valueFlag("soft", "", "soft quota")),
				required(valueFlag("hard", "", "hard quota")),
				required(valueFlag("description", "d", "description")),
			},
			New: "billing-code add-billing-code --name N --finance-code C --soft-quota S --hard-quota H --description D",
		},
		{
			Name: "dcm-delete-billing-code",
			Flags: []Flag{
				required(valueFlag("billingcodeid", "b", "billing code id")),
				required(valueFlag("reason", "r", "reason")),
				required(valueFlag("replacementcodeid", "R", "billing code that takes over")),
			},
			New: "billing-code delete CODE --reason TEXT --replacement-code CODE",
		},
		{
			Name: "dcm-create-account",
			Flags: []Flag{
				required(valueFlag("account_name", "a", "account name")),
				required(valueFlag("cloud_id", "c", "cloud id")),
				valueFlag("customer", "C", "customer id"),
				required(valueFlag("account_number", "n", "cloud account number")),
				required(valueFlag("api_key", "k", "cloud API key")),
				required(valueFlag("api_secret", "s", "cloud API secret")),
				valueFlag("group_id", "g", "group id"),
				valueFlag("role_id", "r", "role id"),
				valueFlag("budget_codes", "b", "billing code ids, comma-separated"),
			},
			New: "account add-account --name N --cloud-subscription JSON [--customer C]",
		},
		{
			Name: "dcm-assign-cloud",
			Flags: []Flag{
				required(valueFlag("cloudid", "c", "cloud id")),
				required(valueFlag("accountid", "i", "account id")),
				required(valueFlag("accountnumber", "n", "cloud account number")),
				required(valueFlag("accesskey", "a", "cloud access key")),
				required(valueFlag("secretkey", "s", "cloud secret key")),
			},
			New: "account assign-cloud ACCOUNT --cloud-subscription JSON",
		},
		{
			Name: "dcm-create-cm",
			Flags: []Flag{
				valueFlag("budget", "b", "billing code id"),
				valueFlag("endpoint", "e", "service endpoint URL"),
				valueFlag("accesskey", "a", "CM access key (required without --json; not sent, as before)"),
				valueFlag("secretkey", "s", "CM secret key (required without --json; not sent, as before)"),
				valueFlag("accountnumber", "c", "CM account number (not sent, as before)"),
				valueFlag("description", "d", "description"),
				valueFlag("name", "n", "name"),
				valueFlag("system", "k", "CM system id (1 Chef, 2 Puppet, 3 object store)"),
				boolFlag("verbose", "v", "accepted; not applied, as before"),
				valueFlag("json", "j", "JSON file of services to create"),
			},
			New: "configuration-management-service add-service --name N --description D --service-endpoint URL --budget B --cm-system S",
		},
		{
			Name: "dcm-api-tests",
			Flags: []Flag{
				valueFlag("log", "l", ""), boolFlag("full", "f", ""), boolFlag("get", "", ""), boolFlag("post", "", ""),
				valueFlag("account", "a", ""), valueFlag("region", "r", ""), valueFlag("servers", "s", ""),
				valueFlag("product", "p", ""), valueFlag("datacenter", "d", ""), valueFlag("machineimage", "m", ""),
				valueFlag("network", "n", ""), valueFlag("cm_account_id", "cm", ""), valueFlag("cm_environment", "ce", ""),
				valueFlag("cm_personalities", "cp", ""), valueFlag("cm_scripts", "cs", ""), valueFlag("budget", "b", ""),
				boolFlag("noimaging", "ni", ""), boolFlag("nosnapshots", "ns", ""), boolFlag("novolumes", "nv", ""),
				valueFlag("vol_type", "vt", ""), boolFlag("wait", "w", ""),
			},
			Unsupported: "it ran a live create-and-destroy smoke test against a real account; " +
				"use `mixcoatl emulator` or `mixcoatl --local` to try commands safely",
		},
	}
}
