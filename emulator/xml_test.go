package emulator_test

import (
	"encoding/xml"
	"fmt"
	"net/http"
	"strings"
	"testing"
)

// xmlElem is a generic element for inspecting XML answers.
type xmlElem struct {
	XMLName  xml.Name
	Attrs    []xml.Attr `xml:",any,attr"`
	Children []xmlElem  `xml:",any"`
	Text     string     `xml:",chardata"`
}

func (x xmlElem) attr(name string) string {
	for _, a := range x.Attrs {
		if a.Name.Local == name {
			return a.Value
		}
	}
	return ""
}

func (x xmlElem) child(name string) *xmlElem {
	for i := range x.Children {
		if x.Children[i].XMLName.Local == name {
			return &x.Children[i]
		}
	}
	return nil
}

func TestXMLResponses(t *testing.T) {
	t.Parallel()
	e := newEnv(t, nil)
	rec := e.do(t, http.MethodGet, "geography/Region", "", map[string]string{"Accept": "application/xml"})
	wantStatus(t, rec, http.StatusOK)
	if ct := rec.Header().Get("Content-Type"); !strings.HasPrefix(ct, "application/xml") {
		t.Errorf("Content-Type = %q", ct)
	}
	if strings.HasPrefix(rec.Body.String(), "<?xml") {
		t.Error("XML answer starts with a declaration")
	}
	var doc xmlElem
	if err := xml.Unmarshal(rec.Body.Bytes(), &doc); err != nil {
		t.Fatalf("invalid XML: %v\n%s", err, rec.Body)
	}
	if doc.XMLName.Local != "regions" || len(doc.Children) == 0 {
		t.Fatalf("root = %s with %d children", doc.XMLName.Local, len(doc.Children))
	}
	region := doc.Children[0]
	if region.XMLName.Local != "region" || region.attr("regionId") == "" {
		t.Errorf("item = <%s regionId=%q>, want <region regionId=…>", region.XMLName.Local, region.attr("regionId"))
	}
	cloud := region.child("cloud")
	if cloud == nil || cloud.attr("cloudId") == "" || len(cloud.Children) != 0 {
		t.Errorf("reference not rendered as <cloud cloudId=…/>: %+v", cloud)
	}

	rec = e.do(t, http.MethodGet, "geography/Region/0", "", map[string]string{"Accept": "application/xml"})
	wantStatus(t, rec, http.StatusNotFound)
	var errDoc struct {
		XMLName xml.Name `xml:"error"`
		Message string   `xml:"message"`
	}
	if err := xml.Unmarshal(rec.Body.Bytes(), &errDoc); err != nil || errDoc.Message == "" {
		t.Errorf("XML error body = %s (%v)", rec.Body, err)
	}
}

func TestXMLRequestBodies(t *testing.T) {
	t.Parallel()
	e := newEnv(t, nil)
	// mixcoatl sent no Content-Type: the body is sniffed.
	rec := e.do(t, http.MethodPost, "admin/Group",
		`<addGroup><group><name>xml-group</name><description>from XML</description></group></addGroup>`, nil)
	wantStatus(t, rec, http.StatusCreated)
	if g := envelope(t, rec, "groups"); g[0]["name"] != "xml-group" {
		t.Errorf("created %v", g[0])
	}

	servers := envelope(t, e.do(t, http.MethodGet, "infrastructure/Server", "", nil), "servers")
	var running map[string]any
	for _, s := range servers {
		if s["status"] == "RUNNING" {
			running = s
			break
		}
	}
	if running == nil {
		t.Fatal("the seed has no running server")
	}
	ref := func(field, key string) string { return fmt.Sprint(running[field].(map[string]any)[key]) }
	launch := fmt.Sprintf(`<launch><servers><server><name>xml-1</name><description>launched from XML</description>`+
		`<budget>%v</budget><machineImage machineImageId="%s"/><product>%v</product>`+
		`<dataCenter dataCenterId="%s"/></server></servers></launch>`,
		running["budget"], ref("machineImage", "machineImageId"), running["providerProductId"], ref("dataCenter", "dataCenterId"))
	rec = e.do(t, http.MethodPost, "infrastructure/Server", launch, map[string]string{"Content-Type": "application/xml"})
	wantStatus(t, rec, http.StatusAccepted)

	rec = e.do(t, http.MethodPut, fmt.Sprintf("infrastructure/Server/%v", running["serverId"]),
		"<stop><force>true</force></stop>", map[string]string{"Content-Type": "text/xml", "Accept": "application/xml"})
	wantStatus(t, rec, http.StatusAccepted)
	var jobs xmlElem
	if err := xml.Unmarshal(rec.Body.Bytes(), &jobs); err != nil {
		t.Fatal(err)
	}
	if jobs.XMLName.Local != "jobs" || len(jobs.Children) != 1 || jobs.Children[0].attr("jobId") == "" {
		t.Errorf("202 XML = %s", rec.Body)
	}

	wantError(t, e.do(t, http.MethodPost, "admin/Group", "<addGroup><group>", nil), http.StatusBadRequest, "malformed XML")
	wantError(t, e.do(t, http.MethodPost, "admin/Group", "<explode/>", nil), http.StatusBadRequest, "addGroup")
}
