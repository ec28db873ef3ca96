package gen

import (
	"fmt"
	"strings"

	"github.com/mixcoatl/mixcoatl/catalog"
)

// Cloud ids.
const (
	cloudAWS       = 1
	cloudAzure     = 2
	cloudGCE       = 3
	cloudRackspace = 4
	cloudHP        = 5
	cloudOpenStack = 6
	cloudVSphere   = 7
)

// Region and data-centre ids the customers' data refers to.
const (
	regionUSEast1  = 19342
	regionUSWest2  = 19344 // the region of the project's documentation examples
	regionEUWest1  = 19345
	regionAzureUS  = 20101
	regionOpenSt   = 24101
	dcUSEast1a     = 64341
	dcUSEast1b     = 64342
	dcUSWest2a     = 64351 // the data centre of the documentation examples
	dcUSWest2b     = 64352
	dcUSWest2c     = 64353
	dcEUWest1a     = 64356
	dcOpenStackNov = 65401
)

// regionDef describes one region and its data centres (zones).
type regionDef struct {
	id           int64
	cloud        int64
	providerID   string
	name         string
	jurisdiction string
	firstDC      int64
	zones        []string
	priceFactor  float64 // regional price relative to the cloud's base prices
}

func regions() []regionDef {
	return []regionDef{
		{regionUSEast1, cloudAWS, "us-east-1", "Virginia (us-east-1)", "US", dcUSEast1a, []string{"us-east-1a", "us-east-1b", "us-east-1c", "us-east-1d"}, 1.0},
		{19343, cloudAWS, "us-west-1", "California (us-west-1)", "US", 64346, []string{"us-west-1b", "us-west-1c"}, 1.12},
		{regionUSWest2, cloudAWS, "us-west-2", "Oregon (us-west-2)", "US", dcUSWest2a, []string{"us-west-2a", "us-west-2b", "us-west-2c"}, 1.0},
		{regionEUWest1, cloudAWS, "eu-west-1", "Ireland (eu-west-1)", "EU", dcEUWest1a, []string{"eu-west-1a", "eu-west-1b", "eu-west-1c"}, 1.1},
		{19346, cloudAWS, "ap-southeast-1", "Singapore (ap-southeast-1)", "SG", 64361, []string{"ap-southeast-1a", "ap-southeast-1b"}, 1.3},
		{19347, cloudAWS, "ap-northeast-1", "Tokyo (ap-northeast-1)", "JP", 64364, []string{"ap-northeast-1a", "ap-northeast-1c"}, 1.3},
		{19348, cloudAWS, "ap-southeast-2", "Sydney (ap-southeast-2)", "AU", 64367, []string{"ap-southeast-2a", "ap-southeast-2b"}, 1.3},
		{19349, cloudAWS, "sa-east-1", "Sao Paulo (sa-east-1)", "BR", 64370, []string{"sa-east-1a", "sa-east-1b"}, 1.45},
		{regionAzureUS, cloudAzure, "East US", "East US", "US", 65101, []string{"East US"}, 1.0},
		{20102, cloudAzure, "West Europe", "West Europe", "EU", 65102, []string{"West Europe"}, 1.08},
		{21101, cloudGCE, "us-central1", "us-central1", "US", 65201, []string{"us-central1-a", "us-central1-b", "us-central1-f"}, 1.0},
		{21102, cloudGCE, "europe-west1", "europe-west1", "EU", 65205, []string{"europe-west1-a", "europe-west1-b"}, 1.1},
		{22101, cloudRackspace, "DFW", "Dallas (DFW)", "US", 65301, []string{"DFW"}, 1.0},
		{22102, cloudRackspace, "ORD", "Chicago (ORD)", "US", 65302, []string{"ORD"}, 1.0},
		{22103, cloudRackspace, "LON", "London (LON)", "EU", 65303, []string{"LON"}, 1.1},
		{23101, cloudHP, "region-a.geo-1", "US West (region-a.geo-1)", "US", 65351, []string{"az-1.region-a.geo-1", "az-2.region-a.geo-1", "az-3.region-a.geo-1"}, 1.0},
		{regionOpenSt, cloudOpenStack, "RegionOne", "RegionOne", "US", dcOpenStackNov, []string{"nova"}, 0},
		{25101, cloudVSphere, "datacenter-2", "Acme Austin Datacenter", "US", 65501, []string{"domain-c7", "domain-c26"}, 0},
	}
}

func addGeography(g section) {
	g.add("Cloud", clouds()...)
	for _, r := range regions() {
		g.add("Region", o("regionId", r.id, "name", r.name, "description", r.name, "providerId", r.providerID,
			"status", "ACTIVE", "jurisdiction", r.jurisdiction, "cloud", ref("cloudId", r.cloud)))
		for i, zone := range r.zones {
			name, desc := zone, "Availability zone "+zone
			switch r.cloud {
			case cloudVSphere:
				name, desc = fmt.Sprintf("Cluster%02d", i+1), "vSphere cluster "+zone
			case cloudAzure, cloudRackspace:
				desc = r.name + " data centre"
			case cloudOpenStack:
				desc = "Nova availability zone " + zone
			}
			g.add("DataCenter", o("dataCenterId", r.firstDC+int64(i), "name", name, "description", desc,
				"providerId", zone, "status", "ACTIVE", "region", ref("regionId", r.id)))
		}
		g.add("Subscription", subscription(r))
	}
}

func clouds() []obj {
	const logos = "https://www.enstratus.com/clientassets/cloud-provider-logos/"
	public := func(id int64, name, provider, delegate, endpoint, console, logo, acct, access, secret string) obj {
		return o("cloudId", id, "name", name, "status", "ACTIVE", "privateCloud", false,
			"cloudProviderName", provider, "cloudProviderConsoleURL", console, "cloudProviderLogoURL", logos+logo,
			"computeDelegate", delegate, "computeEndpoint", endpoint,
			"computeAccountNumberLabel", acct, "computeAccessKeyLabel", access, "computeSecretKeyLabel", secret)
	}
	return []obj{
		public(cloudAWS, "Amazon Web Services", "Amazon", "org.dasein.cloud.aws.AWSCloud",
			"https://ec2.us-east-1.amazonaws.com,https://s3.amazonaws.com", "https://console.aws.amazon.com", "aws.png",
			"AWS Account Number", "AWS Access Key", "AWS Secret Key").
			with("computeX509CertLabel", "AWS X.509 Certificate", "computeX509KeyLabel", "AWS X.509 Private Key",
				"documentationLabel", "Amazon Web Services", "webUrl", "http://aws.amazon.com"),
		public(cloudAzure, "Microsoft Azure", "Microsoft", "org.dasein.cloud.azure.Azure",
			"https://management.core.windows.net", "https://manage.windowsazure.com", "azure.png",
			"Subscription ID", "Storage Account Name", "Storage Access Key").
			with("computePKCS12CertLabel", "Management Certificate (PKCS#12)", "computePKCS12PasswordLabel", "Certificate Password",
				"webUrl", "http://azure.microsoft.com"),
		public(cloudGCE, "Google Compute Engine", "Google", "org.dasein.cloud.google.Google",
			"https://www.googleapis.com", "https://console.developers.google.com", "google.png",
			"Project ID", "Service Account Email", "Client ID").
			with("computePKCS12CertLabel", "Service Account Key (P12)", "computePKCS12PasswordLabel", "Key Password",
				"webUrl", "https://cloud.google.com/compute"),
		public(cloudRackspace, "Rackspace", "Rackspace", "org.dasein.cloud.openstack.nova.NovaOpenStack",
			"https://identity.api.rackspacecloud.com/v2.0", "https://mycloud.rackspace.com", "rackspace.png",
			"Account Number", "Username", "API Key").with("webUrl", "http://www.rackspace.com/cloud"),
		public(cloudHP, "HP Cloud", "HP", "org.dasein.cloud.openstack.nova.NovaOpenStack",
			"https://region-a.geo-1.identity.hpcloudsvc.com:35357/v2.0", "https://horizon.hpcloud.com", "hpcloud.png",
			"Tenant ID", "Access Key ID", "Secret Key").with("webUrl", "https://www.hpcloud.com"),
		public(cloudOpenStack, "Acme OpenStack", "OpenStack", "org.dasein.cloud.openstack.nova.NovaOpenStack",
			"https://openstack.acme.example.com:5000/v2.0", "https://openstack.acme.example.com/horizon", "openstack.png",
			"Tenant Name", "Username", "Password").with("privateCloud", true),
		public(cloudVSphere, "Acme vSphere", "VMware", "org.dasein.cloud.vsphere.PrivateCloud",
			"https://vcenter.acme.example.com/sdk", "https://vcenter.acme.example.com/vsphere-client", "vmware.png",
			"vCenter Datacenter", "Username", "Password").with("privateCloud", true),
	}
}

// subscription lists a region's capability flags in catalogue order; each
// cloud lacks some capabilities.
func subscription(r regionDef) obj {
	missing := map[int64]string{
		cloudAWS:       "customSubnets hypervisorAnalytics ipAddressesForwarded loadBalancerDataCenterLimited publicImageSharing subscribedKVDB subscribedPushNotification",
		cloudAzure:     "customSubnets hypervisorAnalytics ipAddressesForwarded privateSnapshotSharing publicImageSharing publicSnapshotSharing rdbmsFirewalled rdbmsHA rdbmsLA rdbmsMaintenance rdbmsSnapshots subscribedAutoScaling subscribedCDN subscribedDNS subscribedEmail subscribedKVDB subscribedMQ subscribedPushNotification subscribedRDBMS subscribedVPN",
		cloudGCE:       "customSubnets hypervisorAnalytics loadBalancerCreateWithServer privateImageSharing privateSnapshotSharing publicImageSharing publicSnapshotSharing rdbmsFirewalled rdbmsHA rdbmsLA rdbmsMaintenance rdbmsSnapshots subscribedAutoScaling subscribedCDN subscribedDNS subscribedEmail subscribedKVDB subscribedMQ subscribedPushNotification subscribedRDBMS subscribedVPN",
		cloudRackspace: "customNetworks customSubnets hypervisorAnalytics networkWithSubnets privateImageSharing publicImageSharing publicSnapshotSharing rdbmsFirewalled rdbmsHA rdbmsLA rdbmsSnapshots subscribedAutoScaling subscribedEmail subscribedKVDB subscribedMQ subscribedPushNotification subscribedVPN",
		cloudHP:        "hypervisorAnalytics privateImageSharing publicImageSharing publicSnapshotSharing rdbmsHA rdbmsLA rdbmsMaintenance rdbmsSnapshots subscribedAutoScaling subscribedEmail subscribedKVDB subscribedPushNotification subscribedVPN",
		cloudOpenStack: "loadBalancerAddressAssigned publicImageLibrary publicImageSharing publicSnapshotSharing rdbmsFirewalled rdbmsHA rdbmsLA rdbmsMaintenance rdbmsSnapshots subscribedAutoScaling subscribedCDN subscribedDNS subscribedEmail subscribedKVDB subscribedMQ subscribedPushNotification subscribedRDBMS subscribedVPN",
		cloudVSphere:   "customSubnets loadBalancerAddressAssigned loadBalancerCreateWithServer publicIPAddressesRequestable publicImageLibrary publicImageSharing publicSnapshotSharing rdbmsFirewalled rdbmsHA rdbmsLA rdbmsMaintenance rdbmsSnapshots subscribedAutoScaling subscribedBlobStore subscribedCDN subscribedDNS subscribedEmail subscribedKVDB subscribedLoadBalancer subscribedMQ subscribedPushNotification subscribedRDBMS subscribedStaticIP subscribedVPN",
	}
	lacks := map[string]bool{}
	for _, name := range strings.Fields(missing[r.cloud]) {
		lacks[name] = true
	}
	res, _ := catalog.Load().Resource("Subscription")
	sub := o("regionId", r.id)
	for _, f := range res.Fields {
		switch {
		case f.Name == "regionId":
		case f.Name == "maxLoadBalancerListeners":
			if !lacks["subscribedLoadBalancer"] {
				sub = sub.with(f.Name, 10)
			}
		case f.Type == catalog.TypeBool:
			sub = sub.with(f.Name, !lacks[f.Name])
		}
	}
	return sub
}
