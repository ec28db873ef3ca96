package sdk_test

import (
	"context"
	"errors"
	"testing"

	"github.com/mixcoatl/mixcoatl/admin"
	"github.com/mixcoatl/mixcoatl/dcm"
	"github.com/mixcoatl/mixcoatl/sdk"
)

// TestMissingDeleteParameterSaysDelete: a required parameter of a delete
// is reported as a delete parameter, not as a list filter.
func TestMissingDeleteParameterSaysDelete(t *testing.T) {
	t.Parallel()
	c, err := dcm.New(dcm.Config{AccessKey: "A", SecretKey: "S", Endpoint: "http://127.0.0.1:1/api/enstratus/2015-06-15"})
	if err != nil {
		t.Fatal(err)
	}
	err = admin.New(c).BillingCodes.Delete(context.Background(), 1, admin.BillingCodeDeleteParams{})
	mf, ok := errors.AsType[*sdk.MissingFilterError](err)
	if !ok || mf.Op != "delete" || mf.Filter != "replacementCode" || mf.Resource != "BillingCode" {
		t.Fatalf("err = %#v, want a *sdk.MissingFilterError for the delete's replacementCode", err)
	}
	if want := `delete BillingCode: parameter "replacementCode" is required`; err.Error() != want {
		t.Errorf("message %q, want %q", err.Error(), want)
	}
	list := &sdk.MissingFilterError{Resource: "DataCenter", Filter: "regionId"}
	if want := `list DataCenter: filter "regionId" is required`; list.Error() != want {
		t.Errorf("list message %q, want %q", list.Error(), want)
	}
}
