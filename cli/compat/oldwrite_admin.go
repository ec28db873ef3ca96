package compat

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"os"
	"strings"

	"github.com/mixcoatl/mixcoatl/catalog"
	"github.com/mixcoatl/mixcoatl/cli/compat/py2"
)

// The account, group, role, user, billing-code and configuration-
// management writes of mixcoatl 1.5.1 (see oldwrite.go for the rules they
// share).

func adminWriteOutputs() map[string]func(*run) error {
	return map[string]func(*run) error{
		"dcm-create-group":        createNamed("Group", "addGroup", "groups", "groupId"),
		"dcm-create-role":         createNamed("Role", "addRole", "roles", "roleId"),
		"dcm-update-group":        updateGroup,
		"dcm-delete-group":        deleteGroup,
		"dcm-set-role":            setRole,
		"dcm-set-acl":             setACL,
		"dcm-create-user":         createUsers,
		"dcm-create-billing-code": createBillingCode,
		"dcm-delete-billing-code": deleteBillingCode,
		"dcm-create-account":      createAccount,
		"dcm-assign-cloud":        assignCloud,
		"dcm-create-cm":           createCM,
	}
}

// createNamed is dcm-create-group and dcm-create-role: the new object's
// id, or with -v its name, a space and its id (print name, id).
func createNamed(res, verb, collection, key string) func(*run) error {
	return func(r *run) error {
		payload := map[string]any{"name": r.c.Value("name"), "description": r.c.Value("description")}
		if res == "Role" {
			payload["status"] = "ACTIVE" // hard-coded by Role.create
		}
		result, err := r.exec(res, catalog.KindCreate, verb, "", payload, nil)
		if err != nil {
			return err
		}
		id, err := firstID(result, collection, key)
		if err != nil {
			return err
		}
		if r.c.Bool("verbose") {
			return r.println(r.c.Value("name") + " " + id)
		}
		return r.println(id)
	}
}

// updateGroup renames or redescribes a group and prints nothing. The old
// update sent both members, the one not given as the group had it, so
// the group is read first (a missing group failed there).
func updateGroup(r *run) error {
	ints, err := r.ints("group_id")
	if err != nil {
		return err
	}
	if r.c.Value("name") == "" && r.c.Value("description") == "" {
		if err := r.println("At least one of --name or --description must be provided."); err != nil {
			return err
		}
		return r.help()
	}
	id := string(ints["group_id"])
	groups, err := r.list("admin/Group/"+id, nil) // a missing group is the API's error
	if err != nil {
		return err
	}
	if len(groups) == 0 {
		return fmt.Errorf("%s: the answer for group %s holds no group", r.c.Tool.Name, id)
	}
	group := groups[0]
	payload := map[string]any{"name": attr(group, "name"), "description": attr(group, "description")}
	r.optional(payload, "name", "name")
	r.optional(payload, "description", "description")
	_, err = r.exec("Group", catalog.KindUpdate, "describeGroup", id, payload, nil)
	return err
}

// deleteGroup prints "Group deleted." for an answer without content and
// exits 1 with "Failed to delete the group." for any other answer.
func deleteGroup(r *run) error {
	id, err := r.intArg(0, "groupid")
	if err != nil {
		return err
	}
	if _, err := r.loadID("admin/Group", string(id), "Cannot find the group."); err != nil {
		return err
	}
	res, err := r.exec("Group", catalog.KindDelete, "", string(id), nil, nil)
	const failed = "Failed to delete the group."
	switch {
	case err != nil:
		return r.failPrinted(err, failed)
	case res.Empty():
		return r.println("Group deleted.")
	}
	if err := r.println(failed); err != nil {
		return err
	}
	return &ExitError{Code: 1, Msg: failed}
}

// setRole prints what it is about to do, then sets the role.
func setRole(r *run) error {
	ints, err := r.ints("group_id", "role_id", "account_id")
	if err != nil {
		return err
	}
	g, role, acct := ints["group_id"], ints["role_id"], ints["account_id"]
	if err := r.println(fmt.Sprintf("Setting role %s for %s in account %s", role, g, acct)); err != nil {
		return err
	}
	payload := map[string]any{"role": map[string]any{"roleId": num(role)}, "account": map[string]any{"accountId": num(acct)}}
	_, err = r.exec("Group", catalog.KindAction, "setRole", string(g), payload, nil)
	return err
}

// setACL grants one ACL entry (--resource, --action, --qualifier) or the
// entries of a file (-i FILE: {"access": [...]}) to a role, printing
// nothing. mixcoatl 1.5.1's one-entry form called Role.grant with the
// wrong arguments and died with a TypeError; it is run as meant.
func setACL(r *run) error {
	ints, err := r.ints("role_id")
	if err != nil {
		return err
	}
	role, hasRole := ints["role_id"]
	var acl []any
	switch {
	case r.c.Has("url") && hasRole:
		return &UnsupportedError{Tool: r.c.Tool.Name, Reason: "--url fetches an ACL document from anywhere; save it and pass -i FILE"}
	case r.c.Has("i") && hasRole:
		if acl, err = r.aclFile(r.c.Value("i")); err != nil {
			return err
		}
	case !hasRole || r.c.Value("action") == "" || r.c.Value("resource") == "" || r.c.Value("qualifier") == "":
		return r.help()
	default:
		acl = []any{map[string]any{"resourceType": r.c.Value("resource"), "action": r.c.Value("action"), "qualifier": r.c.Value("qualifier")}}
	}
	_, err = r.exec("Role", catalog.KindUpdate, "grant", string(role), map[string]any{"acl": acl}, nil)
	return err
}

// aclFile reads -i FILE as the old tool did: its first value (in the
// order of the dict json.load made) is the list of entries.
func (r *run) aclFile(path string) ([]any, error) {
	if st, err := os.Stat(path); err != nil || !st.Mode().IsRegular() {
		return nil, usagef(r.c.Tool, "The file %s does not seem to be a file at all! Exiting for safety reasons.", path)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var doc any
	v, perr := py2.Decode(data)
	if perr != nil || json.Unmarshal(data, &doc) != nil {
		if err := r.println("Invalid JSON. Exiting."); err != nil {
			return nil, err
		}
		return nil, &ExitError{Code: 255, Msg: path + ": invalid JSON"}
	}
	d, isDict := v.(*py2.Dict)
	if !isDict || d.Len() == 0 {
		return nil, fmt.Errorf("%s: %s holds no object of ACL lists ({\"access\": [...]})", r.c.Tool.Name, path)
	}
	list, ok := doc.(map[string]any)[d.Keys()[0]].([]any)
	if !ok {
		return nil, fmt.Errorf("%s: the first member of %s is not a list of ACL entries", r.c.Tool.Name, path)
	}
	return list, nil
}

// oldUser is one user of dcm-create-user --json FILE, under the keys the
// old tool read.
type oldUser struct {
	Account      any    `json:"account_id"`
	GivenName    string `json:"given_name"`
	FamilyName   string `json:"family_name"`
	Email        string `json:"email_address"`
	BillingCodes []any  `json:"billing_code_id"`
	Group        any    `json:"group_id"`
	Password     any    `json:"password"`
	SSHKey       any    `json:"ssh_key"`
}

// createUsers adds one user from the flags, or each user of --json FILE,
// printing each new user's id.
func createUsers(r *run) error {
	var users []oldUser
	if file := r.c.Value("json"); r.c.Has("json") {
		data, err := os.ReadFile(file)
		if err != nil {
			return r.exitWith(fmt.Sprintf("%s is not a file.", file))
		}
		if err := json.Unmarshal(data, &users); err != nil {
			return r.exitWith(fmt.Sprintf("%s is not a valid JSON.", file))
		}
	} else {
		for _, k := range []string{"given_name", "family_name", "email", "billing_codes"} {
			if !r.c.Has(k) {
				return r.help()
			}
		}
		u := oldUser{GivenName: r.c.Value("given_name"), FamilyName: r.c.Value("family_name"), Email: r.c.Value("email")}
		if r.c.Has("account") {
			u.Account = r.c.Value("account")
		}
		if r.c.Has("groups") {
			u.Group = r.c.Value("groups")
		}
		if r.c.Has("password") {
			u.Password = r.c.Value("password")
		}
		for _, code := range strings.Split(r.c.Value("billing_codes"), ",") {
			n, err := r.pyInt("billing_codes", code)
			if err != nil {
				return err
			}
			u.BillingCodes = append(u.BillingCodes, n)
		}
		users = []oldUser{u}
	}
	for _, u := range users {
		codes := make([]any, len(u.BillingCodes))
		for i, c := range u.BillingCodes {
			codes[i] = map[string]any{"billingCodeId": c}
		}
		payload := map[string]any{
			"givenName": u.GivenName, "familyName": u.FamilyName, "email": u.Email,
			"groups": []any{map[string]any{"groupId": u.Group}}, "account": map[string]any{"accountId": u.Account},
			"billingCodes": codes,
		}
		if u.SSHKey != nil {
			payload["sshPublicKey"] = u.SSHKey
		}
		if u.Password != nil {
			payload["password"] = u.Password
		}
		res, err := r.exec("User", catalog.KindCreate, "addUser", "", payload, nil)
		if err != nil {
			return err
		}
		id, err := firstID(res, "users", "userId")
		if err != nil {
			return err
		}
		if err := r.println(id); err != nil {
			return err
		}
	}
	return nil
}

// exitWith prints a sentence of the old tool and exits 1.
func (r *run) exitWith(text string) error {
	if err := r.println(text); err != nil {
		return err
	}
	return &ExitError{Code: 1, Msg: text}
}

// createBillingCode adds a billing code with quotas in US dollars and
// prints its id.
func createBillingCode(r *run) error {
	payload := map[string]any{
		"softQuota": map[string]any{"value": r.c.Value("soft"), "currency": "USD"},
		"hardQuota": map[string]any{"value": r.c.Value("hard"), "currency": "USD"},
		"status":    "ACTIVE", "name": r.c.Value("name"), "financeCode": r.c.Value("code"),
		"description": r.c.Value("description"),
	}
	res, err := r.exec("BillingCode", catalog.KindCreate, "addBillingCode", "", payload, nil)
	if err != nil {
		return err
	}
	id, err := firstID(res, "billingCodes", "billingCodeId")
	if err != nil {
		return err
	}
	return r.println(id)
}

// deleteBillingCode prints "Successful." after the delete.
func deleteBillingCode(r *run) error {
	ints, err := r.ints("billingcodeid", "replacementcodeid")
	if err != nil {
		return err
	}
	id := string(ints["billingcodeid"])
	if _, err := r.loadID("admin/BillingCode", id, "Cannot find the billing code."); err != nil {
		return err
	}
	q := url.Values{"reason": {r.c.Value("reason")}, "replacementCode": {string(ints["replacementcodeid"])}}
	if _, err := r.exec("BillingCode", catalog.KindDelete, "", id, nil, q); err != nil {
		return err
	}
	return r.println("Successful.")
}

// createAccount adds a cloud account and prints the Python repr of the
// answer. The old check wanted --group_id and --role_id (its message says
// all three), whatever else was given.
func createAccount(r *run) error {
	if r.c.Value("role_id") == "" || r.c.Value("group_id") == "" {
		return r.exitWith("If any of --group_id, --role_id or --budget_codes is specified, all must be specified")
	}
	cloud, err := r.pyInt("cloud_id", r.c.Value("cloud_id"))
	if err != nil {
		return err
	}
	payload := map[string]any{
		"name":              r.c.Value("account_name"),
		"cloudSubscription": subscription(cloud, strings.ReplaceAll(r.c.Value("account_number"), "\u00a0", ""), r.c.Value("api_key"), r.c.Value("api_secret")),
	}
	if r.c.Value("customer") != "" {
		customer, err := r.pyInt("customer", r.c.Value("customer"))
		if err != nil {
			return err
		}
		payload["customer"] = map[string]any{"customerId": customer}
	}
	group := r.c.Value("group_id")
	if r.c.Has("budget_codes") {
		codes := []any{}
		for _, c := range strings.Split(r.c.Value("budget_codes"), ",") {
			codes = append(codes, c)
		}
		payload["groupBudgetCodes"] = []any{map[string]any{"groupId": group, "budgetCodes": codes}}
	}
	payload["groupRoles"] = []any{map[string]any{"roleId": r.c.Value("role_id"), "groupId": group}}
	res, err := r.exec("Account", catalog.KindCreate, "addAccount", "", payload, nil)
	if err != nil {
		return err
	}
	return r.printResult(res)
}

// subscription is the cloudSubscription member of addAccount and
// assignCloud.
func subscription(cloud any, number, key, secret string) map[string]any {
	return map[string]any{"cloudId": cloud, "accountNumber": number, "apiKeyId": key, "apiKeySecret": secret}
}

// assignCloud gives an account its cloud credentials and prints the id of
// the account's cloud subscription, read back after.
func assignCloud(r *run) error {
	id := r.c.Value("accountid")
	notFound := fmt.Sprintf("Account ID %s does not exist.", id)
	if _, err := r.loadID("admin/Account", id, notFound); err != nil {
		return err
	}
	payload := map[string]any{"cloudSubscription": subscription(r.c.Value("cloudid"), r.c.Value("accountnumber"), r.c.Value("accesskey"), r.c.Value("secretkey"))}
	if _, err := r.exec("Account", catalog.KindAction, "assignCloud", id, payload, nil); err != nil {
		return err
	}
	acct, err := r.one("admin/Account", id)
	if err != nil {
		return err
	}
	if acct == nil {
		return errors.New(r.c.Tool.Name + ": account " + id + " is gone after the assignment")
	}
	return r.println(py2.Str(sub(acct, "cloud_subscription", "cloud_subscription_id")))
}

// createCM adds a configuration-management service. The old tool printed
// the payload it built (json.dumps, in its dict's order) before sending
// it, then the repr of the answer. --accesskey, --secretkey and
// --accountnumber were required but not sent (they belonged to the CM
// account form, left commented out).
func createCM(r *run) error {
	type service struct{ budget, endpoint, description, name, system any }
	var services []service
	if file := r.c.Value("json"); r.c.Has("json") {
		data, err := os.ReadFile(file)
		if err != nil {
			return r.exitWith(fmt.Sprintf("%s is not a file.", file))
		}
		v, err := py2.Decode(data)
		list, ok := v.([]any)
		if err != nil || !ok {
			return r.exitWith(fmt.Sprintf("%s is not a valid JSON.", file))
		}
		for _, e := range list {
			cm, _ := e.(*py2.Dict)
			services = append(services, service{attr(cm, "budget"), attr(cm, "serviceEndpoint"),
				attr(cm, "description"), attr(cm, "name"), sub(cm, "cmService", "cmServiceId")})
		}
	} else {
		for _, k := range []string{"budget", "endpoint", "secretkey", "accesskey", "description", "name", "system"} {
			if !r.c.Has(k) {
				return r.help()
			}
		}
		v := r.c.Value
		services = []service{{v("budget"), v("endpoint"), v("description"), v("name"), v("system")}}
	}
	for _, s := range services {
		shown := py2.DictOf("budget", s.budget, "serviceEndpoint", s.endpoint, "description", s.description,
			"name", s.name, "label", "red", "cmSystem", py2.DictOf("cmSystemID", s.system))
		if err := r.println(py2.Dumps(py2.DictOf("addService", []any{shown}))); err != nil {
			return err
		}
		payload := map[string]any{
			"budget": plain(s.budget), "serviceEndpoint": plain(s.endpoint), "description": plain(s.description),
			"name": plain(s.name), "label": "red", "cmSystem": map[string]any{"cmSystemId": plain(s.system)},
		}
		res, err := r.exec("ConfigurationManagementService", catalog.KindCreate, "addService", "", payload, nil)
		if err != nil {
			return err
		}
		if err := r.printResult(res); err != nil {
			return err
		}
	}
	return nil
}
