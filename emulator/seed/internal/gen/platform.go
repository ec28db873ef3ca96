package gen

func acmePlatform(s section) {
	own := func(user, group int64) []any {
		return []any{"owningGroup", ref("groupId", group), "owningUser", ref("userId", user)}
	}
	acl := []any{"readAny", false, "readCode", true, "readGroup", true, "readPublic", false,
		"writeAny", false, "writeCode", true, "writeGroup", true}
	s.add("StorageObject",
		o("storageObjectId", 46001, "providerId", "acme-backups", "name", "acme-backups", "type", "CONTAINER", "label", "blue",
			"budget", budgetEng, "cloud", ref("cloudId", cloudAWS), "region", ref("regionId", regionUSWest2), "findFreeName", false,
			"createdTimestamp", ts(2013, 11, 4, 18, 0, 0), "lastModifiedTimestamp", ts(2014, 6, 1, 2, 7, 41)).
			with(own(userMaria, groupOps)...).with(acl...),
		o("storageObjectId", 46002, "providerId", "acme-backups/orders-2014-06-01.sql.gz", "name", "orders-2014-06-01.sql.gz",
			"type", "OBJECT", "label", "blue", "budget", budgetEng, "cloud", ref("cloudId", cloudAWS),
			"region", ref("regionId", regionUSWest2), "container", ref("storageObjectId", 46001), "findFreeName", false,
			"size", 734003200, "createdTimestamp", ts(2014, 6, 1, 2, 7, 41), "lastModifiedTimestamp", ts(2014, 6, 1, 2, 7, 41)).
			with(own(userMaria, groupOps)...).with(acl...))
	window := func(day string, h int) obj {
		return o("daysOfWeek", []string{day}, "startHour", h, "startMinute", 0, "endHour", h+1, "endMinute", 0)
	}
	s.add("RelationalDatabase", o("relationalDatabaseId", 47001, "providerId", "acme-reporting", "name", "acme-reporting",
		"description", "Reporting replica (RDS)", "label", "purple", "status", "ACTIVE", "engine", "MYSQL55",
		"account", ref("accountId", acmeAWS), "adminUser", "admin", "allocatedStorageInGb", 100,
		"backupWindow", window("SUNDAY", 6), "maintenanceWindow", window("WEDNESDAY", 7),
		"cloud", ref("cloudId", cloudAWS), "region", ref("regionId", regionUSWest2), "dataCenter", ref("dataCenterId", dcUSWest2a),
		"customer", ref("customerId", acmeID), "createdTimestamp", ts(2014, 2, 14, 12, 0, 0),
		"currentRecoveryPoint", ts(2014, 6, 4, 18, 40, 0), "dnsName", "acme-reporting.c9akciq32.us-west-2.rds.amazonaws.com",
		"ha", false, "port", 3306, "owningGroup", ref("groupId", groupOps), "owningUser", ref("userId", userMaria), "budget", budgetEng))
	s.add("Distribution", o("distributionId", 3301, "name", "static.acme.example.com", "description", "CloudFront distribution for storefront assets", "status", "ACTIVE"))
	s.add("KeyValueDatabase", o("keyValueDatabaseId", 3401, "name", "acme-sessions", "description", "SimpleDB domain for web sessions", "status", "ACTIVE"))
	s.add("MessageQueue", o("messageQueueId", 3501, "name", "acme-orders", "description", "SQS queue feeding order fulfilment", "status", "ACTIVE"))
	s.add("PushNotificationTopic", o("pushNotificationTopicId", 3601, "name", "acme-ops-alerts", "description", "SNS topic paging the operations team", "status", "ACTIVE"))
}

// Globex Industries, a second, small customer so tenant isolation can be tested.
const (
	globexID       = 10002
	globexAccount  = 20010
	globexUser     = 14001
	globexGroup    = 7601
	globexBudget   = 1601
	globexFirewall = 24101
	globexServer   = 341001

	globexAccessKey = "GLOBEXMNQVZCHTRWKPLD"
	globexSecretKey = "Gx4Pm8Wq2Lz6Rb0Tn3Vk7Jc1Hs5Df9Ya2Ue4Bi8N"
)

func globex() customer {
	s := section{}
	cust := ref("customerId", globexID)
	s.add("Customer", o("customerId", globexID, "businessName", "Globex Industries", "accountingCurrency", "USD",
		"automatedExchangeRates", false, "created", ts(2013, 8, 2, 13, 0, 0), "createdTimestamp", ts(2013, 8, 2, 13, 0, 0), "status", "ACTIVE",
		"timeZone", "America/New_York", "webSite", "http://www.globex.example.com", "accounts", refs("accountId", globexAccount)))
	s.add("Account", o("accountId", globexAccount, "name", "Globex (AWS)", "status", "TRIAL", "configured", true,
		"provisioned", true, "subscribed", true, "customer", cust, "defaultBudget", globexBudget, "owner", ref("userId", globexUser),
		"planId", 1, "cloudSubscription", o("cloudSubscriptionId", 30601, "cloudId", cloudAWS, "accountNumber", "210987654321",
			"storageAccountNumber", "210987654321", "subscribedServer", true, "subscribedVolume", true, "subscribedRDBMS", false)))
	s.add("ApiKey", apiKey(globexAccessKey, "hank-cli", "Hank's command-line key", globexID, globexAccount, globexUser, ts(2014, 3, 3, 8, 0, 0)))
	s.add("BillingCode", billingCode(globexBudget, "Default", "GLX-1", "Everything", "NORMAL", 96.12, 140.00, 500, 400, globexID))
	s.add("Group", o("groupId", globexGroup, "name", "Admin", "description", "Everyone at Globex", "status", "ACTIVE",
		"customer", cust, "customerAdmin", true, "userAdmin", true, "configurationManagementAdmin", true,
		"roleAssignments", []obj{o("roleId", 9101, "roleName", "Admin", "accountId", globexAccount)}))
	s.add("Role", o("roleId", 9101, "name", "Admin", "description", "Everything", "status", "ACTIVE", "customer", cust,
		"acl", []obj{o("resourceType", "ANY", "action", "ANY", "qualifier", "ANY")}))
	s.add("User", o("userId", globexUser, "alphaName", "Scorpio, Hank", "givenName", "Hank", "familyName", "Scorpio",
		"email", "hank.scorpio@globex.example.com", "status", "ACTIVE", "timeZone", "America/New_York", "vmLoginId", "hscorpio",
		"editable", true, "customer", cust, "account", ref("accountId", globexAccount), "groups", refs("groupId", globexGroup),
		"billingCodes", refs("billingCodeId", globexBudget), "hasCloudAPIAccess", true, "hasCloudConsoleAccess", true))
	s.add("Job", job(84401, "COMPLETE", "Launch Server globex-app-01", ts(2014, 6, 2, 12, 0, 0), ts(2014, 6, 2, 12, 4, 30), "341001"))
	s.add("License", o("licensee", "Globex Industries", "daysUntilExpiration", 30,
		"expirationDateTime", ts(2014, 7, 4, 0, 0, 0), "serverLimit", 10, "valid", true))
	gown := func() []any {
		return []any{"customer", cust, "owningAccount", ref("accountId", globexAccount),
			"owningUser", ref("userId", globexUser), "owningGroups", refs("groupId", globexGroup)}
	}
	s.add("Firewall", o("firewallId", globexFirewall, "providerId", "sg-0a0b0c0d", "name", "default",
		"description", "default security group", "status", "ACTIVE", "budget", globexBudget, "removable", false,
		"cloud", ref("cloudId", cloudAWS), "region", ref("regionId", regionUSEast1)).with(gown()...))
	s.add("FirewallRule", o("firewallRuleId", 80101, "firewall", ref("firewallId", globexFirewall), "direction", "INGRESS",
		"protocol", "TCP", "startPort", 22, "endPort", 22, "source", "0.0.0.0/0", "sourceType", "CIDR",
		"destination", itoa(globexFirewall), "destinationType", "GLOBAL", "permission", "ALLOW", "precedence", 1, "networkAddress", "0.0.0.0/0"))
	s.add("Server", o("serverId", globexServer, "providerId", "i-6e5d4c3b", "name", "globex-app-01",
		"description", "Application server", "status", "RUNNING", "platform", "UBUNTU", "architecture", "I64",
		"budget", globexBudget, "cloud", ref("cloudId", cloudAWS), "region", ref("regionId", regionUSEast1),
		"dataCenter", ref("dataCenterId", dcUSEast1b), "machineImage", ref("machineImageId", imgUbuntu1404East1),
		"product", ref("productId", productID(regionUSEast1, "m3.medium")), "providerProductId", "m3.medium",
		"privateIpAddresses", []string{"10.181.7.12"}, "publicIpAddress", "54.87.120.4",
		"firewalls", refs("firewallId", globexFirewall), "startDate", ts(2014, 6, 2, 12, 4, 30)).with(gown()...))
	s.add("Volume", o("volumeId", 5201, "providerId", "vol-1c2b3a49", "name", "globex-data", "description", "Application data",
		"status", "AVAILABLE", "available", true, "budget", globexBudget, "encrypted", true, "removable", true,
		"sizeInGb", 10, "sizeString", "10GB", "creationTimestamp", ts(2014, 6, 2, 12, 10, 0),
		"cloud", ref("cloudId", cloudAWS), "region", ref("regionId", regionUSEast1), "dataCenter", ref("dataCenterId", dcUSEast1b)).
		with(gown()...))
	return customer{id: globexID, accessKey: globexAccessKey, secretKey: globexSecretKey, userID: globexUser, resources: s}
}
