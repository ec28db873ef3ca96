package compat

import (
	"github.com/mixcoatl/mixcoatl/cli/compat/py2"
)

// -v of the describe tools printed pprint of the object's to_dict(): every
// property the class declared, every member of the answer, and five
// attributes of the request (last_error, path, last_request, current_job,
// request_details), text converted to UTF-8 byte strings. A property the
// answer lacks is None.

// serverProperties, machineImageProperties and jobProperties are the
// properties mixcoatl 1.5.1's Server, MachineImage and Job classes
// declared. A few of them read another member than their name
// (aliasedProperties).
func serverProperties() []string {
	return []string{"server_id", "agent_version", "legacy_owner_id", "cloud", "label", "customer", "cm_account",
		"data_center", "cmAccount", "environment", "cm_account_id", "cm_scripts", "last_agent_contact_timestamp",
		"p_scripts", "description", "machine_image", "vlan", "network", "subnet", "firewalls", "name",
		"owning_groups", "owning_user", "platform", "personalities", "private_ip_addresses", "public_ip_address",
		"public_ip_addresses", "region", "provider_product_id", "provider_id", "product", "start_date", "stop_date",
		"status", "budget", "scripts", "run_list", "architecture", "terminate_after", "pause_after", "userData",
		"volumeConfiguration", "keypair"}
}

func machineImageProperties() []string {
	return []string{"machine_image_id", "architecture", "legacy_owner_id", "cloud", "creation_timestamp", "customer",
		"budget", "name", "description", "owning_account", "owning_cloud_account_number", "owning_user",
		"owning_groups", "platform", "provider_id", "region", "removable", "sharable", "status", "label", "products",
		"agent_version", "public"}
}

func jobProperties() []string {
	return []string{"job_id", "status", "description", "message", "start_date", "end_date", "job_message"}
}

// aliasedProperties read the member of another name: cm_account_id is a
// second name of cmAccount's property. camelCase members never survive
// uncamel, so these are None.
func aliasedProperties() map[string]string {
	return map[string]string{"cm_account_id": "cmAccount"}
}

// pprintObject is pprint.pprint(obj.to_dict()) after load() of path/id
// (the id as typed).
func pprintObject(obj *py2.Dict, props []string, path, id string) string {
	d := py2.NewDict()
	alias := aliasedProperties()
	for _, p := range props {
		member := p
		if m, ok := alias[p]; ok {
			member = m
		}
		d.Set(p, attr(obj, member))
	}
	for _, k := range obj.Keys() {
		if _, ok := d.Get(k); !ok {
			// load() kept a member named type as e_type, where the
			// property it added for it does not look: None.
			var v any
			if k != "type" {
				v = attr(obj, k)
			}
			d.Set(k, v)
		}
	}
	d.Set("last_error", nil)
	d.Set("path", path+"/"+id)
	d.Set("last_request", "<Response [200]>")
	d.Set("current_job", nil)
	d.Set("request_details", "basic")
	return py2.PFormat(d)
}
