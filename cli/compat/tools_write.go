package compat

import "strings"

// The write and action tools: their flags as the old parsers declared
// them, and the mixcoatl command that does the same work (New). They send
// their requests and print the old output themselves (oldwrite*.go); like
// the old tools, they do not ask for confirmation.

// describeTools are the dcm-describe-* tools: they print the old table
// of one item themselves (olddescribe.go).
func describeTools() []*Tool {
	verbose := []Flag{boolFlag("verbose", "v", "print every property (pprint)")}
	return []*Tool{
		{Name: "dcm-describe-job", Args: []string{"jobid"}, Flags: verbose, New: "job get"},
		{Name: "dcm-describe-license", Flags: formatFlags(true), New: "license get"},
		{Name: "dcm-describe-machine-image", Args: []string{"machineimageid"}, Flags: verbose, New: "machine-image get"},
		{Name: "dcm-describe-server", Args: []string{"serverid"}, Flags: verbose, New: "server get"},
	}
}

// serverAction is dcm-{start,stop,pause}-server --server_id/-s.
func serverAction(name, verb string) *Tool {
	return &Tool{
		Name:  name,
		Flags: []Flag{required(valueFlag("server_id", "s", "server id"))},
		New:   "server " + verb + " SERVER",
	}
}

// assignTool is dcm-update-<thing>-{billing-code,group}: an assignBudget or
// assignGroups action on one item.
func assignTool(name, resource, idFlag, idShort, valueLong, valueShort string) *Tool {
	verb, newFlag := "assign-budget", "--budget"
	if strings.HasSuffix(name, "-group") {
		verb, newFlag = "assign-groups", "--owning-groups"
	}
	return &Tool{
		Name: name,
		Flags: []Flag{
			required(valueFlag(idFlag, idShort, resource+" id")),
			required(valueFlag(valueLong, valueShort, strings.TrimPrefix(newFlag, "--"))),
		},
		New: resource + " " + verb + " ID " + newFlag + " VALUE",
	}
}

func writeTools() []*Tool {
	return []*Tool{
		serverAction("dcm-start-server", "start"),
		serverAction("dcm-stop-server", "stop"),
		serverAction("dcm-pause-server", "pause"),
		{
			Name:  "dcm-terminate-server",
			Flags: []Flag{required(valueFlag("server_id", "s", "server id")), valueFlag("reason", "r", "reason for the termination")},
			New:   "server delete SERVER [--reason TEXT]",
		},
		{
			Name:  "dcm-rename-server",
			Flags: []Flag{required(valueFlag("server_id", "s", "server id")), required(valueFlag("name", "n", "new name"))},
			New:   "server describe-server SERVER --name NAME",
		},
		{
			Name: "dcm-set-server-terminate",
			Flags: []Flag{
				valueFlag("serverid", "s", "server id"),
				valueFlag("extend", "x", "terminate this many hours from now"),
				valueFlag("date_format", "d", "terminate at this local time (2014-07-04 08:03:11)"),
			},
			New: "server delete SERVER --terminate-after DURATION",
		},
		{
			Name: "dcm-create-server",
			Flags: []Flag{
				required(valueFlag("productid", "p", "server product id")),
				required(valueFlag("machineimage", "m", "machine image id")),
				required(valueFlag("datacenter", "d", "data center id")),
				required(valueFlag("description", "D", "description")),
				required(valueFlag("name", "n", "name")),
				required(valueFlag("budgetid", "b", "billing code id")),
				valueFlag("keypair", "k", "SSH key pair"),
				valueFlag("vlan", "v", "VLAN id"),
				valueFlag("network", "e", "network id"),
				valueFlag("subnet", "s", "subnet id"),
				valueFlag("userdata", "u", "user data"),
			},
			New: "server launch --product P --machine-image M --data-center D --name N --description D --budget B …",
		},
		{
			Name: "dcm-create-volume",
			Flags: []Flag{
				required(valueFlag("budgetid", "b", "billing code id")),
				required(valueFlag("datacenter", "d", "data center id")),
				required(valueFlag("description", "D", "description")),
				required(valueFlag("name", "n", "name")),
				required(valueFlag("size", "s", "size in GB")),
			},
			New: "volume add-volume --budget B --data-center D --description D --name N --size-in-gb S",
		},
		{
			Name:  "dcm-attach-volume",
			Flags: []Flag{required(valueFlag("volumeid", "v", "volume id")), required(valueFlag("serverid", "s", "server id")), valueFlag("deviceid", "d", "device id (/dev/sdf)")},
			New:   "volume attach VOLUME --server SERVER [--device-id DEV]",
		},
		{
			Name:  "dcm-detach-volume",
			Flags: []Flag{required(valueFlag("volumeid", "v", "volume id"))},
			New:   "volume detach VOLUME",
		},
		{
			Name:  "dcm-delete-volume",
			Args:  []string{"volumeid"},
			Flags: []Flag{valueFlag("reason", "r", "reason for the deletion")},
			New:   "volume delete VOLUME [--reason TEXT]",
		},
		{
			Name: "dcm-create-machine-image",
			Flags: []Flag{
				required(valueFlag("description", "D", "description")),
				required(valueFlag("name", "n", "name")),
				required(valueFlag("budget", "b", "billing code id")),
				required(valueFlag("server", "s", "server to image")),
				required(valueFlag("group", "g", "owning group id")),
			},
			New: "machine-image image-server --server S --name N --description D --budget B --owning-groups G",
		},
		assignTool("dcm-update-machine-image-billing-code", "machine-image", "machine_image_id", "m", "billing_code", "b"),
		assignTool("dcm-update-machine-image-group", "machine-image", "machine_image_id", "m", "group_id", "g"),
		assignTool("dcm-update-server-billing-code", "server", "server_id", "s", "billing_code", "b"),
		assignTool("dcm-update-server-group", "server", "server_id", "s", "group_id", "g"),
		assignTool("dcm-update-volume-billing-code", "volume", "volume_id", "v", "billing_code", "b"),
		assignTool("dcm-update-volume-group", "volume", "volume_id", "v", "group_id", "g"),
		{
			Name: "dcm-create-network",
			Flags: []Flag{
				required(valueFlag("budgetid", "b", "billing code id")),
				required(valueFlag("name", "n", "name")),
				required(valueFlag("netaddress", "a", "network address (CIDR)")),
				required(valueFlag("regionid", "r", helpRegionID)),
				required(valueFlag("description", "D", "description")),
				valueFlag("dnsserver", "d", "DNS server"),
				valueFlag("groupid", "g", "owning group id"),
			},
			New: "network add-network --budget B --name N --network-address CIDR --region R --description D …",
		},
		{
			Name:  "dcm-delete-network",
			Flags: []Flag{required(valueFlag("networkid", "i", "network id")), valueFlag("reason", "r", "reason for the deletion")},
			New:   "network delete NETWORK [--reason TEXT]",
		},
	}
}
