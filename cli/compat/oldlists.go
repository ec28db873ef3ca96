package compat

import (
	"fmt"
	"maps"
	"net/url"

	"github.com/mixcoatl/mixcoatl/cli/compat/py2"
)

// outputs are the tools that print the old formats, by name.
func outputs() map[string]func(*run) error {
	outs := readOutputs()
	maps.Copy(outs, infraWriteOutputs())
	maps.Copy(outs, adminWriteOutputs())
	maps.Copy(outs, rawWriteOutputs())
	maps.Copy(outs, rawReadOutputs())
	return outs
}

// readOutputs are the list and describe tools.
func readOutputs() map[string]func(*run) error {
	return map[string]func(*run) error{
		"dcm-list-accounts": listAll("admin/Account", nil,
			a("Account ID", "account_id"), a("Account Name", "name"), s("Customer", "customer", "customer_id"),
			a("Default Budget", "default_budget"), a("Status", "status")),
		"dcm-list-api-keys":      listAPIKeys,
		"dcm-list-api-versions":  listAPIVersions,
		"dcm-list-billing-codes": listBillingCodes,
		"dcm-list-clouds": listAll("geography/Cloud", &tableOptions{sortBy: "Cloud ID"},
			a("Cloud ID", "cloud_id"), a("Cloud Name", "name"), a("Delegate", "compute_delegate"),
			a("Endpoint", "compute_endpoint"), a("Status", "status")),
		"dcm-list-cm": listAll("automation/ConfigurationManagementService", nil,
			a("ID", "cm_service_id"), col{"Type", cmSystemName}, s("Customer", "customer", "customer_id"),
			a("Name", "name"), a("Endpoint", "service_endpoint"), a("Status", "status")),
		"dcm-list-cm-environments": listOfCM("automation/Environment",
			a("Environment ID", "environment_id"), a("Name", "name"), a("Description", "description"),
			a("Created", "created_timestamp"), a("Status", "status")),
		"dcm-list-cm-personalities": listOfCM("automation/Personality",
			a("Personality ID", "personality_id"), a("Name", "name"), a("Description", "description"),
			a("Created", "created_timestamp"), a("Status", "status")),
		"dcm-list-cm-scripts": listOfCM("automation/Script",
			a("Script Code", "shared_script_code"), a("Name", "name"), a("Description", "description"),
			a("Created", "created_timestamp"), a("Status", "status")),
		"dcm-list-cm-systems": listAll("automation/ConfigurationManagementSystem", nil,
			a("ID", "cm_system_id"), a("Name", "name"), a("Description", "description"), a("Type", "type"), a("Vendor", "vendor")),
		"dcm-list-customers": listAll("admin/Customer", &tableOptions{sortBy: "Customer ID"},
			a("Customer ID", "customer_id"), a("Name", "business_name"), a("Created", "created_timestamp"), a("Status", "status")),
		"dcm-list-datacenters":    listDataCenters,
		"dcm-list-firewall-rules": listFirewallRules,
		"dcm-list-firewalls": listFiltered("network/Firewall", []string{"regionid", "regionId", "accountid", "accountId"},
			a("Firewall ID", "firewall_id"), a("Name", "name"), s("Region", "region", "region_id"),
			a("Provider ID", "provider_id"), a("Status", "status")),
		"dcm-list-groups": listGroups,
		"dcm-list-jobs":   listJobs,
		"dcm-list-loadbalancers": listAll("network/LoadBalancer", nil,
			a("LB ID", "load_balancer_id"), a("Provider ID", "provider_id"), a("Budget", "budget"), a("Address", "address"),
			a("Name", "name"), a("Description", "description"), a("Status", "status")),
		"dcm-list-machine-images": listMachineImages,
		"dcm-list-networks":       listNetworks,
		"dcm-list-rdbms": listAll("platform/RelationalDatabase", &tableOptions{alignInLoop: true},
			a("RDBMS Product ID", "relational_database_id"), a("Name", "name"), col{"Provider Product ID", rdbmsProductID},
			a("Engine", "engine"), a("Budget Code", "budget"), a("Size", "allocated_storage_in_gb")),
		"dcm-list-rdbms-products": listRDBMSProducts,
		"dcm-list-regions": listAll("geography/Region", nil,
			a("Region ID", "region_id"), a("Provider ID", "provider_id"), s("Cloud", "cloud", "cloud_id"),
			a("Region Name", "name"), a("Description", "description"), a("Status", "status")),
		"dcm-list-role-assignments": listAll("admin/Group", nil,
			a("Group ID", "group_id"), a("Group Name", "name"), a("Description", "description"),
			col{"Roles Assigned", rolesAssigned}, a("Status", "status")),
		"dcm-list-roles": listAll("admin/Role", nil,
			a("Role ID", "role_id"), a("Role Name", "name"), a("Description", "description"), a("Status", "status")),
		"dcm-list-server-analytics": listServerAnalytics,
		"dcm-list-server-products":  listServerProducts,
		"dcm-list-server-terminate": listServerTerminate,
		"dcm-list-servers":          listServers,
		"dcm-list-snapshots":        listSnapshots,
		"dcm-list-storage-objects":  listStorageObjects,
		"dcm-list-subscriptions":    listSubscriptions,
		"dcm-list-users": listAll("admin/User", nil,
			a("User ID", "user_id"), a("VM Login ID", "vm_login_id"), a("Last Name", "family_name"),
			a("First Name", "given_name"), a("Email", "email"), a("Status", "status")),
		"dcm-list-volumes":           listVolumes,
		"dcm-describe-job":           describeJob,
		"dcm-describe-license":       describeLicense,
		"dcm-describe-machine-image": describeMachineImage,
		"dcm-describe-server":        describeServer,
	}
}

// col is one column of a tool's table: its header and its cell for an
// object.
type col struct {
	head string
	cell func(*py2.Dict) any
}

// a is a column of the object's member name.
func a(head, name string) col { return col{head, func(d *py2.Dict) any { return attr(d, name) }} }

// s is a column of r.name[key].
func s(head, name, key string) col {
	return col{head, func(d *py2.Dict) any { return sub(d, name, key) }}
}

type tableOptions struct {
	sortBy string // get_string(sortby=…)
	// alignInLoop: the tool set table.align = 'l' inside its loop over
	// the objects, so an empty table kept centred headers.
	alignInLoop bool
}

// table is the tool's PrettyTable of items, left-aligned, as printed.
func table(items []*py2.Dict, opts *tableOptions, cols ...col) string {
	heads := make([]string, len(cols))
	for i, c := range cols {
		heads[i] = c.head
	}
	t := py2.NewTable(heads...)
	for _, it := range items {
		row := make([]any, len(cols))
		for i, c := range cols {
			row[i] = c.cell(it)
		}
		t.AddRow(row...)
	}
	if opts == nil || !opts.alignInLoop || len(items) > 0 {
		t.AlignAll('l')
	}
	if opts != nil && opts.sortBy != "" {
		return t.SortedBy(opts.sortBy)
	}
	return t.String()
}

// listAll is the common tool: Resource.all() of path, then the formats or
// the table (printed even when empty).
func listAll(path string, opts *tableOptions, cols ...col) func(*run) error {
	return func(r *run) error {
		items, err := r.list(path, nil)
		if err != nil {
			return err
		}
		return r.show(items, func() error { return r.println(table(items, opts, cols...)) })
	}
}

// listFiltered is listAll with the first given of some value flags as a
// query parameter: pairs of flag key and parameter name, in the tool's
// order of precedence.
func listFiltered(path string, pairs []string, cols ...col) func(*run) error {
	return func(r *run) error {
		var q url.Values
		for i := 0; i+1 < len(pairs); i += 2 {
			if r.c.Has(pairs[i]) {
				q = url.Values{pairs[i+1]: {r.c.Value(pairs[i])}}
				break
			}
		}
		items, err := r.list(path, q)
		if err != nil {
			return err
		}
		return r.show(items, func() error { return r.println(table(items, nil, cols...)) })
	}
}

// listOfCM lists the items of the configuration-management account --cm;
// without it the tool printed its help and exited 1.
func listOfCM(path string, cols ...col) func(*run) error {
	return func(r *run) error {
		if !r.c.Has("cm") {
			return r.help()
		}
		items, err := r.list(path, url.Values{"cmAccountId": {r.c.Value("cm")}})
		if err != nil {
			return err
		}
		return r.show(items, func() error { return r.println(table(items, nil, cols...)) })
	}
}

// cmSystemName is dcm-list-cm's Type: the name of systems 1 to 3.
func cmSystemName(d *py2.Dict) any {
	names := map[string]string{"1": "Chef", "2": "Puppet", "3": "ObjectStore"}
	id := sub(d, "cm_system", "cm_system_id")
	if name, ok := names[py2.Str(id)]; ok {
		return name
	}
	return nil
}

// rdbmsProductID is dcm-list-rdbms's product: the text "None" unless the
// database names one.
func rdbmsProductID(d *py2.Dict) any {
	if p, ok := attr(d, "rdbms_product").(*py2.Dict); ok && has(p, "product_id") {
		return attr(p, "product_id")
	}
	return "None"
}

// rolesAssigned is dcm-list-role-assignments' cell: "ID - name" of each
// assignment, duplicates dropped through a Python set (so in the set's
// order), one per line.
func rolesAssigned(d *py2.Dict) any {
	list, _ := attr(d, "role_assignments").([]any)
	var roles []string
	for _, e := range list {
		ra, _ := e.(*py2.Dict)
		roles = append(roles, py2.Str(attr(ra, "role_id"))+" - "+py2.Str(attr(ra, "role_name")))
	}
	out := ""
	for _, role := range py2.SetOrder(roles) {
		out += role + "\n"
	}
	for len(out) > 0 && out[len(out)-1] == '\n' {
		out = out[:len(out)-1]
	}
	return out
}

// listAPIKeys is dcm-list-api-keys: one key (--key) or all.
func listAPIKeys(r *run) error {
	path := "admin/ApiKey"
	if r.c.Has("key") {
		path += "/" + url.PathEscape(r.c.Value("key"))
	}
	items, err := r.list(path, nil)
	if err != nil {
		return err
	}
	return r.show(items, func() error {
		return r.println(table(items, nil, a("State", "state"), s("Account", "account", "account_id"), a("Name", "name"),
			a("Description", "description"), a("Access Key", "access_key"),
			a("Is System Key?", "system_management_key"), a("Is Customer Key?", "customer_management_key")))
	})
}

// listBillingCodes is dcm-list-billing-codes: amounts as "CUR 0.00", a
// missing amount as " 0.00" (the tool's own fallback, applied here to the
// projected usage too, where it crashed).
func listBillingCodes(r *run) error {
	items, err := r.list("admin/BillingCode", nil)
	if err != nil {
		return err
	}
	money := func(name string) func(*py2.Dict) any {
		return func(d *py2.Dict) any {
			m, _ := attr(d, name).(*py2.Dict)
			return fmt.Sprintf("%s %.2f", py2.Str(orDefault(m, "currency", "")), amount(attr(m, "value")))
		}
	}
	return r.show(items, func() error {
		return r.println(table(items, nil, a("ID", "billing_code_id"), a("Name", "name"), a("Budget Code", "finance_code"),
			col{"Soft Quota", money("soft_quota")}, col{"Hard Quota", money("hard_quota")},
			col{"Current Usage", money("current_usage")}, col{"Projected Usage", money("projected_usage")},
			a("Status", "status")))
	})
}

// orDefault is m[key], or def when m is nil (the tool's stand-in dict) or
// lacks key.
func orDefault(m *py2.Dict, key string, def any) any {
	if m == nil || !has(m, key) {
		return def
	}
	return attr(m, key)
}

// amount is a money value for "%.2f": a number, 0 for anything else.
func amount(v any) float64 {
	switch x := v.(type) {
	case float64:
		return x
	case py2.Int:
		var f float64
		fmt.Sscan(string(x), &f)
		return f
	case bool:
		if x {
			return 1
		}
	}
	return 0
}
