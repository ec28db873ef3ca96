package gen

import (
	"fmt"
	"strconv"
	"strings"
)

// Acme's automation ids.
const (
	cmSvcChef     = 4101
	cmSvcScripts  = 4102
	deployStore   = 2101
	tierWeb       = 2201
	tierDB        = 2202
	serviceStore  = 2401
	dataSourceOrd = 2501
)

func itoa(n int) string { return strconv.Itoa(n) }

func dashed(ip string) string { return strings.ReplaceAll(ip, ".", "-") }

func acmeAutomation(s section) {
	cust := ref("customerId", acmeID)
	s.add("ConfigurationManagementService",
		o("cmServiceId", cmSvcChef, "name", "Acme Chef", "description", "Hosted Chef organisation acme", "label", "orange",
			"status", "ACTIVE", "budget", budgetEng, "removable", false, "cmSystem", ref("cmSystemId", 1),
			"serviceEndpoint", "https://api.opscode.com/organizations/acme", "customer", cust,
			"properties", o("environment", "_default"), "owningGroups", refs("groupId", groupOps), "owningUser", ref("userId", userMaria)),
		o("cmServiceId", cmSvcScripts, "name", "Acme Scripts", "description", "Boot scripts kept in S3", "label", "orange",
			"status", "ACTIVE", "budget", budgetEng, "removable", true, "cmSystem", ref("cmSystemId", 3),
			"serviceEndpoint", "https://s3-us-west-2.amazonaws.com/acme-dcm-scripts", "customer", cust,
			"properties", o("bucket", "acme-dcm-scripts", "cloudDelegate", "org.dasein.cloud.aws.AWSCloud",
				"esRegionId", itoa(regionUSWest2), "regionId", "us-west-2"),
			"owningGroups", refs("groupId", groupDevelop), "owningUser", ref("userId", userJohn)))
	s.add("ConfigurationManagementAccount",
		o("cmAccountId", cmAcctChef, "name", "acme-validator", "description", "Chef validation client", "accountNumber", "acme-validator",
			"budget", budgetEng, "cmService", ref("cmServiceId", cmSvcChef), "createdTimestamp", ts(2013, 9, 12, 10, 0, 0),
			"lastModifiedTimestamp", ts(2014, 2, 3, 16, 22, 0), "customer", cust, "guid", "/cmAccount/3610", "label", "orange",
			"removable", false, "status", "ACTIVE", "owningGroups", refs("groupId", groupOps), "owningUser", ref("userId", userMaria)),
		o("cmAccountId", cmAcctScript, "name", "acme-scripts", "description", "Read access to the scripts bucket", "accountNumber", "123456789012",
			"budget", budgetEng, "cmService", ref("cmServiceId", cmSvcScripts), "createdTimestamp", ts(2013, 10, 1, 12, 0, 0),
			"lastModifiedTimestamp", ts(2013, 10, 1, 12, 0, 0), "customer", cust, "guid", "/cmAccount/3611", "label", "orange",
			"removable", true, "status", "ACTIVE", "owningGroups", refs("groupId", groupDevelop), "owningUser", ref("userId", userJohn)))
	s.add("Environment",
		o("environmentId", 3701, "sharedEnvironmentCode", "3701-3610", "name", "production", "description", "Chef environment for production", "status", "ACTIVE", "cmAccount", o("cmAccountId", 3610), "createdTimestamp", ts(2013, 9, 12, 10, 5, 0)),
		o("environmentId", 3702, "sharedEnvironmentCode", "3702-3610", "name", "staging", "description", "Chef environment for staging", "status", "ACTIVE", "cmAccount", o("cmAccountId", 3610), "createdTimestamp", ts(2013, 9, 12, 10, 6, 0)))
	pers := func(id int64, name, desc string) obj {
		return o("personalityId", id, "sharedPersonalityCode", fmt.Sprintf("%d-%d", id, cmAcctChef), "name", name, "description", desc,
			"status", "ACTIVE", "label", "orange", "budget", budgetEng, "removable", true, "cmAccount", ref("cmAccountId", cmAcctChef),
			"createdTimestamp", ts(2013, 9, 20, 14, 0, 0), "lastModifiedTimestamp", ts(2014, 3, 11, 10, 30, 0), "customer", cust,
			"owningGroups", refs("groupId", groupOps), "owningUser", ref("userId", userMaria), "scripts", []string{})
	}
	s.add("Personality", pers(7502, "storefront-web", "Chef role: nginx + storefront app"), pers(7503, "mysql-server", "Chef role: MySQL 5.5 server"))
	script := func(id int64, name, desc, content string) obj {
		return o("scriptId", id, "sharedScriptCode", fmt.Sprintf("%d-%d", id, cmAcctScript), "name", name, "description", desc,
			"status", "ACTIVE", "label", "orange", "budget", budgetEng, "removable", true, "cmAccount", ref("cmAccountId", cmAcctScript),
			"content", content, "sizeInKb", 1, "version", "3", "createdTimestamp", ts(2013, 10, 2, 9, 0, 0),
			"lastModifiedTimestamp", ts(2014, 4, 8, 15, 45, 0), "customer", cust,
			"owningGroups", refs("groupId", groupDevelop), "owningUser", ref("userId", userJohn))
	}
	s.add("Script",
		script(8801, "install-nginx.sh", "Install and start nginx", "#!/bin/sh\nset -e\nyum install -y nginx\nchkconfig nginx on\nservice nginx start\n"),
		script(8802, "mount-data.sh", "Format and mount the data volume", "#!/bin/sh\nset -e\nmkfs.ext4 -q /dev/xvdh || true\nmkdir -p /data\nmount /dev/xvdh /data\n"))
	window := func(days []string, sh, eh int) obj {
		return o("daysOfWeek", days, "startHour", sh, "startMinute", 0, "endHour", eh, "endMinute", 0)
	}
	s.add("Deployment", o("deploymentId", deployStore, "name", "Acme Storefront", "description", "Public web shop with its order database",
		"label", "green", "budget", budgetWeb, "status", "RUNNING", "type", "DEDICATED",
		"creationTimestamp", ts(2014, 5, 19, 11, 0, 0), "launchTimestamp", ts(2014, 5, 20, 14, 0, 0), "customer", cust,
		"backupWindow", window([]string{"SUNDAY"}, 2, 4), "maintenanceWindow", window([]string{"TUESDAY", "THURSDAY"}, 3, 5),
		"forServiceCatalog", false, "owningGroups", refs("groupId", groupOps), "owningUser", ref("userId", userMaria),
		"regions", refs("regionId", regionUSWest2), "removable", false, "reasonNotRemovable", "You must shut down the deployment before removing it.",
		"loadBalancers", refs("loadBalancerId", lbWeb)))
	s.add("DeploymentLoadBalancer", o("loadBalancerId", lbWeb, "scope", "REGION", "type", "CLOUD",
		"firewalls", refs("firewallId", fwWeb), "product", o("productId", "elb")))
	tier := func(id int64, name, desc string, min, max int, status string) obj {
		return o("tierId", id, "name", name, "description", desc, "label", "green", "budget", budgetWeb,
			"deployment", ref("deploymentId", deployStore), "status", status, "scalingRules", "BASIC",
			"breachIncrement", 1, "breachPeriodInMinutes", 5, "cooldownPeriodInMinutes", 10,
			"lastBreachChangeTimestamp", ts(2014, 6, 3, 20, 10, 0), "lowerCpuThreshold", 20, "upperCpuThreshold", 80,
			"lowerRamThreshold", 20, "upperRamThreshold", 85, "minimumServers", min, "maximumServers", max, "removable", false)
	}
	s.add("Tier", tier(tierWeb, "web", "nginx + storefront app servers", 2, 6, "NORMAL"),
		tier(tierDB, "database", "MySQL primary", 1, 1, "NORMAL"))
	// The recorded launch configuration names its script entries by
	// sharedPersonalityCode; sharedScriptCode is what a launch sends.
	lc := func(id, tierID, image, fallback int64, product string, fws []any, subnet int64, personality, template string) obj {
		return o("launchConfigurationId", id, "status", "ACTIVE", "tier", ref("tierId", tierID),
			"deployment", ref("deploymentId", deployStore), "region", ref("regionId", regionUSWest2),
			"primaryMachineImage", ref("machineImageId", image), "secondaryMachineImage", ref("machineImageId", fallback),
			"primaryProduct", o("productId", product), "secondaryProduct", o("productId", "m3.medium"),
			"firewalls", refs("firewallId", fws...), "cmAccount", ref("cmAccountId", cmAcctChef),
			"personalities", []obj{o("sharedPersonalityCode", personality)}, "scripts", []obj{o("sharedScriptCode", "8801-3611", "sharedPersonalityCode", "8801-3611")},
			"network", ref("networkId", netProdVPC), "subnet", ref("subnetId", subnet), "raidLevel", "NONE",
			"arrayVolumeCapacity", 0, "arrayVolumeCount", 0, "recoveryDelayInMinutes", 5,
			"serverNameTemplate", template, "serverType", "SERVICE", "snapshotIntervalInMinutes", 1440,
			"useEncryptedVolumes", false, "useHypervisorStats", true, "customer", cust, "removable", false,
			"createdTimestamp", ts(2014, 5, 19, 11, 30, 0), "label", "green")
	}
	s.add("LaunchConfiguration",
		lc(2301, tierWeb, imgAcmeWeb, imgAcmeWebOld, "m1.large", []any{fwDefault, fwWeb}, subnetWebA, "7502-3610", "{group}-web-{count}"),
		lc(2302, tierDB, imgCentOS65West2, imgCentOS65West2, "m3.xlarge", []any{fwDefault, fwDB}, subnetDBB, "7503-3610", "{group}-db-{count}"))
	s.add("Service", o("serviceId", serviceStore, "name", "storefront-app", "description", "Storefront Java application",
		"budget", budgetWeb, "status", "ACTIVE", "backupIntervalInMinutes", 1440, "owningGroup", refs("groupId", groupDevelop),
		"owningUser", ref("userId", userJohn), "runAsUser", "storefront", "scalingModel", "HORIZONTAL"))
	s.add("DataSource", o("dataSourceId", dataSourceOrd, "name", "orders", "description", "Orders database",
		"label", "red", "databaseType", "VM_DYNAMIC", "nameInDatabase", "orders", "serviceUser", "storefront",
		"servicePassword", "********", "customConfiguration", "", "backupIntervalInMinutes", 1440,
		"dataSourceImage", o("cloudFileId", 46002), "service", ref("serviceId", serviceStore), "customer", cust,
		"owningGroup", refs("groupId", groupOps), "owningUser", ref("userId", userMaria), "preventRemove", true, "removable", false))
	s.add("DataSourceBackup", o("dataSourceBackupId", 2601, "dataSource", ref("dataSourceId", dataSourceOrd),
		"server", ref("serverId", srvDB01), "startTimestamp", ts(2014, 6, 1, 2, 0, 0), "endTimestamp", ts(2014, 6, 1, 2, 7, 41),
		"status", "COMPLETE", "dataSourceImage", o("cloudFileId", 46002)))
	s.add("TierBackup", o("tierBackupId", 2701, "status", "COMPLETE", "array", o("volumeCount", 1, "sizeInGb", 100),
		"startTimestamp", ts(2014, 6, 1, 3, 0, 0), "endTimestamp", ts(2014, 6, 1, 3, 12, 31),
		"scalingGroup", o("tierId", tierDB), "region", ref("regionId", regionUSWest2), "server", ref("serverId", srvDB01)))
	s.add("ServiceBackup", o("serviceBackupId", 2801, "name", "storefront-app 2014-06-01", "description", "Nightly application backup", "status", "COMPLETE"))
	s.add("SslCertificate", o("sslCertificateId", 2901, "name", "www-acme-2014", "description", "www.acme.example.com, expires 2015-03-01", "status", "ACTIVE"))
	s.add("ConfigurationManagementOption", o("configurationManagementOptionId", 2951, "name", "chef-client interval", "description", "Run chef-client every 30 minutes", "status", "ACTIVE"))
}
