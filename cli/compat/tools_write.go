package compat

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// The old write tools did not ask for confirmation, so their translations
// pass --yes to the new commands that would.

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
func serverAction(name, verb string, confirm bool) *Tool {
	words := "server " + verb + " SERVER"
	return &Tool{
		Name:  name,
		Flags: []Flag{required(valueFlag("server_id", "s", "server id"))},
		New:   words,
		translate: func(c *Call) ([]string, error) {
			b := newArgv(c, "server", verb).value("server_id")
			if confirm {
				b.add("--yes")
			}
			return b.done()
		},
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
		translate: func(c *Call) ([]string, error) {
			return newArgv(c, resource, verb).value(idFlag).flag(valueLong, newFlag).done()
		},
	}
}

func writeTools() []*Tool {
	return []*Tool{
		serverAction("dcm-start-server", "start", false),
		serverAction("dcm-stop-server", "stop", true),
		serverAction("dcm-pause-server", "pause", false),
		{
			Name:  "dcm-terminate-server",
			Flags: []Flag{required(valueFlag("server_id", "s", "server id")), valueFlag("reason", "r", "reason for the termination")},
			New:   "server delete SERVER [--reason TEXT]",
			translate: func(c *Call) ([]string, error) {
				return newArgv(c, "server", "delete").value("server_id").flag("reason", "--reason").add("--yes").done()
			},
		},
		{
			Name:  "dcm-rename-server",
			Flags: []Flag{required(valueFlag("server_id", "s", "server id")), required(valueFlag("name", "n", "new name"))},
			New:   "server describe-server SERVER --name NAME",
			translate: func(c *Call) ([]string, error) {
				return newArgv(c, "server", "describe-server").value("server_id").flag("name", "--name").done()
			},
		},
		{
			Name: "dcm-set-server-terminate",
			Flags: []Flag{
				valueFlag("serverid", "s", "server id"),
				valueFlag("extend", "x", "terminate this long from now: days, or a duration such as 36h"),
				valueFlag("date_format", "d", "accepted for compatibility; dates print in the API's format"),
			},
			New:  "server delete SERVER --terminate-after DURATION",
			Note: "--extend N schedules the termination N days from now (or a Go duration such as 36h).",
			translate: func(c *Call) ([]string, error) {
				if !c.Has("serverid") || !c.Has("extend") {
					return nil, usagef(c.Tool, "--serverid/-s and --extend/-x are both needed")
				}
				after, err := extendDuration(c.Value("extend"))
				if err != nil {
					return nil, usagef(c.Tool, "--extend %q: %v", c.Value("extend"), err)
				}
				return newArgv(c, "server", "delete").value("serverid").add("--terminate-after", after, "--yes").done()
			},
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
			translate: func(c *Call) ([]string, error) {
				return newArgv(c, "server", "launch").flag("productid", "--product").flag("machineimage", "--machine-image").
					flag("datacenter", "--data-center").flag("description", "--description").flag("name", "--name").
					flag("budgetid", "--budget").flag("keypair", "--keypair").flag("vlan", "--vlan").
					flag("network", "--network").flag("subnet", "--subnet").flag("userdata", "--user-data").done()
			},
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
			translate: func(c *Call) ([]string, error) {
				return newArgv(c, "volume", "add-volume").flag("budgetid", "--budget").flag("datacenter", "--data-center").
					flag("description", "--description").flag("name", "--name").flag("size", "--size-in-gb").done()
			},
		},
		{
			Name:  "dcm-attach-volume",
			Flags: []Flag{required(valueFlag("volumeid", "v", "volume id")), required(valueFlag("serverid", "s", "server id")), valueFlag("deviceid", "d", "device id (/dev/sdf)")},
			New:   "volume attach VOLUME --server SERVER [--device-id DEV]",
			translate: func(c *Call) ([]string, error) {
				return newArgv(c, "volume", "attach").value("volumeid").flag("serverid", "--server").flag("deviceid", "--device-id").done()
			},
		},
		{
			Name:  "dcm-detach-volume",
			Flags: []Flag{required(valueFlag("volumeid", "v", "volume id"))},
			New:   "volume detach VOLUME",
			translate: func(c *Call) ([]string, error) {
				return newArgv(c, "volume", "detach").value("volumeid").add("--yes").done()
			},
		},
		{
			Name:  "dcm-delete-volume",
			Args:  []string{"volumeid"},
			Flags: []Flag{valueFlag("reason", "r", "reason for the deletion")},
			New:   "volume delete VOLUME [--reason TEXT]",
			translate: func(c *Call) ([]string, error) {
				return newArgv(c, "volume", "delete").arg(0).flag("reason", "--reason").add("--yes").done()
			},
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
			translate: func(c *Call) ([]string, error) {
				return newArgv(c, "machine-image", "image-server").flag("server", "--server").flag("name", "--name").
					flag("description", "--description").flag("budget", "--budget").flag("group", "--owning-groups").done()
			},
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
			translate: func(c *Call) ([]string, error) {
				return newArgv(c, "network", "add-network").flag("budgetid", "--budget").flag("name", "--name").
					flag("netaddress", "--network-address").flag("regionid", "--region").flag("description", "--description").
					flag("dnsserver", "--dns-servers").flag("groupid", "--owning-groups").done()
			},
		},
		{
			Name:  "dcm-delete-network",
			Flags: []Flag{required(valueFlag("networkid", "i", "network id")), valueFlag("reason", "r", "reason for the deletion")},
			New:   "network delete NETWORK [--reason TEXT]",
			translate: func(c *Call) ([]string, error) {
				return newArgv(c, "network", "delete").value("networkid").flag("reason", "--reason").add("--yes").done()
			},
		},
	}
}

// extendDuration reads --extend (days, or a Go duration) as the new
// command's --terminate-after duration.
func extendDuration(v string) (string, error) {
	v = strings.TrimSpace(v)
	if days, err := strconv.ParseFloat(v, 64); err == nil {
		if days <= 0 {
			return "", fmt.Errorf("must be positive")
		}
		return time.Duration(days * 24 * float64(time.Hour)).String(), nil
	}
	d, err := time.ParseDuration(v)
	if err != nil || d <= 0 {
		return "", fmt.Errorf("expected a number of days or a positive duration such as 36h")
	}
	return d.String(), nil
}

// aclJSON is the one ACL entry of dcm-set-acl, as the new command's --acl
// takes it.
func aclJSON(resourceType, action, qualifier string) string {
	b, _ := json.Marshal([]map[string]string{{"resourceType": resourceType, "action": action, "qualifier": qualifier}}) // strings always marshal
	return string(b)
}
