package wire

import (
	"encoding/xml"
	"testing"

	"github.com/mixcoatl/mixcoatl/catalog"
)

func TestSingular(t *testing.T) {
	for in, want := range map[string]string{
		"servers": "server", "policies": "policy", "addresses": "address", "boxes": "box",
		"branches": "branch", "dataCenters": "dataCenter", "acl": "aclItem", "runList": "runListItem",
		"s": "sItem", "class": "classItem", "dnsServers": "dnsServer",
		"personalities": "personality", "publicIpAddresses": "publicIpAddress",
	} {
		if got := Singular(in); got != want {
			t.Errorf("Singular(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestPlural(t *testing.T) {
	for in, want := range map[string]string{
		"Server": "Servers", "server": "servers", "Personality": "Personalities", "day": "days",
		"key": "keys", "ServerAnalytics": "ServerAnalytics", "data center": "data centers", "box": "boxes",
		"policy": "policies", "cm-account": "cm-accounts", "": "",
	} {
		if got := Plural(in); got != want {
			t.Errorf("Plural(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestKebabAndCase(t *testing.T) {
	for in, want := range map[string]string{
		"DataCenter": "data-center", "sizeInGb": "size-in-gb", "unRegisterAgent": "un-register-agent",
		"cmAccountID": "cm-account-id", "ID": "id", "machineImageId": "machine-image-id", "x": "x",
	} {
		if got := Kebab(in); got != want {
			t.Errorf("Kebab(%q) = %q, want %q", in, got, want)
		}
	}
	if LowerFirst("MachineImage") != "machineImage" || LowerFirst("") != "" || LowerFirst("Éa") != "éa" {
		t.Error("LowerFirst")
	}
	if UpperFirst("launch") != "Launch" || UpperFirst("") != "" {
		t.Error("UpperFirst")
	}
	if Spaced("DataCenter") != "data center" {
		t.Error("Spaced")
	}
}

// Every plural name in the catalogue (collections, list members) must have
// a singular that is a real word, not the fallback: a new collection whose
// entries would be named "…Item" is a naming rule to revisit.
func TestCatalogueNamesSingularise(t *testing.T) {
	notPlural := map[string]bool{"acl": true, "runList": true, "analytics": true}
	for _, r := range catalog.Load().Resources {
		if r.Collection != "" && !notPlural[r.Collection] {
			if s := Singular(r.Collection); len(s) >= 4 && s[len(s)-4:] == "Item" {
				t.Errorf("%s: collection %q singularises to %q", r.Name, r.Collection, s)
			}
		}
		for _, f := range r.Fields {
			if f.Type == catalog.TypeRefs || f.Type == catalog.TypeArray || f.Type == catalog.TypeStrings {
				if s := ItemElement(f.Name, f); !notPlural[f.Name] && len(s) >= 4 && s[len(s)-4:] == "Item" {
					t.Errorf("%s.%s singularises to %q", r.Name, f.Name, s)
				}
			}
		}
	}
}

func TestItemElement(t *testing.T) {
	ref := &catalog.Field{Name: "owningGroups", Type: catalog.TypeRefs, Ref: "Group"}
	if got := ItemElement("owningGroups", ref); got != "group" {
		t.Errorf("reference list entry = %q, want group", got)
	}
	if got := ItemElement("dnsServers", nil); got != "dnsServer" {
		t.Errorf("string list entry = %q", got)
	}
	for in, want := range map[string]string{"name": "name", "1a": "_1a", "a b": "a_b", "xmlns": "_xmlns", "": "_"} {
		if got := XMLName(in); got != want {
			t.Errorf("XMLName(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestIsSecret(t *testing.T) {
	for name, want := range map[string]bool{
		"password": true, "secretKey": true, "adminPassword": true, "cloudApiSecretKey": true,
		"computeSecretKeyLabel": false, "computePKCS12PasswordLabel": false, "name": false,
		"apiKeySecret": true, "newPassword": true, "PASSWORD": true, "description": false,
	} {
		if got := IsSecret(name); got != want {
			t.Errorf("IsSecret(%q) = %v, want %v", name, got, want)
		}
	}
}

func TestParseDetails(t *testing.T) {
	for in, want := range map[string]string{"BASIC": "basic", " extended ": "extended", "none": "none"} {
		if got, ok := ParseDetails(in); !ok || got != want {
			t.Errorf("ParseDetails(%q) = %q, %v", in, got, ok)
		}
	}
	if _, ok := ParseDetails("full"); ok {
		t.Error("ParseDetails accepted full")
	}
}

// FuzzXMLName: whatever the key, the element name parses as XML.
func FuzzXMLName(f *testing.F) {
	for _, s := range []string{"name", "", "1a", "ª", "Ĳ", "a b", "xml", "-x", "日本"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n := XMLName(s)
		var v struct{}
		if err := xml.Unmarshal([]byte("<"+n+"/>"), &v); err != nil {
			t.Fatalf("XMLName(%q) = %q does not parse: %v", s, n, err)
		}
	})
}
