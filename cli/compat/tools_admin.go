package compat

import (
	"encoding/json"
	"strconv"
)

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
			translate: func(c *Call) ([]string, error) {
				return newArgv(c, "group", "add-group").flag("name", "--name").flag("description", "--description").output().done()
			},
		},
		{
			Name:  "dcm-update-group",
			Flags: []Flag{required(valueFlag("group_id", "g", "group id")), valueFlag("name", "n", "new name"), valueFlag("description", "d", "new description")},
			New:   "group describe-group GROUP [--name N] [--description D]",
			translate: func(c *Call) ([]string, error) {
				return newArgv(c, "group", "describe-group").value("group_id").flag("name", "--name").flag("description", "--description").done()
			},
		},
		{
			Name: "dcm-delete-group",
			Args: []string{"groupid"},
			New:  "group delete GROUP",
			translate: func(c *Call) ([]string, error) {
				return newArgv(c, "group", "delete").arg(0).add("--yes").done()
			},
		},
		{
			Name: "dcm-set-role",
			Flags: []Flag{
				required(valueFlag("group_id", "g", "group id")),
				required(valueFlag("role_id", "r", "role id")),
				required(valueFlag("account_id", "a", "account id")),
			},
			New: "group set-role GROUP --role R --account A",
			translate: func(c *Call) ([]string, error) {
				return newArgv(c, "group", "set-role").value("group_id").flag("role_id", "--role").flag("account_id", "--account").done()
			},
		},
		{
			Name: "dcm-create-role",
			Flags: []Flag{
				required(valueFlag("name", "n", "name")),
				required(valueFlag("description", "d", "description")),
				boolFlag("verbose", "v", helpVerbose),
			},
			New: "role add-role --name N --description D",
			translate: func(c *Call) ([]string, error) {
				return newArgv(c, "role", "add-role").flag("name", "--name").flag("description", "--description").output().done()
			},
		},
		{
			Name: "dcm-set-acl",
			Flags: []Flag{
				valueFlag("role_id", "r", "role id"),
				valueFlag("action", "a", "action (Attach, Configure, …)"),
				valueFlag("resource", "R", "resource type (VOLUME, SERVER, …)"),
				valueFlag("qualifier", "q", "qualifier (ANY, GROUP, MINE, …)"),
				{Short: "i", Help: "read the ACL from standard input (not supported)", Bool: true},
				valueFlag("url", "u", "read the ACL from a URL (not supported)"),
			},
			New:  "role grant ROLE --acl '[{\"resourceType\":…,\"action\":…,\"qualifier\":…}]'",
			Note: "-i and --url (ACL documents from stdin or a URL) are not supported: pass one entry with --role_id, --resource, --action and --qualifier.",
			translate: func(c *Call) ([]string, error) {
				if c.Bool("i") || c.Has("url") {
					return nil, &UnsupportedError{Tool: c.Tool.Name, Reason: "-i and --url read ACL documents whose format is not known; give --role_id, --resource, --action and --qualifier instead"}
				}
				for _, k := range []string{"role_id", "action", "resource", "qualifier"} {
					if !c.Has(k) {
						return nil, usagef(c.Tool, "--role_id, --resource, --action and --qualifier are all needed")
					}
				}
				return newArgv(c, "role", "grant").value("role_id").
					add("--acl", aclJSON(c.Value("resource"), c.Value("action"), c.Value("qualifier"))).done()
			},
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
				boolFlag("verbose", "v", helpVerbose),
				boolFlag("json", "j", "print JSON"),
			},
			New: "user add-user --account A --given-name G --family-name F --email E --groups G --billing-codes B …",
			translate: func(c *Call) ([]string, error) {
				return newArgv(c, "user", "add-user").flag("account", "--account").flag("given_name", "--given-name").
					flag("family_name", "--family-name").flag("email", "--email").flag("groups", "--groups").
					flag("billing_codes", "--billing-codes").flag("password", "--password").output().done()
			},
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
			translate: func(c *Call) ([]string, error) {
				return newArgv(c, "billing-code", "add-billing-code").flag("name", "--name").flag("code", "--finance-code").
					flag("soft", "--soft-quota").flag("hard", "--hard-quota").flag("description", "--description").done()
			},
		},
		{
			Name: "dcm-delete-billing-code",
			Flags: []Flag{
				required(valueFlag("billingcodeid", "b", "billing code id")),
				required(valueFlag("reason", "r", "reason")),
				required(valueFlag("replacementcodeid", "R", "billing code that takes over")),
			},
			New: "billing-code delete CODE --reason TEXT --replacement-code CODE",
			translate: func(c *Call) ([]string, error) {
				return newArgv(c, "billing-code", "delete").value("billingcodeid").flag("reason", "--reason").
					flag("replacementcodeid", "--replacement-code").add("--yes").done()
			},
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
			translate: func(c *Call) ([]string, error) {
				return newArgv(c, "account", "add-account").flag("account_name", "--name").
					add("--cloud-subscription", cloudSubscription(c, "cloud_id", "account_number", "api_key", "api_secret")).
					flag("customer", "--customer").done()
			},
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
			translate: func(c *Call) ([]string, error) {
				return newArgv(c, "account", "assign-cloud").value("accountid").
					add("--cloud-subscription", cloudSubscription(c, "cloudid", "accountnumber", "accesskey", "secretkey")).done()
			},
		},
		{
			Name: "dcm-create-cm",
			Flags: []Flag{
				valueFlag("budget", "b", "billing code id"),
				valueFlag("endpoint", "e", "service endpoint URL"),
				valueFlag("accesskey", "a", "CM access key (not supported)"),
				valueFlag("secretkey", "s", "CM secret key (not supported)"),
				valueFlag("accountnumber", "c", "CM account number (not supported)"),
				valueFlag("description", "d", "description"),
				valueFlag("name", "n", "name"),
				valueFlag("system", "k", "CM system id (1 Chef, 2 Puppet, 3 object store)"),
				boolFlag("verbose", "v", helpVerbose),
				boolFlag("json", "j", "print JSON"),
			},
			New:  "configuration-management-service add-service --name N --description D --service-endpoint URL --budget B --cm-system S",
			Note: "--accesskey, --secretkey and --accountnumber belong to the CM account form, whose API call is unknown; they are refused.",
			translate: func(c *Call) ([]string, error) {
				for _, k := range []string{"accesskey", "secretkey", "accountnumber"} {
					if c.Has(k) {
						return nil, &UnsupportedError{Tool: c.Tool.Name, Reason: "--" + k + " belongs to a configuration-management account, which the API offers no known way to create"}
					}
				}
				return newArgv(c, "configuration-management-service", "add-service").flag("name", "--name").
					flag("description", "--description").flag("endpoint", "--service-endpoint").flag("budget", "--budget").
					flag("system", "--cm-system").output().done()
			},
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

// cloudSubscription is the cloudSubscription object of addAccount and
// assignCloud, from the old tools' separate flags.
func cloudSubscription(c *Call, cloud, number, key, secret string) string {
	var cloudID any = c.Value(cloud)
	if _, err := strconv.ParseInt(c.Value(cloud), 10, 64); err == nil {
		cloudID = json.Number(c.Value(cloud))
	}
	b, _ := json.Marshal(map[string]any{ // strings and valid numbers always marshal
		"cloudId":       cloudID,
		"accountNumber": c.Value(number),
		"apiKeyId":      c.Value(key),
		"apiKeySecret":  c.Value(secret),
	})
	return string(b)
}
