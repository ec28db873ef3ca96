package gen

import (
	"fmt"
	"strings"
	"time"

	"github.com/mixcoatl/mixcoatl/wire"
)

// Acme Corporation, the default customer: an AWS account used in earnest
// plus a private OpenStack cloud for development.
const (
	acmeID         = 10001
	acmeAWS        = 20001
	acmeOpenStack  = 20002
	userJane       = 13516 // customer admin; the default API key acts as her
	userJohn       = 13517
	userMaria      = 13518
	userWei        = 13519
	groupAdmin     = 7501
	groupDevelop   = 7502
	groupOps       = 7503
	roleAdmin      = 9001
	roleDeveloper  = 9002
	roleOperations = 9003
	budgetEng      = 1512
	budgetWeb      = 1513
	budgetQA       = 1514

	acmeAccessKey = "ACMEJQWHCDTVCMBLWZTC"
	acmeSecretKey = "Xq7Vb2Lm9Rt4Kw8Zp3Nc6Hj1Df5Gs0Ya+Ue2Ti7O"
)

// ts formats a UTC time the way the API does.
func ts(y int, mo time.Month, d, h, mi, s int) string {
	return time.Date(y, mo, d, h, mi, s, 0, time.UTC).Format(wire.TimestampLayout)
}

func acme() customer {
	s := section{}
	acmeAdmin(s)
	acmeNetwork(s)
	acmeCompute(s)
	acmeAutomation(s)
	acmePlatform(s)
	return customer{id: acmeID, accessKey: acmeAccessKey, secretKey: acmeSecretKey, userID: userJane, resources: s}
}

func acmeAdmin(s section) {
	cust := ref("customerId", acmeID)
	s.add("Customer", o("customerId", acmeID, "businessName", "Acme Corporation", "accountingCurrency", "USD",
		"automatedExchangeRates", true, "created", ts(2012, 3, 14, 16, 20, 5), "createdTimestamp", ts(2012, 3, 14, 16, 20, 5), "status", "ACTIVE",
		"timeZone", "America/Chicago", "webSite", "http://www.acme.example.com",
		"accounts", refs("accountId", acmeAWS, acmeOpenStack)))
	s.add("Account",
		o("accountId", acmeAWS, "name", "Acme Production (AWS)", "status", "ACTIVE",
			"alertConfiguration", o("alertIntervalInMinutes", 60, "allowIndividualEmailAlerts", true, "allowIndividualSmsAlerts", false,
				"globalEmailThreshold", 3, "globalSmsThreshold", 5, "stopAlertsAfterMinutes", 1440),
			"billingSystemId", "ACME-0001", "configured", true, "provisioned", true, "subscribed", true,
			"customer", cust, "defaultBudget", budgetEng, "owner", ref("userId", userJane), "planId", 3,
			"cloudSubscription", o("cloudSubscriptionId", 30501, "cloudId", cloudAWS, "accountNumber", "123456789012",
				"storageAccountNumber", "123456789012", "subscribedServer", true, "subscribedVolume", true, "subscribedRDBMS", true)),
		o("accountId", acmeOpenStack, "name", "Acme Development (OpenStack)", "status", "ACTIVE",
			"configured", true, "provisioned", true, "subscribed", true,
			"customer", cust, "defaultBudget", budgetQA, "owner", ref("userId", userWei), "planId", 3,
			"cloudSubscription", o("cloudSubscriptionId", 30502, "cloudId", cloudOpenStack, "accountNumber", "acme-dev",
				"storageAccountNumber", nil, "subscribedServer", true, "subscribedVolume", true, "subscribedRDBMS", false)))
	s.add("ApiKey",
		apiKey(acmeAccessKey, "jane-laptop", "Jane's key for mixcoatl", acmeID, acmeAWS, userJane, ts(2014, 1, 6, 15, 2, 44)),
		apiKey("ACMEHTMQWNZYCEKPLRVS", "jenkins", "Continuous integration (build pipeline)", acmeID, acmeAWS, userJohn, ts(2014, 2, 11, 9, 30, 0)))
	s.add("BillingCode",
		billingCode(budgetEng, "Engineering", "ENG-100", "Product engineering", "NORMAL", 1842.57, 2475.10, 5000, 4000, acmeID),
		billingCode(budgetWeb, "Marketing Website", "MKT-220", "www.acme.example.com and campaign sites", "SOFT_ALARM", 812.40, 1090.00, 1200, 1000, acmeID),
		billingCode(budgetQA, "QA", "ENG-140", "Test environments; hard quota stops new launches", "HARD_ALARM", 1503.22, 1650.00, 1500, 1200, acmeID))
	groups := []struct {
		id               int64
		name, desc       string
		customer, user   bool
		role             int64
		roleName, cmQual string
	}{
		{groupAdmin, "Admin", "Customer administrators", true, true, roleAdmin, "Admin", "ANY"},
		{groupDevelop, "Developers", "Application developers", false, false, roleDeveloper, "Developer", "GROUP"},
		{groupOps, "Operations", "Operations and on-call staff", false, true, roleOperations, "Operations", "ANY"},
	}
	for _, g := range groups {
		s.add("Group", o("groupId", g.id, "name", g.name, "description", g.desc, "status", "ACTIVE", "customer", cust,
			"customerAdmin", g.customer, "userAdmin", g.user, "configurationManagementAdmin", g.customer,
			"configurationManagementQualifier", g.cmQual,
			"groupAccountBudgetCodes", []obj{o("accountId", acmeAWS, "budgetCodes", []int64{budgetEng, budgetWeb})},
			"roleAssignments", []obj{
				o("roleId", g.role, "roleName", g.roleName, "accountId", acmeAWS),
				o("roleId", g.role, "roleName", g.roleName, "accountId", acmeOpenStack)}))
	}
	acl := func(resource, action, qualifier string) obj {
		return o("resourceType", resource, "action", action, "qualifier", qualifier)
	}
	s.add("Role",
		o("roleId", roleAdmin, "name", "Admin", "description", "Everything on every resource", "status", "ACTIVE",
			"customer", cust, "acl", []obj{acl("ANY", "ANY", "ANY")}),
		o("roleId", roleDeveloper, "name", "Developer", "description", "Launch and manage the group's servers and volumes",
			"status", "ACTIVE", "customer", cust, "acl", []obj{
				acl("CONSOLE", "ACCESS", "ANY"), acl("CONSOLE", "CREATE_API_KEYS", "MINE"),
				acl("SERVER", "START", "GROUP"), acl("SERVER", "PAUSE", "GROUP"), acl("SERVER", "CONFIGURE", "GROUP"),
				acl("SERVER", "IMAGE", "GROUP"), acl("VOLUME", "CREATE", "GROUP"), acl("VOLUME", "ATTACH", "GROUP"),
				acl("VOLUME", "DETACH", "GROUP"), acl("VOLUME", "SNAPSHOT", "GROUP"), acl("IMAGE", "ANY", "BILLING")}),
		o("roleId", roleOperations, "name", "Operations", "description", "Run production: servers, firewalls, load balancers",
			"status", "ACTIVE", "customer", cust, "acl", []obj{
				acl("CONSOLE", "ACCESS", "ANY"), acl("CONSOLE", "VIEW_BILLING", "ANY"), acl("SERVER", "ANY", "ANY"),
				acl("VOLUME", "ANY", "ANY"), acl("FIREWALL", "ANY", "ANY"), acl("LB", "ANY", "ANY"), acl("SNAPSHOT", "ANY", "ANY")}))
	users := []struct {
		id                   int64
		given, family, login string
		groups               []any
		budgets              []any
		tz                   string
	}{
		{userJane, "Jane", "Doe", "jdoe", []any{groupAdmin}, []any{budgetEng, budgetWeb, budgetQA}, "America/Chicago"},
		{userJohn, "John", "Smith", "jsmith", []any{groupDevelop}, []any{budgetEng, budgetQA}, "America/Chicago"},
		{userMaria, "Maria", "Garcia", "mgarcia", []any{groupOps}, []any{budgetEng, budgetWeb}, "America/New_York"},
		{userWei, "Wei", "Chen", "wchen", []any{groupDevelop, groupOps}, []any{budgetQA}, "America/Los_Angeles"},
	}
	for i, u := range users {
		s.add("User", o("userId", u.id, "accountUserId", 40000+u.id, "alphaName", u.family+", "+u.given,
			"givenName", u.given, "familyName", u.family, "email", strings.ToLower(u.given+"."+u.family)+"@acme.example.com",
			"status", "ACTIVE", "timeZone", u.tz, "vmLoginId", u.login,
			"sshPublicKey", fmt.Sprintf("ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQC%02dacme%s %s@acme", i, u.login, u.login),
			"editable", true, "customer", cust, "account", ref("accountId", acmeAWS),
			"groups", refs("groupId", u.groups...), "billingCodes", refs("billingCodeId", u.budgets...),
			"hasCloudAPIAccess", true, "hasCloudConsoleAccess", u.id != userWei, "legacyUserId", 900+int64(i)))
	}
	s.add("Job",
		job(84310, "COMPLETE", "Launch Server web-01", ts(2014, 5, 20, 14, 2, 11), ts(2014, 5, 20, 14, 6, 40), "331810"),
		job(84311, "COMPLETE", "Launch Server db-01", ts(2014, 5, 20, 14, 3, 2), ts(2014, 5, 20, 14, 8, 15), "334367"),
		job(84312, "COMPLETE", "CREATE VOLUME db-01-data", ts(2014, 5, 20, 14, 9, 0), ts(2014, 5, 20, 14, 9, 48), "5101"),
		job(84313, "COMPLETE", "Snapshot of db-01-data", ts(2014, 6, 1, 3, 0, 0), ts(2014, 6, 1, 3, 12, 31), "6101"),
		job(84314, "COMPLETE", "Terminate 339452", ts(2014, 6, 2, 18, 44, 3), ts(2014, 6, 2, 18, 45, 10), ""),
		job(84315, "ERROR", "Launch Server qa-big-01", ts(2014, 6, 3, 10, 15, 0), ts(2014, 6, 3, 10, 15, 4),
			"Launch denied: billing code QA (1514) is over its hard quota"),
		job(84316, "COMPLETE", "Pause Server db-01", ts(2014, 6, 3, 22, 0, 0), ts(2014, 6, 3, 22, 1, 30), ""))
	s.add("License", o("licensee", "Acme Corporation", "daysUntilExpiration", 365,
		"expirationDateTime", ts(2015, 6, 30, 23, 59, 59), "serverLimit", 500, "valid", true))
	s.add("Budget", o("budgetId", 3001, "name", "FY2014 Cloud Budget", "description", "Company-wide cloud spend for fiscal 2014", "status", "ACTIVE"))
}

func apiKey(access, name, desc string, customer, account, user int64, activation string) obj {
	return o("accessKey", access, "name", name, "description", desc, "state", "ACTIVE",
		"activation", activation, "expiration", ts(2015, 12, 31, 23, 59, 59),
		"account", ref("accountId", account), "customer", ref("customerId", customer), "user", ref("userId", user),
		"customerManagementKey", false, "systemManagementKey", false)
}

func billingCode(id int64, name, finance, desc, state string, current, projected, hard, soft float64, customer int64) obj {
	return o("billingCodeId", id, "name", name, "financeCode", finance, "description", desc, "status", "ACTIVE",
		"budgetState", state, "currentUsage", usd(current), "projectedUsage", usd(projected),
		"hardQuota", usd(hard), "softQuota", usd(soft), "customer", ref("customerId", customer))
}

func job(id int64, status, desc, start, end, message string) obj {
	return o("jobId", id, "status", status, "description", desc, "startDate", start, "endDate", end, "message", message)
}
