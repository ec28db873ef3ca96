package emulator

import (
	"bytes"
	"html"
	"mime"
	"net/http"
	"strings"

	"github.com/mixcoatl/mixcoatl/emulator/engine/codec"
	"github.com/mixcoatl/mixcoatl/wire"
)

// serveDiscovery answers unsigned GET /api/enstratus (spec §2): JSON
// {"current":{"versionId":…},"supported":[…]} newest first when the client
// accepts JSON (XML likewise), else the HTML list of links the old server
// returned to browsers, whose link texts the first dcm-list-api-versions
// scraped.
func (s *Server) serveDiscovery(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		s.writeError(w, r, methodNotAllowed(w, r.Method, wire.BasePath, []string{http.MethodGet, http.MethodHead}))
		return
	}
	versions := newestFirst(s.cat.Versions)
	supported := make([]any, len(versions))
	for i, v := range versions {
		supported[i] = map[string]any{"versionId": v}
	}
	doc := map[string]any{"current": map[string]any{"versionId": s.cat.CurrentVersion}, "supported": supported}
	var buf bytes.Buffer
	switch discoveryFormat(r.Header.Get("Accept")) {
	case "json":
		body, _ := codec.AppendJSON(nil, doc, codec.Keyed("versionId"))
		writeBody(w, r, http.StatusOK, formatJSON, body)
	case "xml":
		_ = encodeXMLDocument(&buf, "versions", doc, codec.Keyed("versionId"))
		writeBody(w, r, http.StatusOK, formatXML, buf.Bytes())
	default:
		buf.WriteString("<html><head><title>enStratus API versions</title></head><body><ul>\n")
		for _, v := range versions {
			e := html.EscapeString(v)
			buf.WriteString(`<li><a href="` + wire.BasePath + "/" + e + `">` + e + "</a></li>\n")
		}
		buf.WriteString("</ul></body></html>\n")
		w.Header().Set("Content-Type", "text/html;charset=UTF-8")
		w.WriteHeader(http.StatusOK)
		if r.Method != http.MethodHead {
			_, _ = w.Write(buf.Bytes())
		}
	}
}

func discoveryFormat(accept string) string {
	for _, part := range strings.Split(accept, ",") {
		mt, _, err := mime.ParseMediaType(strings.TrimSpace(part))
		if err != nil {
			continue
		}
		switch {
		case strings.HasSuffix(mt, "/json") || strings.HasSuffix(mt, "+json"):
			return "json"
		case strings.HasSuffix(mt, "/xml") || strings.HasSuffix(mt, "+xml"):
			return "xml"
		case mt == "text/html":
			return "html"
		}
	}
	return "html"
}
