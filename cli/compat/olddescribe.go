package compat

import (
	"github.com/mixcoatl/mixcoatl/cli/compat/py2"
	"github.com/mixcoatl/mixcoatl/dcm"
)

// The describe tools loaded one object (Resource.load) and printed a
// two-column table of chosen members, or with -v the object's pprint.

// fieldTable is the Field/Attribute table of the describe tools.
type fieldTable struct{ t *py2.Table }

func newFieldTable() *fieldTable { return &fieldTable{t: py2.NewTable("Field", "Attribute")} }

func (f *fieldTable) row(field string, v any) { f.t.AddRow(field, v) }

// load is the describe tools' load(): the object, or the tool's message
// and exit status 1 when there is none or the API refused the request
// (load() returned any error of the API, and the tools took it for a
// missing object).
func (r *run) load(path, notFound string) (*py2.Dict, error) {
	return r.loadID(path, r.c.Arg(0), notFound)
}

// loadID is load() of the object id at path.
func (r *run) loadID(path, id, notFound string) (*py2.Dict, error) {
	obj, err := r.one(path, id)
	if dcm.StatusCode(err) != 0 {
		obj, err = nil, nil
	}
	if err != nil {
		return nil, err
	}
	if obj == nil {
		if err := r.println(notFound); err != nil {
			return nil, err
		}
		return nil, &ExitError{Code: 1, Msg: notFound}
	}
	return obj, nil
}

// describeJob is dcm-describe-job JOBID; its table kept centred columns.
func describeJob(r *run) error {
	j, err := r.load("admin/Job", "Cannot find the Job by the ID.")
	if err != nil {
		return err
	}
	if r.c.Bool("verbose") {
		return r.println(pprintObject(j, jobProperties(), "admin/Job", r.c.Arg(0)))
	}
	f := newFieldTable()
	f.row("Job ID", attr(j, "job_id"))
	f.row("Description", attr(j, "description"))
	f.row("Start Date", attr(j, "start_date"))
	f.row("End Date", attr(j, "end_date"))
	f.row("Status", attr(j, "status"))
	f.row("Message", attr(j, "message"))
	return r.println(f.t.String())
}

// describeMachineImage is dcm-describe-machine-image ID: one Owning Group
// ID row per owning group.
func describeMachineImage(r *run) error {
	m, err := r.load("infrastructure/MachineImage", "Cannot find the machine image by the ID.")
	if err != nil {
		return err
	}
	if r.c.Bool("verbose") {
		return r.println(pprintObject(m, machineImageProperties(), "infrastructure/MachineImage", r.c.Arg(0)))
	}
	f := newFieldTable()
	f.row("Machine Image ID", attr(m, "machine_image_id"))
	f.row("Name", attr(m, "name"))
	f.row("Provider ID", attr(m, "provider_id"))
	f.row("Platform", attr(m, "platform"))
	f.row("Architecture", attr(m, "architecture"))
	f.row("Region ID", sub(m, "region", "region_id"))
	f.row("Budget ID", attr(m, "budget"))
	f.row("Owning User ID", sub(m, "owning_user", "user_id"))
	if groups, ok := attr(m, "owning_groups").([]any); ok {
		for _, g := range groups {
			gd, _ := g.(*py2.Dict)
			f.row("Owning Group ID", attr(gd, "group_id"))
		}
	} else {
		f.row("Owning Group ID", nil)
	}
	f.row("Description", attr(m, "description"))
	f.row("Agent Version", attr(m, "agent_version"))
	f.row("Status", attr(m, "status"))
	f.t.AlignAll('l')
	return r.println(f.t.String())
}

// describeServer is dcm-describe-server ID. Several of its rows tested a
// dict with hasattr(), which is never true of a dict's keys: Datacenter
// Name, Owning User Name and Email and Owning Group ID and Name are always
// None, and Machine Image Name is None unless the answer has a
// machineImageName member.
func describeServer(r *run) error {
	s, err := r.load("infrastructure/Server", "Cannot find the server by the ID.")
	if err != nil {
		return err
	}
	if r.c.Bool("verbose") {
		return r.println(pprintObject(s, serverProperties(), "infrastructure/Server", r.c.Arg(0)))
	}
	f := newFieldTable()
	f.row("Server ID", attr(s, "server_id"))
	f.row("Name", attr(s, "name"))
	f.row("Machine Image ID", sub(s, "machine_image", "machine_image_id"))
	var imageName any
	if has(s, "machine_image_name") {
		imageName = sub(s, "machine_image", "name")
	}
	f.row("Machine Image Name", imageName)
	f.row("Architecture", attr(s, "architecture"))
	f.row("Product Size", attr(s, "provider_product_id"))
	f.row("Public IP Address", publicIP(s))
	if ips, ok := attr(s, "private_ip_addresses").([]any); ok {
		for _, ip := range ips {
			f.row("Private IP Address", ip)
		}
	} else {
		f.row("Private IP Address", nil)
	}
	f.row("Datacenter ID", sub(s, "data_center", "data_center_id"))
	f.row("Datacenter Name", nil)
	f.row("Budget ID", attr(s, "budget"))
	if has(s, "owning_user") {
		f.row("Owning User ID", sub(s, "owning_user", "user_id"))
	} else {
		f.row("Owning User ID", nil)
	}
	f.row("Owning User Name", nil)
	f.row("Owning User Email", nil)
	f.row("Owning Group ID", nil)
	f.row("Owning Group Name", nil)
	f.row("Start Date", attr(s, "start_date"))
	f.row("Description", attr(s, "description"))
	f.row("Agent Version", attr(s, "agent_version"))
	f.row("Status", attr(s, "status"))
	f.t.AlignAll('l')
	return r.println(f.t.String())
}

// describeLicense is dcm-describe-license: five "Name: value" lines, or
// format_dict of the license's properties (--json, --xml, --csv).
func describeLicense(r *run) error {
	items, err := r.list("admin/License", nil)
	if err != nil {
		return err
	}
	var lic *py2.Dict
	if len(items) > 0 {
		lic = items[0]
	} else {
		lic = py2.NewDict()
	}
	if r.format == "" {
		for _, line := range [][2]string{
			{"Licensee", "licensee"}, {"Days Until Expiration", "days_until_expiration"},
			{"Expiration Date", "expiration_date_time"}, {"Server Limit", "server_limit"}, {"License Valid", "valid"},
		} {
			if err := r.println(line[0] + ": " + py2.Str(attr(lic, line[1]))); err != nil {
				return err
			}
		}
		return nil
	}
	out, err := formatDict(licenseProperties(lic), r.format)
	if err != nil {
		return err
	}
	return r.println(out)
}

// licenseProperties is License.prop_dict(): the properties of the License
// class in the order of its namespace (the class body's names, then three
// names per answer member load() added as a property), as a new dict.
func licenseProperties(lic *py2.Dict) *py2.Dict {
	body := []string{"__module__", "__doc__", "PATH", "COLLECTION_NAME", "__init__", "expiration_date_time",
		"days_until_expiration", "licensee", "server_limit", "valid", "_License__props", "prop_dict", "to_json", "load"}
	props := map[string]bool{"expiration_date_time": true, "days_until_expiration": true, "licensee": true,
		"server_limit": true, "valid": true}
	ns := py2.NewDict()
	for _, name := range body {
		ns.Set(name, nil)
	}
	ns = ns.Copy() // the class statement's type() copies its namespace
	for _, k := range lic.Keys() {
		if !props[k] && !requestAttribute(k) {
			for _, name := range []string{"set_" + k, "get_" + k, k} {
				ns.Set(name, nil)
			}
			props[k] = true
		}
	}
	out := py2.NewDict()
	for _, k := range ns.Keys() {
		if props[k] {
			out.Set(k, attr(lic, k))
		}
	}
	return out
}

// requestAttribute names the attributes Resource listed with the
// properties, which load() never turned into properties.
func requestAttribute(k string) bool {
	switch k {
	case "last_error", "path", "last_request", "current_job", "request_details":
		return true
	}
	return false
}
