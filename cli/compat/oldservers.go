package compat

import (
	"regexp"
	"strings"
	"sync"
	"time"

	"github.com/mixcoatl/mixcoatl/cli/compat/py2"
)

// listServers is dcm-list-servers: the servers of --region (all without
// it), filtered by the first given of --userid (the owner's VM login id),
// --email, --groupid, --groupname, --budgetid and --budgetname; a name
// that matches no group or billing code filters nothing, as before. -e
// took a value and was never used. The table has more columns with -v;
// an empty table is "No results found.".
func listServers(r *run) error {
	ints, err := r.checked([][]string{{"userid", "email"}, {"groupid", "groupname"}, {"budgetid", "budgetname"}}, "groupid", "budgetid")
	if err != nil {
		return err
	}
	groupID, budgetID := ints["groupid"], ints["budgetid"]
	items, err := r.list("infrastructure/Server", idQuery("regionId", valueOrNil(r.c, "region")))
	if err != nil {
		return err
	}
	switch {
	case r.c.Has("userid"):
		items = ownedBy(items, "vm_login_id", r.c.Value("userid"))
	case r.c.Has("email"):
		items = ownedBy(items, "email", r.c.Value("email"))
	case groupID != nil:
		items = inGroup(items, groupID)
	case r.c.Has("groupname"):
		if items, err = r.byGroupName(items); err != nil {
			return err
		}
	case budgetID != nil:
		items = inBudget(items, budgetID)
	case r.c.Has("budgetname"):
		if items, err = r.byBudgetName(items); err != nil {
			return err
		}
	}
	return r.show(items, func() error {
		if len(items) == 0 {
			return r.println("No results found.")
		}
		if r.c.Bool("verbose") {
			return r.serversVerbose(items)
		}
		return r.println(table(items, nil, serverColumns(a("Start Date", "start_date"))...))
	})
}

// valueOrNil is a value flag as a Python value: None when absent.
func valueOrNil(c *Call, key string) any {
	if !c.Has(key) {
		return nil
	}
	return c.Value(key)
}

// byGroupName filters by the group named --groupname, if one is.
func (r *run) byGroupName(items []*py2.Dict) ([]*py2.Dict, error) {
	id, err := r.findID("admin/Group", "name", r.c.Value("groupname"), "group_id")
	if err != nil || id == nil {
		return items, err
	}
	return inGroup(items, id), nil
}

// byBudgetName filters by the billing code named --budgetname, if one is.
func (r *run) byBudgetName(items []*py2.Dict) ([]*py2.Dict, error) {
	id, err := r.findID("admin/BillingCode", "name", r.c.Value("budgetname"), "billing_code_id")
	if err != nil || id == nil {
		return items, err
	}
	return inBudget(items, id), nil
}

// serverColumns are the first ten columns of the server tables, the last
// being start.
func serverColumns(start col) []col {
	return []col{a("Server ID", "server_id"), s("Region", "region", "region_id"), a("Provider ID", "provider_id"),
		a("Server Name", "name"), col{"Public IP", publicIP}, a("Platform", "platform"), a("Budget", "budget"),
		a("Product", "provider_product_id"), a("Status", "status"), start}
}

// publicIP is the public address, else the addresses joined by commas.
func publicIP(d *py2.Dict) any {
	if has(d, "public_ip_address") {
		return attr(d, "public_ip_address")
	}
	if list, ok := attr(d, "public_ip_addresses").([]any); ok {
		return joinStr(list, ",")
	}
	return nil
}

func joinStr(list []any, sep string) string {
	parts := make([]string, len(list))
	for i, v := range list {
		parts[i] = py2.Str(v)
	}
	return strings.Join(parts, sep)
}

// serversVerbose is the -v table: the start date without its fraction, the
// owner's email, the data centre, the agent (none for version 0), the
// owning groups and the machine image's name, looked up in the images of
// each server's region and in the users.
func (r *run) serversVerbose(items []*py2.Dict) error {
	images := map[string]map[string]any{}
	for _, it := range items {
		region := sub(it, "region", "region_id")
		key := py2.Str(region)
		if region == nil || images[key] != nil {
			continue
		}
		list, err := r.list("infrastructure/MachineImage", idQuery("regionId", region))
		if err != nil {
			return err
		}
		names := map[string]any{}
		for _, m := range list {
			if !has(m, "machine_image_id") || !has(m, "name") {
				break
			}
			names[py2.Str(attr(m, "machine_image_id"))] = attr(m, "name")
		}
		images[key] = names
	}
	users, err := r.list("admin/User", nil)
	if err != nil {
		return err
	}
	emails := map[string]any{}
	for _, u := range users {
		if has(u, "email") {
			emails[py2.Str(attr(u, "user_id"))] = attr(u, "email")
		}
	}
	cols := serverColumns(col{"Start Date", func(d *py2.Dict) any {
		if s, ok := attr(d, "start_date").(string); ok {
			return strings.Split(s, ".")[0]
		}
		return nil
	}})
	cols = append(cols,
		col{"User", func(d *py2.Dict) any { return lookup(emails, sub(d, "owning_user", "user_id")) }},
		a("Arch", "architecture"),
		s("Data Center", "data_center", "data_center_id"),
		col{"Agent", func(d *py2.Dict) any {
			if v := attr(d, "agent_version"); v != nil && !equalNumber(v, py2.Int("0")) {
				return v
			}
			return nil
		}},
		col{"Groups", func(d *py2.Dict) any {
			groups, ok := attr(d, "owning_groups").([]any)
			if !ok {
				return nil
			}
			ids := make([]any, len(groups))
			for i, g := range groups {
				gd, _ := g.(*py2.Dict)
				ids[i] = attr(gd, "group_id")
			}
			return joinStr(ids, ",")
		}},
		col{"Machine Image", func(d *py2.Dict) any {
			names := images[py2.Str(sub(d, "region", "region_id"))]
			return lookup(names, sub(d, "machine_image", "machine_image_id"))
		}})
	return r.println(table(items, nil, cols...))
}

// lookup is table[str(key)], None when absent.
func lookup(table map[string]any, key any) any {
	if key == nil || table == nil {
		return nil
	}
	return table[py2.Str(key)]
}

// listSnapshots is dcm-list-snapshots: by region (--regionid, or the
// region --regionpid names; all snapshots when it names none), then
// --groupid and --budgetid, --groupname and --budgetname. The Budget
// column is the billing code's name, read once per code.
func listSnapshots(r *run) error {
	ints, err := r.checked([][]string{{"regionid", "regionpid"}, {"groupid", "groupname"}, {"budgetid", "budgetname"}}, "groupid", "budgetid")
	if err != nil {
		return err
	}
	items, err := r.regionList("infrastructure/Snapshot")
	if err != nil {
		return err
	}
	items = byOwners(items, ints)
	if r.c.Has("groupname") {
		if items, err = r.byGroupName(items); err != nil {
			return err
		}
	}
	if r.c.Has("budgetname") {
		if items, err = r.byBudgetName(items); err != nil {
			return err
		}
	}
	return r.show(items, func() error {
		names := map[string]any{}
		for _, it := range items {
			budget := attr(it, "budget")
			if _, seen := names[py2.Str(budget)]; seen || budget == nil {
				continue
			}
			code, err := r.one("admin/BillingCode", py2.Str(budget))
			if err != nil {
				return err
			}
			names[py2.Str(budget)] = attr(code, "name")
		}
		return r.println(table(items, nil, a("Snapshot ID", "snapshot_id"), a("Provider ID", "provider_id"),
			a("Snapshot Name", "name"),
			col{"Group", func(d *py2.Dict) any {
				groups, _ := attr(d, "owning_groups").([]any)
				if len(groups) == 0 {
					return nil
				}
				first, _ := groups[0].(*py2.Dict)
				return attr(first, "name")
			}},
			col{"Budget", func(d *py2.Dict) any { return lookup(names, attr(d, "budget")) }},
			a("Date", "created_timestamp")))
	})
}

// listVolumes is dcm-list-volumes: by region, then --userid (the owner's
// VM login id), --email, --groupid, --budgetid and --minsize in turn.
// --nonattached was never applied, and is not.
func listVolumes(r *run) error {
	ints, err := r.checked([][]string{{"regionid", "regionpid"}, {"userid", "email"}}, "groupid", "budgetid", "minsize")
	if err != nil {
		return err
	}
	items, err := r.regionList("infrastructure/Volume")
	if err != nil {
		return err
	}
	if r.c.Has("userid") {
		items = ownedBy(items, "vm_login_id", r.c.Value("userid"))
	}
	if r.c.Has("email") {
		items = ownedBy(items, "email", r.c.Value("email"))
	}
	items = byOwners(items, ints)
	if minSize := ints["minsize"]; minSize != nil {
		items = keep(items, func(d *py2.Dict) bool {
			size := attr(d, "size_in_gb")
			return equalNumber(size, size) && py2.Compare(size, minSize) >= 0
		})
	}
	return r.show(items, func() error {
		return r.println(table(items, nil, a("Volume ID", "volume_id"), a("Provider ID", "provider_id"),
			s("Zone", "data_center", "data_center_id"), a("Name", "name"),
			col{"Server", func(d *py2.Dict) any {
				if server, ok := attr(d, "server").(*py2.Dict); ok && has(server, "server_id") {
					return attr(server, "server_id")
				}
				return "Not Mounted"
			}},
			a("Size", "size_string"), s("Owning User", "owning_account", "account_id"), a("Budget", "budget"),
			a("Status", "status")))
	})
}

// listServerTerminate is dcm-list-server-terminate: with --all every
// server, with --serverid one, and each server's hours until its
// scheduled termination (Never without one); the help without either.
func listServerTerminate(r *run) error {
	if !r.c.Bool("all") && !r.c.Has("serverid") {
		return r.help()
	}
	var servers []*py2.Dict
	if r.c.Has("serverid") {
		one, err := r.one("infrastructure/Server", r.c.Value("serverid"))
		if err != nil {
			return err
		}
		if one == nil {
			return &ExitError{Code: 1, Msg: "no server " + r.c.Value("serverid")}
		}
		servers = []*py2.Dict{one}
	} else {
		var err error
		if servers, err = r.list("infrastructure/Server", nil); err != nil {
			return err
		}
	}
	now := r.env.Now().UTC().Truncate(time.Microsecond)
	return r.println(table(servers, nil, a("ID", "server_id"), s("Cloud", "cloud", "cloud_id"),
		s("Region", "region", "region_id"), a("Provider ID", "provider_id"), a("Server Name", "name"),
		col{"Owner", func(d *py2.Dict) any {
			if owner, ok := attr(d, "owning_user").(*py2.Dict); ok && has(owner, "user_id") {
				return attr(owner, "user_id")
			}
			return "Not Found"
		}},
		a("Status", "status"),
		col{"Termination", func(d *py2.Dict) any { return hoursLeft(attr(d, "terminate_after"), now) }}))
}

// oldTimestamp is what strptime('%Y-%m-%dT%H:%M:%S.%f') read of the text
// before a "+".
// It is compiled on first use, not at package init (every command would
// pay for it).
var oldTimestamp = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{1,6}$`)
})

// hoursLeft is the Termination cell: "N.NN hours" from now (round(h, 2)
// printed by str()), Never without a date. A date strptime could not read
// (the old tool failed there) is shown as it is.
func hoursLeft(v any, now time.Time) any {
	text, ok := v.(string)
	if !ok {
		return "Never"
	}
	local, _, _ := strings.Cut(text, "+")
	t, err := time.Parse("2006-01-02T15:04:05", local)
	if !oldTimestamp().MatchString(local) || err != nil {
		return text
	}
	micros := t.Sub(now).Microseconds()
	hours := float64(micros) / 1e6 / 60 / 60
	return py2.FloatStr(py2.Round(hours, 2)) + " hours"
}
