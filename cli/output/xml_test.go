package output

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/mixcoatl/mixcoatl/catalog"
)

// TestXMLFollowsTheCatalogue: with a resource, only its key and the ids of
// its references are attributes, and entries of a reference list are named
// after the referenced resource; without one (a raw document), a
// one-member …Id object is still taken for a reference.
func TestXMLFollowsTheCatalogue(t *testing.T) {
	t.Parallel()
	server, _ := catalog.Load().Resource("Server")
	item := `{"serverId":5,"owningGroups":[{"groupId":1}],"acl":["r"],"extra":{"regionId":3},"bad key":1}`
	want := `<server serverId="5">
  <owningGroups>
    <group groupId="1"/>
  </owningGroups>
  <acl>
    <aclItem>r</aclItem>
  </acl>
  <extra>
    <regionId>3</regionId>
  </extra>
  <bad_key>1</bad_key>
</server>
`
	if got := printOne(t, Options{Format: XML, Resource: server}, item); got != want {
		t.Errorf("-o xml of a Server (-want +got):\n%s", cmp.Diff(want, got))
	}
	want = `<item>
  <serverId>5</serverId>
  <owningGroups>
    <owningGroup groupId="1"/>
  </owningGroups>
  <acl>
    <aclItem>r</aclItem>
  </acl>
  <extra regionId="3"/>
  <bad_key>1</bad_key>
</item>
`
	if got := printOne(t, Options{Format: XML}, item); got != want {
		t.Errorf("-o xml of a raw document (-want +got):\n%s", cmp.Diff(want, got))
	}
}
