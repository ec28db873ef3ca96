package emulator_test

import (
	"bytes"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"testing"

	"github.com/mixcoatl/mixcoatl/emulator"
)

var fuzzMethods = []string{http.MethodGet, http.MethodHead, http.MethodPost, http.MethodPut, http.MethodDelete, http.MethodPatch, "OPTIONS"}

// FuzzRequest sends arbitrary requests through the whole handler (auth off,
// real engine, store and seed): bad input must never produce a 5xx or panic.
func FuzzRequest(f *testing.F) {
	f.Add(uint8(0), "2012-06-15/geography/Cloud", "status=ACTIVE", "", "", "basic", "")
	f.Add(uint8(0), "2012-06-15/geography/DataCenter", "regionId=x", "application/xml", "", "extended", "")
	f.Add(uint8(2), "2012-06-15/admin/Group", "", "", "", "", `{"addGroup":{"group":{"name":"a","description":"b"}}}`)
	f.Add(uint8(2), "2012-06-15/infrastructure/Server", "", "", "application/xml", "", `<launch><servers><server><name>x</name></server></servers></launch>`)
	f.Add(uint8(3), "2012-06-15/infrastructure/Server/331810", "", "", "", "", `{"stop":[{"force":"yes"}]}`)
	f.Add(uint8(3), "2012-06-15/admin/Group/7601", "", "", "", "", `{"describeGroup":[1,2]}`)
	f.Add(uint8(4), "2012-06-15/infrastructure/Volume/5101", "reason=x&terminateAfter=-1", "", "", "", "")
	f.Add(uint8(1), "2015-06-29/geography/Region", "", "", "", "NONE", "")
	f.Add(uint8(0), "2012-06-15/geography/Region", "requestPaginationId=cDEKMQpnZW9ncmFwaHkvUmVnaW9uCg&requestPage=3", "", "", "", "")
	f.Add(uint8(0), "2012-06-15/analytics/ServerAnalytics/331810", "periodStart=abc", "", "", "", "")
	f.Add(uint8(0), "2012-06-15/admin/License", "", "text/xml", "", "", "")
	f.Add(uint8(2), "2012-06-15/admin/ApiKey", "", "", "", "", `{"generateApiKey":[{"name":"k"}]}`)
	f.Add(uint8(2), "2011-02-24/admin/BillingCode", "", "", "", "", `{"addBillingCode":{"billingCode":{"name":"b","softQuota":"USD1"}}}`)
	f.Add(uint8(0), "../../_emulator/health", "", "", "", "", "")
	e := newEnv(f, func(o *emulator.Options) { o.Auth = emulator.AuthOff }).srv
	f.Fuzz(func(t *testing.T, m uint8, rel, rawQuery, accept, contentType, details, body string) {
		req := &http.Request{
			Method:     fuzzMethods[int(m)%len(fuzzMethods)],
			URL:        &url.URL{Path: "/api/enstratus/" + rel, RawQuery: rawQuery},
			Header:     http.Header{},
			Body:       io.NopCloser(bytes.NewReader([]byte(body))),
			RemoteAddr: "127.0.0.1:1",
		}
		req.RequestURI = req.URL.RequestURI()
		for k, v := range map[string]string{"Accept": accept, "Content-Type": contentType, "x-es-details": details} {
			if v != "" {
				req.Header.Set(k, v)
			}
		}
		rec := httptest.NewRecorder()
		e.ServeHTTP(rec, req)
		if rec.Code >= 500 {
			t.Fatalf("%s %s?%s body %q → %d %s", req.Method, req.URL.Path, rawQuery, body, rec.Code, rec.Body)
		}
		if rec.Header().Get("x-es-request") == "" {
			t.Fatalf("no x-es-request on %d", rec.Code)
		}
	})
}
