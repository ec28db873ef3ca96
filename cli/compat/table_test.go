package compat

import (
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// oldToolFlags is every tool of mixcoatl 1.5.1 with its flags as the old
// parsers declared them ("!" = required), so the table can be checked
// against it: a missing tool, flag, short form or required mark fails.
// dcm-describe-license and dcm-list-api-versions declared --json, --xml and
// --csv through mixcoatl's add_argparse_output_formats helper rather than
// one by one.
func oldToolFlags() map[string]string {
	return map[string]string{
		"dcm-api-tests":                         "--log/-l --full/-f --get --post --account/-a --region/-r --servers/-s --product/-p --datacenter/-d --machineimage/-m --network/-n --cm_account_id/-cm --cm_environment/-ce --cm_personalities/-cp --cm_scripts/-cs --budget/-b --noimaging/-ni --nosnapshots/-ns --novolumes/-nv --vol_type/-vt --wait/-w",
		"dcm-assign-cloud":                      "--cloudid/-c! --accountid/-i! --accountnumber/-n! --accesskey/-a! --secretkey/-s!",
		"dcm-attach-volume":                     "--volumeid/-v! --serverid/-s! --deviceid/-d",
		"dcm-check-job":                         "",
		"dcm-create-account":                    "--account_name/-a! --cloud_id/-c! --customer/-C --account_number/-n! --api_key/-k! --api_secret/-s! --group_id/-g --role_id/-r --budget_codes/-b",
		"dcm-create-billing-code":               "--name/-n! --code/-c! --soft! --hard! --description/-d!",
		"dcm-create-cm":                         "--budget/-b --endpoint/-e --accesskey/-a --secretkey/-s --accountnumber/-c --description/-d --name/-n --system/-k --verbose/-v --json/-j",
		"dcm-create-group":                      "--name/-n! --description/-d! --verbose/-v",
		"dcm-create-machine-image":              "--description/-D! --name/-n! --budget/-b! --server/-s! --group/-g!",
		"dcm-create-network":                    "--budgetid/-b! --name/-n! --netaddress/-a! --regionid/-r! --description/-D! --dnsserver/-d --groupid/-g",
		"dcm-create-role":                       "--name/-n! --description/-d! --verbose/-v",
		"dcm-create-server":                     "--productid/-p! --machineimage/-m! --datacenter/-d! --description/-D! --name/-n! --budgetid/-b! --keypair/-k --vlan/-v --network/-e --subnet/-s --userdata/-u",
		"dcm-create-user":                       "--account/-a --given_name/-f --family_name/-l --email/-e --groups/-g --billing_codes/-b --password/-p --verbose/-v --json/-j",
		"dcm-create-volume":                     "--budgetid/-b! --datacenter/-d! --description/-D! --name/-n! --size/-s!",
		"dcm-delete":                            "",
		"dcm-delete-billing-code":               "--billingcodeid/-b! --reason/-r! --replacementcodeid/-R!",
		"dcm-delete-group":                      "",
		"dcm-delete-network":                    "--networkid/-i! --reason/-r",
		"dcm-delete-volume":                     "--reason/-r",
		"dcm-describe-job":                      "--verbose/-v",
		"dcm-describe-license":                  "--json --xml --csv",
		"dcm-describe-machine-image":            "--verbose/-v",
		"dcm-describe-server":                   "--verbose/-v",
		"dcm-detach-volume":                     "--volumeid/-v!",
		"dcm-get":                               "--extended --json --xml --statuscode --statuscodeonly",
		"dcm-head":                              "",
		"dcm-list-accounts":                     "--json --xml --csv",
		"dcm-list-api-keys":                     "--key/-k --json --xml --csv",
		"dcm-list-api-versions":                 "--active/-a --latest/-l --supported/-s --json --xml --csv",
		"dcm-list-billing-codes":                "--json --xml --csv",
		"dcm-list-clouds":                       "--json --xml --csv",
		"dcm-list-cm":                           "--json --xml --csv",
		"dcm-list-cm-environments":              "--cm/-c --json --xml --csv",
		"dcm-list-cm-personalities":             "--cm/-c --json --xml --csv",
		"dcm-list-cm-scripts":                   "--cm/-c --json --xml --csv",
		"dcm-list-cm-systems":                   "--json --xml --csv",
		"dcm-list-customers":                    "--json --xml --csv",
		"dcm-list-datacenters":                  "--regionid/-r --regionpid/-R --json --xml --csv",
		"dcm-list-firewall-rules":               "--firewall/-f --json --xml --csv",
		"dcm-list-firewalls":                    "--accountid/-i --regionid/-r --json --xml --csv",
		"dcm-list-groups":                       "--userid/-u --email/-m --json --xml --csv",
		"dcm-list-jobs":                         "--verbose/-v --job-id/-j --json --xml --csv",
		"dcm-list-loadbalancers":                "--json --xml --csv",
		"dcm-list-machine-images":               "--image/-i --regionid/-r --regionpid/-R --registered/-e --json --xml --csv",
		"dcm-list-networks":                     "--accountid/-i --regionid/-r --json --xml --csv",
		"dcm-list-rdbms":                        "--json --xml --csv",
		"dcm-list-rdbms-products":               "--region/-r! --engine/-e! --json --xml --csv",
		"dcm-list-regions":                      "--json --xml --csv",
		"dcm-list-role-assignments":             "--json --xml --csv",
		"dcm-list-roles":                        "--verbose/-v --json --xml --csv",
		"dcm-list-server-analytics":             "--server/-s --json --xml",
		"dcm-list-server-products":              "--regionid/-r --regionpid/-p --json --xml --csv",
		"dcm-list-server-terminate":             "--all/-a --serverid/-s",
		"dcm-list-servers":                      "--region/-r --extended/-e --verbose/-v --userid/-u --email/-m --groupid/-g --groupname/-G --budgetid/-b --budgetname/-B --json --xml --csv",
		"dcm-list-snapshots":                    "--regionid/-r --regionpid/-R --groupid/-g --groupname/-G --budgetid/-b --budgetname/-B --json --xml --csv",
		"dcm-list-storage-objects":              "--regionid/-r! --json --xml --csv",
		"dcm-list-subscriptions":                "--region/-r --json --xml --csv",
		"dcm-list-users":                        "--accountid/-i --regionid/-r --json --xml --csv",
		"dcm-list-volumes":                      "--regionid/-r --regionpid/-R --userid/-u --email/-m --groupid/-g --budgetid/-b --nonattached/-n --minsize --json --xml --csv",
		"dcm-pause-server":                      "--server_id/-s!",
		"dcm-post":                              "--xml --json",
		"dcm-put":                               "--xml --json",
		"dcm-rename-server":                     "--server_id/-s! --name/-n!",
		"dcm-set-acl":                           "--role_id/-r --action/-a --resource/-R --qualifier/-q -i --url/-u",
		"dcm-set-role":                          "--group_id/-g! --role_id/-r! --account_id/-a!",
		"dcm-set-server-terminate":              "--serverid/-s --extend/-x --date_format/-d",
		"dcm-start-server":                      "--server_id/-s!",
		"dcm-stop-server":                       "--server_id/-s!",
		"dcm-terminate-server":                  "--server_id/-s! --reason/-r",
		"dcm-update-group":                      "--group_id/-g! --name/-n --description/-d",
		"dcm-update-machine-image-billing-code": "--machine_image_id/-m! --billing_code/-b!",
		"dcm-update-machine-image-group":        "--machine_image_id/-m! --group_id/-g!",
		"dcm-update-server-billing-code":        "--server_id/-s! --billing_code/-b!",
		"dcm-update-server-group":               "--server_id/-s! --group_id/-g!",
		"dcm-update-volume-billing-code":        "--volume_id/-v! --billing_code/-b!",
		"dcm-update-volume-group":               "--volume_id/-v! --group_id/-g!",
		"mixcoatl":                              "--version/-v --reset_config/-r",
	}
}

func TestEveryOldToolIsInTheTable(t *testing.T) {
	t.Parallel()
	want := oldToolFlags()
	want["es-dump.py"] = ""
	want["es-dump"] = ""
	var got []string
	for _, tool := range Tools() {
		got = append(got, tool.Name)
	}
	for name := range want {
		if !slices.Contains(got, name) {
			t.Errorf("tool %s is missing from the table", name)
		}
	}
	for _, name := range got {
		if _, ok := want[name]; !ok {
			t.Errorf("tool %s is not an old tool", name)
		}
	}
}

func TestTableFlagsMatchTheOldTools(t *testing.T) {
	t.Parallel()
	for name, flags := range oldToolFlags() {
		tool, ok := Lookup(name)
		if !ok {
			continue // reported by TestEveryOldToolIsInTheTable
		}
		var got []string
		for _, f := range tool.Flags {
			s := f.display()
			if f.Required {
				s += "!"
			}
			got = append(got, s)
		}
		var want []string
		if flags != "" {
			want = strings.Fields(flags)
		}
		slices.Sort(got)
		slices.Sort(want)
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("%s flags (-old +table):\n%s", name, diff)
		}
	}
}

func TestEveryToolHasATranslationOrAReason(t *testing.T) {
	t.Parallel()
	for _, tool := range Tools() {
		if tool.New == "" && tool.Unsupported == "" {
			t.Errorf("%s: no New text and no Unsupported reason", tool.Name)
		}
		if tool.translate == nil && tool.output == nil && tool.Unsupported == "" {
			t.Errorf("%s: no translation and no output of its own", tool.Name)
		}
		if !strings.HasPrefix(tool.Example, tool.Name) {
			t.Errorf("%s: example %q is not a command line of the tool", tool.Name, tool.Example)
		} else if _, err := tool.Parse(strings.Fields(tool.Example)[1:], nil); err != nil {
			t.Errorf("%s: example %q does not parse: %v", tool.Name, tool.Example, err)
		}
		if !strings.Contains(tool.Usage(), tool.Name) {
			t.Errorf("%s: usage does not name the tool", tool.Name)
		}
	}
}
