package dcm

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"fmt"
)

// DecodeJobs reads {"jobs":[…]} (JSON) or <jobs><job jobId="…">…</job></jobs>
// (XML) from a 202 body (spec §7). An empty list is not an error; a body
// without a jobs list is.
func DecodeJobs(body []byte, f Format) ([]Job, error) {
	format, err := normalizeFormat(f)
	if err != nil {
		return nil, fmt.Errorf("decode jobs: %w", err)
	}
	trimmed := bytes.TrimSpace(body)
	if format == "" {
		format = FormatJSON
		if len(trimmed) > 0 && trimmed[0] == '<' {
			format = FormatXML
		}
	}
	if len(trimmed) == 0 {
		return nil, fmt.Errorf("decode jobs: empty body")
	}
	if format == FormatXML {
		var doc struct {
			XMLName xml.Name
			Jobs    []Job `xml:"job"`
		}
		if err := xml.Unmarshal(trimmed, &doc); err != nil {
			return nil, fmt.Errorf("decode jobs: invalid XML: %w", err)
		}
		if doc.XMLName.Local != "jobs" {
			return nil, fmt.Errorf("decode jobs: expected a <jobs> element, got <%s>", doc.XMLName.Local)
		}
		return doc.Jobs, nil
	}
	var doc struct {
		Jobs *[]Job `json:"jobs"`
	}
	if err := json.Unmarshal(trimmed, &doc); err != nil {
		return nil, fmt.Errorf("decode jobs: invalid JSON: %w", err)
	}
	if doc.Jobs == nil {
		return nil, fmt.Errorf("decode jobs: the body has no \"jobs\" list")
	}
	return *doc.Jobs, nil
}
