package dcm

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
)

// APIVersions performs unsigned discovery at <base>[basepath]/api/enstratus
// (spec §2): GET with Accept: application/json and no auth headers, answer
// {"current":{"versionId":…},"supported":[{"versionId":…},…]}.
func (c *Client) APIVersions(ctx context.Context) (Versions, error) {
	ctx, cl := c.startCall(ctx, "", false)
	defer cl.end()
	hr, err := http.NewRequestWithContext(ctx, http.MethodGet, c.endpoint.DiscoveryURL(), nil)
	if err != nil {
		return Versions{}, fmt.Errorf("dcm: building discovery request: %w", err)
	}
	hr.Header.Set("Accept", FormatJSON.mediaType())
	hr.Header.Set("User-Agent", c.userAgent)
	resp, err := c.unsigned(hr)
	if err != nil {
		return Versions{}, err
	}
	return decodeVersions(resp.Body)
}

type versionRef struct {
	VersionID string `json:"versionId"`
}

func decodeVersions(body []byte) (Versions, error) {
	var doc struct {
		Current   *versionRef  `json:"current"`
		Supported []versionRef `json:"supported"`
	}
	if err := json.Unmarshal(body, &doc); err != nil {
		return Versions{}, fmt.Errorf("version discovery: expected JSON {\"current\":…,\"supported\":[…]}: %w", err)
	}
	if doc.Current == nil && len(doc.Supported) == 0 {
		return Versions{}, fmt.Errorf("version discovery: the answer has neither \"current\" nor \"supported\"")
	}
	var v Versions
	if doc.Current != nil {
		v.Current = doc.Current.VersionID
	}
	for _, s := range doc.Supported {
		v.Supported = append(v.Supported, s.VersionID)
	}
	return v, nil
}
