package gen

// Acme's infrastructure ids.
const (
	fwDefault     = 24001
	fwWeb         = 24002
	fwDB          = 24003
	fwEUDefault   = 24004
	netProdVPC    = 31001
	netDevNet     = 31002
	subnetWebA    = 32001
	subnetDBB     = 32002
	srvWeb01      = 331810
	srvDB01       = 334367
	srvBuild01    = 339452
	srvWeb02      = 339460
	srvDev01      = 340001
	volDBData     = 5101
	volScratch    = 5102
	volDevData    = 5103
	snapDBData    = 6101
	snapDBOld     = 6102
	imgAcmeWeb    = 3801
	imgAcmeWebOld = 3802
	lbWeb         = 44001
	cmAcctChef    = 3610
	cmAcctScript  = 3611
)

// owned returns the ownership fields shared by most of Acme's resources.
func owned(user int64, groups ...any) obj {
	return o("customer", ref("customerId", acmeID), "owningAccount", ref("accountId", acmeAWS),
		"owningUser", ref("userId", user), "owningGroups", refs("groupId", groups...))
}

func acmeNetwork(s section) {
	fw := func(id int64, provider, name, desc, label string, region, budget int64) obj {
		return o("firewallId", id, "providerId", provider, "name", name, "description", desc, "label", label,
			"status", "ACTIVE", "budget", budget, "removable", id != fwDefault,
			"cloud", ref("cloudId", cloudAWS), "region", ref("regionId", region)).
			join(owned(userMaria, groupOps))
	}
	s.add("Firewall",
		fw(fwDefault, "sg-1a2b3c4d", "default", "default VPC security group", "gray", regionUSWest2, budgetEng),
		fw(fwWeb, "sg-5e6f7a8b", "acme-web", "Storefront web servers", "green", regionUSWest2, budgetWeb),
		fw(fwDB, "sg-9c0d1e2f", "acme-db", "MySQL servers, reachable from the web tier only", "red", regionUSWest2, budgetEng),
		fw(fwEUDefault, "sg-2f3e4d5c", "default", "default security group", "gray", regionEUWest1, budgetEng))
	id := int64(80001)
	rule := func(firewall int64, protocol string, start, end int, source string) obj {
		r := o("firewallRuleId", id, "firewall", ref("firewallId", firewall), "direction", "INGRESS", "protocol", protocol)
		if protocol != "ICMP" {
			r = r.with("startPort", start, "endPort", end)
		}
		r = r.with("source", source, "sourceType", "CIDR", "destination", itoa(int(firewall)), "destinationType", "GLOBAL",
			"permission", "ALLOW", "precedence", int(id-80000), "ruleProviderId", "", "networkAddress", source)
		id++
		return r
	}
	s.add("FirewallRule",
		rule(fwDefault, "TCP", 22, 22, "203.0.113.0/24"),
		rule(fwDefault, "ICMP", 0, 0, "10.0.0.0/16"),
		rule(fwWeb, "TCP", 80, 80, "0.0.0.0/0"),
		rule(fwWeb, "TCP", 443, 443, "0.0.0.0/0"),
		rule(fwWeb, "TCP", 22, 22, "203.0.113.0/24"),
		rule(fwDB, "TCP", 3306, 3306, "10.0.1.0/24"),
		rule(fwDB, "TCP", 22, 22, "203.0.113.0/24"),
		rule(fwEUDefault, "TCP", 22, 22, "203.0.113.0/24"))
	s.add("Network",
		o("networkId", netProdVPC, "providerId", "vpc-3f1a2b4c", "name", "acme-prod", "description", "Production VPC",
			"label", "blue", "status", "ACTIVE", "budget", budgetEng, "removable", false,
			"account", ref("accountId", acmeAWS), "cloud", ref("cloudId", cloudAWS), "region", ref("regionId", regionUSWest2)).
			join(owned(userMaria, groupOps)).
			with("guid", "/network/31001", "allowSubnetCreation", true, "canHaveSubnets", true, "publiclyAddressable", false,
				"flat", false, "createdTimestamp", ts(2013, 11, 4, 17, 12, 0), "lastModifiedTimestamp", ts(2014, 4, 2, 9, 30, 12),
				"networkAddress", "10.0.0.0/16", "networkType", "VPC", "ntpServers", []string{"169.254.169.123", "0.amazon.pool.ntp.org"},
				"dnsServers", []string{"10.0.0.2"}, "subnets", refs("subnetId", subnetWebA, subnetDBB)),
		o("networkId", netDevNet, "providerId", "8b1f4e0c-6a55-4c1e-9d3a-2f7c0e5b9a41", "name", "acme-dev",
			"description", "Development tenant network", "label", "yellow", "status", "ACTIVE", "budget", budgetQA, "removable", true,
			"account", ref("accountId", acmeOpenStack), "cloud", ref("cloudId", cloudOpenStack), "region", ref("regionId", regionOpenSt),
			"dataCenter", ref("dataCenterId", dcOpenStackNov),
			"customer", ref("customerId", acmeID), "owningAccount", ref("accountId", acmeOpenStack),
			"owningUser", ref("userId", userWei), "owningGroups", refs("groupId", groupDevelop),
			"guid", "/network/31002", "allowSubnetCreation", false, "canHaveSubnets", false, "publiclyAddressable", false,
			"flat", true, "createdTimestamp", ts(2014, 1, 20, 11, 0, 0), "lastModifiedTimestamp", ts(2014, 1, 20, 11, 0, 0),
			"networkAddress", "192.168.10.0/24", "networkType", "OVERLAY", "ntpServers", []string{"192.168.10.1"},
			"dnsServers", []string{"192.168.10.1", "8.8.8.8"}))
	subnet := func(id int64, provider, name, cidr string, dc int64) obj {
		return o("subnetId", id, "name", name, "description", name+" subnet of acme-prod", "label", "blue", "status", "ACTIVE",
			"budget", budgetEng, "removable", true, "cloud", ref("cloudId", cloudAWS), "customer", ref("customerId", acmeID),
			"dataCenter", ref("dataCenterId", dc), "region", ref("regionId", regionUSWest2), "network", ref("networkId", netProdVPC),
			"networkAddress", cidr, "guid", "/subnet/"+provider, "providerId", provider,
			"account", ref("accountId", acmeAWS), "owningAccount", ref("accountId", acmeAWS),
			"owningGroups", refs("groupId", groupOps), "owningUser", ref("userId", userMaria),
			"createdTimestamp", ts(2013, 11, 4, 17, 14, 0), "lastModifiedTimestamp", ts(2013, 11, 4, 17, 14, 0))
	}
	s.add("Subnet",
		subnet(subnetWebA, "subnet-7a1b2c3d", "acme-web-a", "10.0.1.0/24", dcUSWest2a),
		subnet(subnetDBB, "subnet-8e9f0a1b", "acme-db-b", "10.0.2.0/24", dcUSWest2b))
	s.add("LoadBalancer", o("loadBalancerId", lbWeb, "providerId", "acme-web-lb", "name", "acme-web-lb",
		"description", "Storefront web load balancer", "label", "green", "status", "ACTIVE",
		"address", "acme-web-lb-1234567890.us-west-2.elb.amazonaws.com", "cnameBased", true, "budget", budgetWeb, "removable", true,
		"cloud", ref("cloudId", cloudAWS), "region", ref("regionId", regionUSWest2)).
		join(owned(userMaria, groupOps)).
		with("dataCenters", refs("dataCenterId", dcUSWest2a, dcUSWest2b), "servers", refs("serverId", srvWeb01, srvWeb02),
			"listeners", []obj{
				o("lbProtocol", "HTTP", "publicPort", 80, "privatePort", 80, "algorithm", "ROUND_ROBIN"),
				o("lbProtocol", "HTTPS", "publicPort", 443, "privatePort", 80, "algorithm", "ROUND_ROBIN", "sslCertificateName", "www-acme-2014")}))
	s.add("DnsZone", o("dnsZoneId", 3201, "name", "acme.example.com.", "friendlyName", "acme.example.com",
		"description", "Public zone for the storefront", "label", "blue", "status", "ACTIVE", "budget", budgetWeb, "removable", true,
		"cloud", ref("cloudId", cloudAWS), "creationTimestamp", ts(2013, 6, 4, 18, 45, 12), "lastChangeTimestamp", ts(2014, 5, 20, 14, 30, 0)).
		join(owned(userMaria, groupOps)).
		with("providerId", "Z1D633PJN98FT9", "records", []obj{
			o("name", "www.acme.example.com.", "type", "CNAME", "ttl", 300, "values", []string{"acme-web-lb-1234567890.us-west-2.elb.amazonaws.com"}),
			o("name", "acme.example.com.", "type", "MX", "ttl", 3600, "values", []string{"10 mail.acme.example.com."})}))
}

func acmeCompute(s section) {
	type srv struct {
		id                   int64
		provider, name, desc string
		status, mgmt         string
		dc, image, user      int64
		product              string
		budget               int64
		firewalls            []any
		subnet, group        int64
		privIP, pubIP        string
		start, stop          string
		label                string
		platform             string
	}
	servers := []srv{
		{srvWeb01, "i-2b2f4411", "web-01", "Storefront web server", "RUNNING", "OPERATIONAL", dcUSWest2a, imgAcmeWeb, userJohn, "m1.large", budgetWeb, []any{fwDefault, fwWeb}, subnetWebA, groupDevelop, "10.0.1.21", "54.201.33.10", ts(2014, 5, 20, 14, 6, 40), "", "green", "CENT_OS"},
		{srvWeb02, "i-7c3e9a12", "web-02", "Storefront web server", "RUNNING", "OPERATIONAL", dcUSWest2b, imgAcmeWeb, userJohn, "m1.large", budgetWeb, []any{fwDefault, fwWeb}, subnetDBB, groupDevelop, "10.0.2.22", "54.201.41.77", ts(2014, 5, 28, 9, 12, 3), "", "green", "CENT_OS"},
		{srvDB01, "i-5d1a7f3e", "db-01", "Orders database (MySQL 5.5)", "PAUSED", "OUT_OF_SERVICE", dcUSWest2b, imgCentOS65West2, userMaria, "m3.xlarge", budgetEng, []any{fwDefault, fwDB}, subnetDBB, groupOps, "10.0.2.10", "", ts(2014, 5, 20, 14, 8, 15), ts(2014, 6, 3, 22, 1, 30), "red", "CENT_OS"},
		{srvBuild01, "i-0f9e8d7c", "build-01", "Jenkins build slave (retired)", "TERMINATED", "TERMINATED", dcUSWest2c, imgUbuntu1404West2, userWei, "c3.large", budgetQA, []any{fwDefault}, 0, groupDevelop, "10.0.3.5", "", ts(2014, 4, 1, 8, 0, 0), ts(2014, 6, 2, 18, 45, 10), "gray", "UBUNTU"},
	}
	for _, v := range servers {
		m := o("serverId", v.id, "providerId", v.provider, "name", v.name, "description", v.desc, "label", v.label,
			"status", v.status, "platform", v.platform, "architecture", "I64")
		if v.platform == "CENT_OS" {
			m = m.with("agentVersion", 21)
		}
		m = m.with("budget", v.budget, "cloud", ref("cloudId", cloudAWS), "region", ref("regionId", regionUSWest2),
			"dataCenter", ref("dataCenterId", v.dc), "customer", ref("customerId", acmeID),
			"machineImage", ref("machineImageId", v.image), "product", ref("productId", productID(regionUSWest2, v.product)),
			"providerProductId", v.product, "privateIpAddresses", []string{v.privIP})
		if v.pubIP != "" {
			m = m.with("publicIpAddress", v.pubIP, "publicIpAddresses", []string{v.pubIP},
				"publicDnsAddress", "ec2-"+dashed(v.pubIP)+".us-west-2.compute.amazonaws.com")
		}
		m = m.with("privateDnsAddress", "ip-"+dashed(v.privIP)+".us-west-2.compute.internal",
			"firewalls", refs("firewallId", v.firewalls...), "network", ref("networkId", netProdVPC))
		if v.subnet != 0 {
			m = m.with("subnet", ref("subnetId", v.subnet))
		}
		m = m.with("owningUser", ref("userId", v.user), "owningGroups", refs("groupId", v.group),
			"owningAccount", ref("accountId", acmeAWS), "startDate", v.start)
		if v.stop != "" {
			m = m.with("stopDate", v.stop)
		}
		if v.status == "RUNNING" {
			m = m.with("cmAccount", ref("cmAccountId", cmAcctChef),
				"environment", o("sharedEnvironmentCode", "3701-3610"),
				"personalities", []obj{o("sharedPersonalityCode", "7502-3610")},
				"scripts", []obj{o("sharedScriptCode", "8801-3611")},
				"runList", []string{"recipe[nginx]", "role[storefront-web]"},
				"lastAgentContactTimestamp", ts(2014, 6, 4, 18, 44, 2))
		}
		m = m.with("imageable", v.status != "TERMINATED", "managementState", v.mgmt, "persistent", true,
			"registered", v.platform == "CENT_OS", "removable", v.status != "TERMINATED", "createTimestamp", v.start,
			"lastBootTimestamp", v.start)
		switch v.status {
		case "PAUSED":
			m = m.with("lastPauseTimestamp", v.stop)
		case "TERMINATED":
			m = m.with("terminationTimestamp", v.stop)
		}
		s.add("Server", m)
	}
	s.add("Server", o("serverId", srvDev01, "providerId", "0d6c2a9e-41f7-4b3a-a1c2-7f5e8d9b0c11", "name", "dev-wchen",
		"description", "Wei's development box", "label", "yellow", "status", "RUNNING", "platform", "UBUNTU",
		"architecture", "I64", "agentVersion", 21, "budget", budgetQA, "cloud", ref("cloudId", cloudOpenStack),
		"region", ref("regionId", regionOpenSt), "dataCenter", ref("dataCenterId", dcOpenStackNov),
		"customer", ref("customerId", acmeID), "machineImage", ref("machineImageId", imgUbuntuOpenStack),
		"product", ref("productId", productID(regionOpenSt, "m1.small")), "providerProductId", "m1.small",
		"privateIpAddresses", []string{"192.168.10.14"}, "network", ref("networkId", netDevNet), "vlan", ref("vlanId", 2600),
		"owningUser", ref("userId", userWei), "owningGroups", refs("groupId", groupDevelop),
		"owningAccount", ref("accountId", acmeOpenStack), "startDate", ts(2014, 6, 2, 9, 15, 0),
		"terminateAfter", ts(2014, 7, 2, 9, 15, 0), "pauseAfter", ts(2014, 6, 4, 23, 0, 0),
		"managementState", "OPERATIONAL", "persistent", false, "registered", true, "removable", true))

	vol := func(id int64, provider, name, desc string, size int, dc int64, server int64, device string) obj {
		status := "AVAILABLE" // the catalogue's volume states: AVAILABLE, ATTACHED
		if server != 0 {
			status = "ATTACHED"
		}
		m := o("volumeId", id, "providerId", provider, "name", name, "description", desc, "label", "blue",
			"status", status, "available", server == 0, "budget", budgetEng, "encrypted", false, "removable", true,
			"sizeInGb", size, "sizeString", itoa(size)+"GB")
		if device != "" {
			m = m.with("deviceId", device)
		}
		m = m.with("creationTimestamp", ts(2014, 5, 20, 14, 9, 48), "cloud", ref("cloudId", cloudAWS),
			"region", ref("regionId", regionUSWest2), "dataCenter", ref("dataCenterId", dc)).join(owned(userMaria, groupOps))
		if server != 0 {
			m = m.with("server", ref("serverId", server))
		}
		return m
	}
	s.add("Volume",
		vol(volDBData, "vol-4b1c2d3e", "db-01-data", "MySQL data volume", 100, dcUSWest2b, srvDB01, "/dev/sdh"),
		vol(volScratch, "vol-9a8b7c6d", "scratch", "Spare volume restored from a snapshot", 50, dcUSWest2a, 0, "").
			with("snapshot", ref("snapshotId", snapDBOld)),
		o("volumeId", volDevData, "providerId", "c1a7e2f0-5b3d-4e6a-8f1c-2d9b0a7e6c54", "name", "dev-wchen-home",
			"description", "Home directories", "label", "yellow", "status", "ATTACHED", "available", false, "budget", budgetQA,
			"encrypted", false, "removable", true, "sizeInGb", 20, "sizeString", "20GB", "deviceId", "/dev/vdb",
			"creationTimestamp", ts(2014, 6, 2, 9, 20, 0), "cloud", ref("cloudId", cloudOpenStack),
			"region", ref("regionId", regionOpenSt), "dataCenter", ref("dataCenterId", dcOpenStackNov),
			"customer", ref("customerId", acmeID), "owningAccount", ref("accountId", acmeOpenStack),
			"owningUser", ref("userId", userWei), "owningGroups", refs("groupId", groupDevelop),
			"server", ref("serverId", srvDev01)))
	snap := func(id int64, provider, name, when string) obj {
		return o("snapshotId", id, "providerId", provider, "name", name, "description", "Nightly snapshot of db-01-data",
			"label", "blue", "status", "AVAILABLE", "available", true, "budget", budgetEng, "encrypted", false,
			"sharable", true, "removable", true, "public", false, "sizeInGb", 100, "createdTimestamp", when,
			"snapshotTimestamp", when, "cloud", ref("cloudId", cloudAWS), "region", ref("regionId", regionUSWest2)).
			join(owned(userMaria, groupOps)).
			with("owningCloudAccountId", "123456789012", "owningCloudAccountNumber", "123456789012", "volume", ref("volumeId", volDBData))
	}
	s.add("Snapshot",
		snap(snapDBData, "snap-1f2e3d4c", "db-01-data-2014-06-01", ts(2014, 6, 1, 3, 12, 31)),
		snap(snapDBOld, "snap-5b6a7980", "db-01-data-2014-05-25", ts(2014, 5, 25, 3, 10, 2)))
	golden := func(id int64, provider, name, desc string, created string) obj {
		return o("machineImageId", id, "providerId", provider, "name", name,
			"description", desc, "label", "green", "status", "ACTIVE",
			"platform", "CENT_OS", "architecture", "I64", "agentVersion", 21, "budget", budgetWeb,
			"cloud", ref("cloudId", cloudAWS), "region", ref("regionId", regionUSWest2), "customer", ref("customerId", acmeID),
			"creationTimestamp", created, "owningAccount", ref("accountId", acmeAWS),
			"owningCloudAccountNumber", "123456789012", "owningCloudAccountId", "123456789012",
			"owningUser", ref("userId", userJohn), "owningGroups", refs("groupId", groupDevelop),
			"removable", true, "sharable", true, "public", false)
	}
	s.add("MachineImage",
		golden(imgAcmeWeb, "ami-3d4e5f60", "acme-web-golden-2014-05", "Storefront web server image (May build)", ts(2014, 5, 19, 16, 40, 0)),
		golden(imgAcmeWebOld, "ami-1a2b3c4d", "acme-web-golden-2014-04", "Storefront web server image (April build)", ts(2014, 4, 22, 10, 5, 0)))
	s.add("ServerPrepayment", o("serverPrepaymentId", 3101, "status", "ACTIVE", "account", ref("accountId", acmeAWS),
		"billingPreferences", o("billingCode", budgetWeb), "cloud", ref("cloudId", cloudAWS), "currency", "USD",
		"dataCenter", ref("dataCenterId", dcUSWest2a), "description", "1-year reserved m1.large for the web tier",
		"expiration", ts(2015, 1, 15, 0, 0, 0), "fixedFee", 553.0, "guid", "/prepayment/3101", "hourlyFee", 0.08,
		"label", "green", "name", "web-reserved-2014", "owningGroups", refs("groupId", groupOps),
		"owningUser", ref("userId", userMaria), "periodInDays", 365, "periodStart", ts(2014, 1, 15, 0, 0, 0),
		"providerId", "d2a9c3e1-7f4b-4b8e-9a61-2c5e0f3d8b17", "providerProductId", "m1.large",
		"region", ref("regionId", regionUSWest2), "serverCount", 2))
}
