package compat

import (
	"net/url"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/mixcoatl/mixcoatl/catalog"
)

// The server, volume, machine-image and network writes of mixcoatl 1.5.1
// (see oldwrite.go for the rules they share).

func infraWriteOutputs() map[string]func(*run) error {
	return map[string]func(*run) error{
		"dcm-start-server":                      serverJobAction("start"),
		"dcm-stop-server":                       serverJobAction("stop"),
		"dcm-pause-server":                      serverJobAction("pause"),
		"dcm-terminate-server":                  terminateServer,
		"dcm-rename-server":                     renameServer,
		"dcm-set-server-terminate":              setServerTerminate,
		"dcm-create-server":                     createServer,
		"dcm-create-volume":                     createVolume,
		"dcm-attach-volume":                     attachVolume,
		"dcm-detach-volume":                     detachVolume,
		"dcm-delete-volume":                     deleteVolume,
		"dcm-create-machine-image":              createMachineImage,
		"dcm-create-network":                    createNetwork,
		"dcm-delete-network":                    deleteNetwork,
		"dcm-update-machine-image-billing-code": assignOutput("MachineImage", "machine_image_id", "billing_code", "Machine Image with ID: %s has changed to Billing Code/Budget ID: %s"),
		"dcm-update-machine-image-group":        assignOutput("MachineImage", "machine_image_id", "group_id", "Machine Image with ID: %s has changed to Group ID: %s"),
		"dcm-update-server-billing-code":        assignOutput("Server", "server_id", "billing_code", "Server with ID: %s has changed to Billing Code/Budged ID: %s"),
		"dcm-update-server-group":               assignOutput("Server", "server_id", "group_id", "Server with ID: %s has changed to Group ID: %s"),
		"dcm-update-volume-billing-code":        assignOutput("Volume", "volume_id", "billing_code", "Volume Image with ID: %s has changed to Billing Code/BudgetID: %s"),
		"dcm-update-volume-group":               assignOutput("Volume", "volume_id", "group_id", "Volume with ID: %s has changed to Group ID: %s"),
	}
}

// serverJobAction is dcm-{start,stop,pause}-server: the job id of the
// answer; the API's message and exit status 1 on an error status; nothing
// for an answer without jobs.
func serverJobAction(verb string) func(*run) error {
	return func(r *run) error {
		ids, err := r.ints("server_id")
		if err != nil {
			return err
		}
		if _, ok := ids["server_id"]; !ok {
			return r.help()
		}
		res, err := r.exec("Server", catalog.KindAction, verb, string(ids["server_id"]), map[string]any{}, nil)
		if err != nil {
			return r.printMessage(err)
		}
		if !res.Async() {
			return nil // True: neither a dict nor a message
		}
		return r.println(jobID(res))
	}
}

// terminateServer prints the answer of the DELETE as Python printed it:
// the repr of its JSON ({u'jobs': […]}), True for no content, the message
// of an error status.
func terminateServer(r *run) error {
	ids, err := r.ints("server_id")
	if err != nil {
		return err
	}
	reason := "no reason provided" // destroy()'s default
	if r.c.Value("reason") != "" {
		reason = r.c.Value("reason")
	}
	res, err := r.exec("Server", catalog.KindDelete, "", string(ids["server_id"]), nil, url.Values{"reason": {reason}})
	if err != nil {
		msg, _ := apiMessage(err)
		return r.printThenFail(err, msg)
	}
	return r.printResult(res)
}

// renameServer is describeServer with the new name; the sentence when the
// answer has no content (True), nothing otherwise.
func renameServer(r *run) error {
	ids, err := r.ints("server_id")
	if err != nil {
		return err
	}
	id := string(ids["server_id"])
	res, err := r.exec("Server", catalog.KindUpdate, "describeServer", id, map[string]any{"name": r.c.Value("name")}, nil)
	if err != nil {
		return err
	}
	if res.Async() {
		return nil
	}
	return r.println("Server #" + id + " was successfully renamed to " + r.c.Value("name"))
}

// setServerTerminate moves the server's termination: --extend N hours
// from now, or --date_format to that local time. It prints nothing but
// the missing server's sentence (exit 1).
func setServerTerminate(r *run) error {
	id := r.c.Value("serverid")
	if id == "" || (r.c.Value("extend") == "" && r.c.Value("date_format") == "") {
		return r.help()
	}
	// The flags are read before any request; the old tool read the
	// server first.
	var seconds int64
	if r.c.Value("extend") != "" {
		hours, err := r.pyInt("extend", r.c.Value("extend"))
		if err != nil {
			return err
		}
		seconds = hours * 60 * 60
	} else {
		// Local time, as datetime.now() and strptime read it: the
		// clock's zone (time.Local for the real clock).
		now := r.env.Now()
		at, err := time.ParseInLocation("2006-01-02 15:04:05", r.c.Value("date_format"), now.Location())
		if err != nil {
			return usagef(r.c.Tool, "time data '%s' does not match format '%%Y-%%m-%%d %%H:%%M:%%S'", r.c.Value("date_format"))
		}
		// int(diff) of the hours from now, truncated toward zero.
		seconds = int64(at.Sub(now).Hours()) * 60 * 60
	}
	if _, err := r.loadID("infrastructure/Server", id, "Cannot find the server by the ID."); err != nil {
		return err
	}
	ms := seconds * 1000
	_, err := r.exec("Server", catalog.KindDelete, "", id, nil, url.Values{"terminateAfter": {strconv.FormatInt(ms, 10)}})
	return err
}

// createServer launches and prints the launch's job id.
func createServer(r *run) error {
	payload := map[string]any{
		"product":      map[string]any{"productId": r.c.Value("productid")},
		"budget":       r.c.Value("budgetid"),
		"machineImage": r.c.Value("machineimage"),
		"description":  r.c.Value("description"),
		"name":         r.c.Value("name"),
		"dataCenter":   r.c.Value("datacenter"),
	}
	for _, f := range [][2]string{{"keypair", "keypair"}, {"vlan", "vlan"}, {"network", "network"}, {"subnet", "subnet"}} {
		r.optional(payload, f[0], f[1])
	}
	if ud := r.c.Value("userdata"); r.c.Has("userdata") {
		if path, ok := strings.CutPrefix(ud, "@"); ok {
			data, err := os.ReadFile(path)
			if err != nil {
				return err
			}
			ud = string(data)
		}
		payload["userData"] = ud
	}
	res, err := r.exec("Server", catalog.KindCreate, "launch", "", payload, nil)
	if err != nil {
		return err
	}
	return r.println(jobID(res))
}

// createVolume adds a volume and prints the job id.
func createVolume(r *run) error {
	ints, err := r.ints("budgetid", "datacenter", "size")
	if err != nil {
		return err
	}
	payload := map[string]any{
		"name": r.c.Value("name"), "description": r.c.Value("description"),
		"dataCenter": num(ints["datacenter"]), "sizeInGb": num(ints["size"]), "budget": num(ints["budgetid"]),
	}
	res, err := r.exec("Volume", catalog.KindCreate, "addVolume", "", payload, nil)
	if err != nil {
		return err
	}
	return r.println(jobID(res))
}

// attachVolume prints the attach's job id ("None" without one).
func attachVolume(r *run) error {
	ints, err := r.ints("volumeid", "serverid")
	if err != nil {
		return err
	}
	id := string(ints["volumeid"])
	if _, err := r.loadID("infrastructure/Volume", id, "cannot find the volume."); err != nil {
		return err
	}
	payload := map[string]any{"server": map[string]any{"serverId": num(ints["serverid"])}}
	r.optional(payload, "deviceid", "deviceId")
	res, err := r.exec("Volume", catalog.KindAction, "attach", id, payload, nil)
	if err != nil {
		return err
	}
	return r.println(jobID(res))
}

// detachVolume detaches and prints nothing (the old tool's print of the
// job id was commented out).
func detachVolume(r *run) error {
	ints, err := r.ints("volumeid")
	if err != nil {
		return err
	}
	id := string(ints["volumeid"])
	if _, err := r.loadID("infrastructure/Volume", id, "cannot find the volume."); err != nil {
		return err
	}
	_, err = r.exec("Volume", catalog.KindAction, "detach", id, map[string]any{}, nil)
	return err
}

// deleteVolume prints the job id; an answer without jobs (True, or an
// error's message) printed a sentence and the value instead.
func deleteVolume(r *run) error {
	id, err := r.intArg(0, "volumeid")
	if err != nil {
		return err
	}
	var q url.Values
	if r.c.Has("reason") {
		q = url.Values{"reason": {r.c.Value("reason")}}
	}
	res, err := r.exec("Volume", catalog.KindDelete, "", string(id), nil, q)
	const failed = "Volume deletion failed, no jobId:"
	if err != nil {
		msg, _ := apiMessage(err)
		return r.printThenFail(err, failed+"\n"+msg)
	}
	if res.Async() {
		return r.println(jobID(res))
	}
	return r.println(failed + "\nTrue")
}

// createMachineImage images a server. The old tool printed nothing: the
// job id it got back was neither of the types it printed.
func createMachineImage(r *run) error {
	budget, err := r.pyInt("budget", r.c.Value("budget"))
	if err != nil {
		return err
	}
	server, err := r.pyInt("server", r.c.Value("server"))
	if err != nil {
		return err
	}
	payload := map[string]any{
		"budget": budget, "description": r.c.Value("description"), "name": r.c.Value("name"),
		"server":       map[string]any{"serverId": server},
		"owningGroups": []any{map[string]any{"groupId": r.c.Value("group")}},
	}
	_, err = r.exec("MachineImage", catalog.KindCreate, "imageServer", "", payload, nil)
	return err
}

// createNetwork adds a network and prints the job id. The old tool sent
// --dnsserver and --groupid as single values where the API takes lists;
// they are sent as lists of one.
func createNetwork(r *run) error {
	payload := map[string]any{
		"budget": r.c.Value("budgetid"), "name": r.c.Value("name"), "networkAddress": r.c.Value("netaddress"),
		"description": r.c.Value("description"), "region": r.c.Value("regionid"),
	}
	if r.c.Has("dnsserver") {
		payload["dnsServers"] = []any{r.c.Value("dnsserver")}
	}
	if r.c.Has("groupid") {
		payload["owningGroups"] = []any{r.c.Value("groupid")}
	}
	res, err := r.exec("Network", catalog.KindCreate, "addNetwork", "", payload, nil)
	if err != nil {
		return err
	}
	return r.println(jobID(res))
}

// deleteNetwork prints the job id of the delete, nothing for an answer
// without jobs, the message (exit 1) of an error status.
func deleteNetwork(r *run) error {
	ints, err := r.ints("networkid")
	if err != nil {
		return err
	}
	id := string(ints["networkid"])
	if _, err := r.loadID("network/Network", id, "Cannot find the network."); err != nil {
		return err
	}
	reason := "no reason provided"
	if r.c.Value("reason") != "" {
		reason = r.c.Value("reason")
	}
	res, err := r.exec("Network", catalog.KindDelete, "", id, nil, url.Values{"reason": {reason}})
	if err != nil {
		return r.printMessage(err)
	}
	if !res.Async() {
		return nil
	}
	return r.println(jobID(res))
}

// assignOutput is dcm-update-<thing>-{billing-code,group}: assignBudget or
// assignGroups, then the tool's sentence for an answer without content,
// the repr of an answer with one, or the error's message.
func assignOutput(res, idKey, valueKey, sentence string) func(*run) error {
	return func(r *run) error {
		ints, err := r.ints(idKey, valueKey)
		if err != nil {
			return err
		}
		verb, payload := "assignBudget", map[string]any{"budget": num(ints[valueKey])}
		if valueKey == "group_id" {
			verb = "assignGroups"
			payload = map[string]any{"owningGroups": []any{map[string]any{"groupId": num(ints[valueKey])}}}
		}
		result, err := r.exec(res, catalog.KindAction, verb, string(ints[idKey]), payload, nil)
		if err != nil {
			msg, _ := apiMessage(err)
			return r.printThenFail(err, msg)
		}
		if result.Empty() {
			return r.println(strings.Replace(strings.Replace(sentence, "%s", string(ints[idKey]), 1), "%s", string(ints[valueKey]), 1))
		}
		return r.printResult(result)
	}
}
