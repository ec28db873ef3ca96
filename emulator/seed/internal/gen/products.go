package gen

import (
	"fmt"
	"math"
)

// productDef is one instance type of a cloud at its base (cheapest region) price.
type productDef struct {
	providerID string
	label      string // human size name
	cpus       int
	ramMb      int
	diskGb     int
	mhz        int
	rate       float64 // USD per hour, Linux
	platform   string  // UNIX or WINDOWS
}

// productsOf lists a cloud's instance types as priced in mid-2014.
func productsOf(cloud int64) []productDef {
	switch cloud {
	case cloudAWS:
		return []productDef{
			{"t1.micro", "Micro", 1, 613, 0, 1000, 0.020, "UNIX"},
			{"m1.small", "Small", 1, 1740, 160, 1000, 0.044, "UNIX"},
			{"m1.large", "Large", 2, 7680, 840, 2000, 0.175, "UNIX"},
			{"m3.medium", "Medium", 1, 3840, 4, 2500, 0.070, "UNIX"},
			{"m3.xlarge", "Extra Large", 4, 15360, 80, 2500, 0.280, "UNIX"},
			{"c3.large", "Compute Optimized Large", 2, 3840, 32, 2800, 0.105, "UNIX"},
			{"m3.medium", "Medium", 1, 3840, 4, 2500, 0.133, "WINDOWS"},
		}
	case cloudAzure:
		return []productDef{
			{"ExtraSmall", "Extra Small (A0)", 1, 768, 20, 1000, 0.020, "UNIX"},
			{"Small", "Small (A1)", 1, 1792, 70, 1600, 0.060, "UNIX"},
			{"Medium", "Medium (A2)", 2, 3584, 135, 1600, 0.120, "UNIX"},
			{"Large", "Large (A3)", 4, 7168, 285, 1600, 0.240, "UNIX"},
			{"Medium", "Medium (A2)", 2, 3584, 135, 1600, 0.180, "WINDOWS"},
		}
	case cloudGCE:
		return []productDef{
			{"f1-micro", "Micro", 1, 614, 0, 2600, 0.013, "UNIX"},
			{"n1-standard-1", "Standard 1", 1, 3840, 0, 2600, 0.070, "UNIX"},
			{"n1-standard-2", "Standard 2", 2, 7680, 0, 2600, 0.140, "UNIX"},
		}
	case cloudRackspace:
		return []productDef{
			{"2", "512MB Standard Instance", 1, 512, 20, 2000, 0.022, "UNIX"},
			{"3", "1GB Standard Instance", 1, 1024, 40, 2000, 0.060, "UNIX"},
			{"performance1-1", "1 GB Performance", 1, 1024, 20, 2400, 0.040, "UNIX"},
			{"performance1-2", "2 GB Performance", 2, 2048, 40, 2400, 0.080, "UNIX"},
		}
	case cloudHP:
		return []productDef{
			{"standard.xsmall", "Extra Small", 1, 1024, 30, 2400, 0.030, "UNIX"},
			{"standard.small", "Small", 2, 2048, 60, 2400, 0.060, "UNIX"},
			{"standard.medium", "Medium", 2, 4096, 120, 2400, 0.120, "UNIX"},
		}
	case cloudOpenStack:
		return []productDef{
			{"m1.tiny", "Tiny", 1, 512, 1, 2200, 0, "UNIX"},
			{"m1.small", "Small", 1, 2048, 20, 2200, 0, "UNIX"},
			{"m1.medium", "Medium", 2, 4096, 40, 2200, 0, "UNIX"},
			{"m1.large", "Large", 4, 8192, 80, 2200, 0, "UNIX"},
		}
	case cloudVSphere:
		return []productDef{
			{"1:512", "1 CPU, 512 MB", 1, 512, 0, 2400, 0, "UNIX"},
			{"1:1024", "1 CPU, 1 GB", 1, 1024, 0, 2400, 0, "UNIX"},
			{"2:2048", "2 CPU, 2 GB", 2, 2048, 0, 2400, 0, "UNIX"},
			{"4:4096", "4 CPU, 4 GB", 4, 4096, 0, 2400, 0, "UNIX"},
		}
	}
	return nil
}

// productRec is a generated ServerProduct with its id.
type productRec struct {
	id       int64
	region   int64
	def      productDef
	document obj
}

// firstProductID is the first ServerProduct id; ids then follow region by region.
const firstProductID = 601

func serverProducts() []productRec {
	var out []productRec
	id := int64(firstProductID)
	for _, r := range regions() {
		for _, p := range productsOf(r.cloud) {
			rate := round3(p.rate * r.priceFactor)
			desc := fmt.Sprintf("%s: %d vCPU, %s RAM", p.label, p.cpus, ramString(p.ramMb))
			if p.diskGb > 0 {
				desc += fmt.Sprintf(", %d GB instance storage", p.diskGb)
			}
			name := p.providerID
			if p.platform == "WINDOWS" {
				name += " (Windows)"
			}
			doc := o("productId", id, "providerProductId", p.providerID, "providerRegionId", r.providerID,
				"name", name, "description", desc, "architecture", "I64", "platform", p.platform,
				"cpuCount", p.cpus, "cpuSpeedInMhz", p.mhz, "ramInMb", p.ramMb, "diskSizeInGb", p.diskGb,
				"hourlyRate", rate, "currency", "USD")
			software := "" // recorded as "" for a product without bundled software
			if p.platform == "WINDOWS" {
				software = "Windows Server 2012 R2"
			}
			doc = doc.with("software", software)
			doc = doc.with("cloud", ref("cloudId", r.cloud))
			out = append(out, productRec{id: id, region: r.id, def: p, document: doc})
			id++
		}
	}
	return out
}

// round3 rounds a price to a tenth of a cent, as price lists quote them.
func round3(v float64) float64 { return math.Round(v*1000) / 1000 }

func ramString(mb int) string {
	if mb < 1024 {
		return fmt.Sprintf("%d MB", mb)
	}
	return fmt.Sprintf("%.4g GB", float64(mb)/1024)
}

// productID returns the id of a region's Linux product with that provider id.
func productID(region int64, providerID string) int64 {
	for _, p := range serverProducts() {
		if p.region == region && p.def.providerID == providerID && p.def.platform == "UNIX" {
			return p.id
		}
	}
	panic(fmt.Sprintf("gen: region %d has no product %s", region, providerID))
}

// Public machine image ids.
const (
	imgUbuntu1404West2  = 300
	imgUbuntu1204West2  = 301
	imgCentOS65West2    = 302
	imgRHEL65West2      = 303
	imgWindows2012West2 = 304
	imgUbuntu1404East1  = 305
	imgCentOS65East1    = 306
	imgWindows2012East1 = 307
	imgUbuntu1404EU     = 308
	imgUbuntu1404Azure  = 309
	imgDebianGCE        = 310
	imgUbuntuOpenStack  = 311
	imgCentOSVSphere    = 312
)

func publicImages() []obj {
	const canonical, amazon, redhat, centos = "099720109477", "801119661308", "309956199498", "679593333241"
	img := func(id int64, cloud, region int64, providerID, name, desc, platform, owner string, agent int) obj {
		m := o("machineImageId", id, "providerId", providerID, "name", name, "description", desc,
			"status", "ACTIVE", "platform", platform, "architecture", "I64")
		if agent > 0 {
			m = m.with("agentVersion", agent)
		}
		return m.with("cloud", ref("cloudId", cloud), "region", ref("regionId", region),
			"creationTimestamp", "2014-05-14T17:03:25.000+0000", "owningCloudAccountNumber", owner,
			"removable", false, "sharable", true, "public", true)
	}
	return []obj{
		img(imgUbuntu1404West2, cloudAWS, regionUSWest2, "ami-6ac2a85a", "ubuntu-trusty-14.04-amd64-server-20140607.1", "Ubuntu Server 14.04 LTS (HVM/PV), 64-bit", "UBUNTU", canonical, 0),
		img(imgUbuntu1204West2, cloudAWS, regionUSWest2, "ami-70f96e40", "ubuntu-precise-12.04-amd64-server-20140428", "Ubuntu Server 12.04.4 LTS, 64-bit", "UBUNTU", canonical, 0),
		img(imgCentOS65West2, cloudAWS, regionUSWest2, "ami-b6bdde86", "CentOS-6.5-x86_64-release-with-dcm-agent", "CentOS 6.5 x86_64 with the DCM agent", "CENT_OS", centos, 21),
		img(imgRHEL65West2, cloudAWS, regionUSWest2, "ami-7df0bd4d", "RHEL-6.5_GA-x86_64-8-Hourly2", "Red Hat Enterprise Linux 6.5, 64-bit", "RHEL", redhat, 0),
		img(imgWindows2012West2, cloudAWS, regionUSWest2, "ami-e3b9d8d3", "Windows_Server-2012-R2_RTM-English-64Bit-Base-2014.05.14", "Microsoft Windows Server 2012 R2 Base", "WINDOWS", amazon, 0),
		img(imgUbuntu1404East1, cloudAWS, regionUSEast1, "ami-864d84ee", "ubuntu-trusty-14.04-amd64-server-20140607.1", "Ubuntu Server 14.04 LTS (HVM/PV), 64-bit", "UBUNTU", canonical, 0),
		img(imgCentOS65East1, cloudAWS, regionUSEast1, "ami-8997afe0", "CentOS-6.5-x86_64-release-with-dcm-agent", "CentOS 6.5 x86_64 with the DCM agent", "CENT_OS", centos, 21),
		img(imgWindows2012East1, cloudAWS, regionUSEast1, "ami-904be6f8", "Windows_Server-2012-R2_RTM-English-64Bit-Base-2014.05.14", "Microsoft Windows Server 2012 R2 Base", "WINDOWS", amazon, 0),
		img(imgUbuntu1404EU, cloudAWS, regionEUWest1, "ami-896c96fe", "ubuntu-trusty-14.04-amd64-server-20140607.1", "Ubuntu Server 14.04 LTS (HVM/PV), 64-bit", "UBUNTU", canonical, 0),
		img(imgUbuntu1404Azure, cloudAzure, regionAzureUS, "b39f27a8b8c64d52b05eac6a62ebad85__Ubuntu-14_04-LTS-amd64-server-20140606.1-en-us-30GB", "Ubuntu Server 14.04 LTS", "Ubuntu Server 14.04 LTS for Microsoft Azure", "UBUNTU", "Canonical", 0),
		img(imgDebianGCE, cloudGCE, 21101, "debian-7-wheezy-v20140606", "debian-7-wheezy-v20140606", "Debian GNU/Linux 7.5 (wheezy) amd64", "DEBIAN", "debian-cloud", 0),
		img(imgUbuntuOpenStack, cloudOpenStack, regionOpenSt, "5e2ff0e3-9a4c-4d5f-8f2c-1b7d6a0c2e11", "ubuntu-14.04-server-cloudimg-amd64", "Ubuntu 14.04 cloud image", "UBUNTU", "admin", 21),
		img(imgCentOSVSphere, cloudVSphere, 25101, "vm-1021", "tmpl-centos-6.5-x64", "CentOS 6.5 template with the DCM agent", "CENT_OS", "Acme Austin Datacenter", 21),
	}
}

// addCatalogue adds the global product catalogues, public images and
// configuration-management systems.
func addCatalogue(g section) {
	for _, p := range serverProducts() {
		g.add("ServerProduct", p.document)
	}
	g.add("VolumeProduct",
		o("productId", 901, "name", "Standard (magnetic)", "description", "Amazon EBS magnetic volume, $0.05 per GB-month", "status", "ACTIVE"),
		o("productId", 902, "name", "General Purpose (SSD)", "description", "Amazon EBS gp2 volume, $0.10 per GB-month", "status", "ACTIVE"),
		o("productId", 903, "name", "Provisioned IOPS (SSD)", "description", "Amazon EBS io1 volume, $0.125 per GB-month plus $0.10 per IOPS", "status", "ACTIVE"),
		o("productId", 904, "name", "Cinder standard", "description", "OpenStack block storage", "status", "ACTIVE"))
	id := int64(7001)
	for _, region := range []int64{regionUSEast1, regionUSWest2, regionEUWest1} {
		factor := 1.0
		if region == regionEUWest1 {
			factor = 1.1
		}
		for _, p := range []struct {
			provider, engine string
			cores            int
			ghz, memGb, rate float64
		}{
			{"db.m1.small", "MYSQL", 1, 1.0, 1.7, 0.055},
			{"db.m1.large", "MYSQL", 2, 2.0, 7.5, 0.220},
			{"db.m3.medium", "MYSQL55", 1, 2.5, 3.75, 0.090},
			{"db.m1.large", "ORACLE11G", 2, 2.0, 7.5, 0.315},
		} {
			g.add("RelationalDatabaseProduct", o("productId", id, "providerId", p.provider,
				"name", p.provider+" "+p.engine, "description", fmt.Sprintf("%s with %d core(s), %.4g GB memory", p.engine, p.cores, p.memGb),
				"status", "ACTIVE", "architecture", "I64", "engine", p.engine,
				"cloud", ref("cloudId", cloudAWS), "region", ref("regionId", region),
				"coreCount", p.cores, "cpuInGHz", p.ghz, "memoryInGb", p.memGb,
				"minimumStorageInGb", 5, "maximumStorageInGb", 3072, "customPricing", false,
				"hourlyPricing", usd(round3(p.rate*factor)), "ioPricing", usd(0.10), "ioUnits", 1000000,
				"storagePricing", usd(round3(0.10*factor)), "storageUnits", 1))
			id++
		}
	}
	g.add("MachineImage", publicImages()...)
	g.add("ConfigurationManagementSystem",
		o("cmSystemId", 1, "name", "Chef", "description", "Opscode Chef server or Hosted Chef", "vendor", "Opscode",
			"type", "CHEF", "logoUrl", "https://www.enstratus.com/clientassets/cm-logos/chef.png", "private", false,
			"propertyNames", []string{"chefServerUrl", "validationClientName", "validationKey", "environment"}),
		o("cmSystemId", 2, "name", "Puppet", "description", "Puppet master (open source or Enterprise)", "vendor", "Puppet Labs",
			"type", "PUPPET", "logoUrl", "https://www.enstratus.com/clientassets/cm-logos/puppet.png", "private", false,
			"propertyNames", []string{"puppetMasterUrl", "puppetEnvironment"}),
		o("cmSystemId", 3, "name", "Object Store", "description", "Scripts and personalities kept in a cloud object store", "vendor", "Dell",
			"type", "ENSTRATUS", "logoUrl", "https://www.enstratus.com/clientassets/cm-logos/object-store.png", "private", false,
			"propertyNames", []string{"bucket", "cloudDelegate", "esRegionId", "regionId"}))
}
