package compat

import (
	"net/url"
	"slices"
	"strings"

	"github.com/mixcoatl/mixcoatl/cli/compat/py2"
)

// listAPIVersions is dcm-list-api-versions: the configured version
// (--active), the server's current one (--latest) or every supported one,
// newest first (the default); one per line, or format_dict of the list
// for --json and --xml (--csv is one per line too).
func listAPIVersions(r *run) error {
	if err := r.exclusive("active", "latest", "supported"); err != nil {
		return err
	}
	var versions []string
	if r.c.Bool("active") {
		versions = []string{r.env.Client.Config().APIVersion}
	} else {
		v, err := r.env.Client.APIVersions(r.ctx)
		if err != nil {
			return err
		}
		if r.c.Bool("latest") {
			versions = []string{v.Current}
		} else {
			versions = append(versions, v.Supported...)
			slices.Sort(versions)
			slices.Reverse(versions)
		}
	}
	if r.format == "json" || r.format == "xml" {
		list := make([]any, len(versions))
		for i, v := range versions {
			list[i] = v
		}
		s, err := formatDict(list, r.format)
		if err != nil {
			return err
		}
		return r.println(s)
	}
	for _, v := range versions {
		if err := r.println(v); err != nil {
			return err
		}
	}
	return nil
}

// listDataCenters is dcm-list-datacenters: the data centres of --regionid,
// else of the region --regionpid names; the help without either.
func listDataCenters(r *run) error {
	if !r.c.Has("regionid") && !r.c.Has("regionpid") {
		return r.help()
	}
	q, err := r.regionQuery("regionid", "regionpid")
	if err != nil {
		return err
	}
	items, err := r.list("geography/DataCenter", q)
	if err != nil {
		return err
	}
	return r.show(items, func() error {
		return r.println(table(items, nil, a("Datacenter ID", "data_center_id"), a("Provider ID", "provider_id"),
			a("Description", "description"), a("Status", "status")))
	})
}

// listFirewallRules is dcm-list-firewall-rules --firewall.
func listFirewallRules(r *run) error {
	if !r.c.Has("firewall") {
		return r.help()
	}
	items, err := r.list("network/FirewallRule", url.Values{"firewallId": {r.c.Value("firewall")}})
	if err != nil {
		return err
	}
	return r.show(items, func() error {
		return r.println(table(items, nil, a("Firewall Rule ID", "firewall_rule_id"), a("Source", "source"),
			a("Source Type", "source_type"), a("Destination", "destination"), a("Destination Type", "destination_type"),
			a("Protocol", "protocol"), a("Direction", "direction"), a("Start Port", "start_port"),
			a("End Port", "end_port"), a("Permission", "permission"), a("Precedence", "precedence")))
	})
}

func groupColumns() []col {
	return []col{a("Group ID", "group_id"), a("Group Name", "name"), a("Description", "description"), a("Status", "status")}
}

// listGroups is dcm-list-groups. With --userid (a VM login id) or --email
// the old tool handed a user where it expected a list and failed; here it
// prints that user's groups (the groups of the user's groups member) the
// way it prints groups, and exits 1 when no user matches.
func listGroups(r *run) error {
	groups, err := r.list("admin/Group", nil)
	if err != nil {
		return err
	}
	if key, member := userSelector(r.c); key != "" {
		users, err := r.list("admin/User", nil)
		if err != nil {
			return err
		}
		matched := ownedByValue(users, member, r.c.Value(key))
		if matched == nil {
			return &ExitError{Code: 1, Msg: "no user with " + member + " " + r.c.Value(key)}
		}
		mine, _ := attr(matched, "groups").([]any)
		groups = keep(groups, func(g *py2.Dict) bool {
			for _, m := range mine {
				if md, ok := m.(*py2.Dict); ok && py2.Compare(attr(md, "group_id"), attr(g, "group_id")) == 0 {
					return true
				}
			}
			return false
		})
	}
	return r.show(groups, func() error { return r.println(table(groups, nil, groupColumns()...)) })
}

// userSelector is the flag that picks a user (--userid, a VM login id,
// before --email) and the user member it matches.
func userSelector(c *Call) (flag, member string) {
	switch {
	case c.Has("userid"):
		return "userid", "vm_login_id"
	case c.Has("email"):
		return "email", "email"
	}
	return "", ""
}

// ownedByValue is get_user: the last user whose member equals value.
func ownedByValue(users []*py2.Dict, member, value string) *py2.Dict {
	var found *py2.Dict
	for _, u := range users {
		if v, ok := attr(u, member).(string); ok && v == value {
			found = u
		}
	}
	return found
}

// listJobs is dcm-list-jobs; --job-id narrows the table (only) to the
// first job of that id.
func listJobs(r *run) error {
	// --job-id shared the formats' mutually exclusive group.
	if err := r.exclusive("job-id", "json", "xml", "csv"); err != nil {
		return err
	}
	items, err := r.list("admin/Job", nil)
	if err != nil {
		return err
	}
	return r.show(items, func() error {
		rows := items
		if r.c.Has("job-id") {
			rows = nil
			for _, it := range items {
				if py2.Str(attr(it, "job_id")) == r.c.Value("job-id") {
					rows = []*py2.Dict{it}
					break
				}
			}
		}
		return r.println(table(rows, nil, a("ID", "job_id"), a("Description", "description"), a("Status", "status"),
			a("Start Date", "start_date"), a("End Date", "end_date"), a("Message", "message")))
	})
}

// listMachineImages is dcm-list-machine-images: one image (--image), or
// the images of a region with registered=True or False (a Python bool, as
// requests wrote it). Its Agent column tested the list rather than the
// image, so it is always None.
func listMachineImages(r *run) error {
	if err := r.exclusive("image", "regionid", "regionpid"); err != nil {
		return err
	}
	var items []*py2.Dict
	var err error
	if r.c.Has("image") {
		items, err = r.list("infrastructure/MachineImage/"+url.PathEscape(r.c.Value("image")), nil)
	} else {
		var q url.Values
		if q, err = r.regionQuery("regionid", "regionpid"); err != nil {
			return err
		}
		if q == nil {
			q = url.Values{}
		}
		q.Set("registered", py2.Repr(r.c.Bool("registered")))
		items, err = r.list("infrastructure/MachineImage", q)
	}
	if err != nil {
		return err
	}
	return r.show(items, func() error {
		return r.println(table(items, nil, a("ID", "machine_image_id"), a("Provider ID", "provider_id"), a("Name", "name"),
			a("OS", "platform"), a("Arch", "architecture"), col{"Agent", func(*py2.Dict) any { return nil }},
			a("Status", "status")))
	})
}

// listNetworks is dcm-list-networks: Network.all always asked for
// activeOnly=True, with --regionid before --accountid.
func listNetworks(r *run) error {
	if err := r.exclusive("accountid", "regionid"); err != nil {
		return err
	}
	q := url.Values{}
	switch {
	case r.c.Has("regionid"):
		q.Set("regionId", r.c.Value("regionid"))
	case r.c.Has("accountid"):
		q.Set("accountId", r.c.Value("accountid"))
	}
	q.Set("activeOnly", "True")
	items, err := r.list("network/Network", q)
	if err != nil {
		return err
	}
	return r.show(items, func() error {
		return r.println(table(items, nil, a("Network ID", "network_id"), s("Region ID", "region", "region_id"),
			a("Name", "name"), a("Provider ID", "provider_id"), a("Type", "network_type"),
			a("Network Address", "network_address")))
	})
}

// listRDBMSProducts is dcm-list-rdbms-products --region --engine.
func listRDBMSProducts(r *run) error {
	items, err := r.list("platform/RelationalDatabaseProduct",
		url.Values{"regionId": {r.c.Value("region")}, "engine": {r.c.Value("engine")}})
	if err != nil {
		return err
	}
	return r.show(items, func() error {
		return r.println(table(items, &tableOptions{alignInLoop: true}, a("Provider ID", "provider_id"), a("Name", "name"),
			a("Description", "description"), a("Architecture", "architecture"), a("Status", "status")))
	})
}

// listServerAnalytics is dcm-list-server-analytics --server. The old tool
// printed the Python list of the classes it made of the answer's objects,
// whatever format was asked (its formats were commented out); so does
// this one. It asked for every analytics, which the API refuses; this one
// asks for the server's.
func listServerAnalytics(r *run) error {
	if !r.c.Has("server") {
		return r.help()
	}
	items, err := r.list("analytics/ServerAnalytics/"+url.PathEscape(r.c.Value("server")), nil)
	if err != nil {
		return err
	}
	reprs := make([]string, len(items))
	for i := range items {
		reprs[i] = "<class 'mixcoatl.analytics.server_analytics.ServerAnalytics'>"
	}
	return r.println("[" + strings.Join(reprs, ", ") + "]")
}

// listServerProducts is dcm-list-server-products: the products of
// --regionid or of the region --regionpid names (exit 1 when none does).
func listServerProducts(r *run) error {
	if err := r.exclusive("regionid", "regionpid"); err != nil {
		return err
	}
	var q url.Values
	if r.c.Has("regionpid") {
		id, err := r.regionByProvider(r.c.Value("regionpid"))
		if err != nil {
			return err
		}
		if id == nil {
			if err := r.println("Provider region id: " + r.c.Value("regionpid") + " not found"); err != nil {
				return err
			}
			return &ExitError{Code: 1, Msg: "no region has provider id " + r.c.Value("regionpid")}
		}
		q = idQuery("regionId", id)
	} else if r.c.Has("regionid") {
		q = url.Values{"regionId": {r.c.Value("regionid")}}
	}
	items, err := r.list("infrastructure/ServerProduct", q)
	if err != nil {
		return err
	}
	return r.show(items, func() error {
		return r.println(table(items, nil, a("Server Product ID", "product_id"), a("Provider Region ID", "provider_region_id"),
			a("Provider Product ID", "provider_product_id"), a("Name", "name"), a("Arch", "architecture"),
			a("Platform", "platform"), a("Currency", "currency"), a("Hourly Rate", "hourly_rate")))
	})
}

// listStorageObjects is dcm-list-storage-objects --regionid. Its table
// kept the columns of dcm-list-cm and failed on the first object (a name
// it never defined); here the cells come from the members of those names,
// and Type is None.
func listStorageObjects(r *run) error {
	items, err := r.list("platform/StorageObject", url.Values{"regionId": {r.c.Value("regionid")}})
	if err != nil {
		return err
	}
	return r.show(items, func() error {
		return r.println(table(items, nil, a("ID", "cm_service_id"), col{"Type", func(*py2.Dict) any { return nil }},
			s("Customer", "customer", "customer_id"), a("Name", "name"), a("Endpoint", "service_endpoint"),
			a("Status", "status")))
	})
}

// listSubscriptions is dcm-list-subscriptions: one region's (--region) or
// all.
func listSubscriptions(r *run) error {
	path := "geography/Subscription"
	if r.c.Has("region") {
		path += "/" + url.PathEscape(r.c.Value("region"))
	}
	items, err := r.list(path, nil)
	if err != nil {
		return err
	}
	return r.show(items, func() error {
		return r.println(table(items, nil, a("Region ID", "region_id"), a("Email", "subscribed_email"),
			a("Firewall", "subscribed_firewall"), a("Load Balancers", "subscribed_load_balancer"),
			a("Machine Image", "subscribed_machine_image"), a("Network", "subscribed_network"),
			a("RDBMS", "subscribed_rdbms"), a("Server", "subscribed_server"), a("Snapshot", "subscribed_snapshot"),
			a("Static IP", "subscribed_static_ip"), a("Volume", "subscribed_volume")))
	})
}
