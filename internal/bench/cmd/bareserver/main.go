// Command bareserver is the baseline of the out-of-process benchmarks: a
// plain net/http server answering every request with one recorded answer
// (the emulator's status, headers and body bytes), in its own process like
// the emulator it is compared with. It prints "listening on http://ADDR"
// once it accepts connections.
//
//	bareserver -listen 127.0.0.1:0 -answer answer.json
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"strconv"
)

// answer is the recorded answer file: status, headers and the body.
type answer struct {
	Status int                 `json:"status"`
	Header map[string][]string `json:"header"`
	Body   []byte              `json:"body"`
}

func main() {
	listen := flag.String("listen", "127.0.0.1:0", "address to listen on")
	file := flag.String("answer", "", "recorded answer (JSON: status, header, body as base64)")
	flag.Parse()
	if err := serve(*listen, *file); err != nil {
		fmt.Fprintln(os.Stderr, "bareserver:", err)
		os.Exit(1)
	}
}

func serve(listen, file string) error {
	b, err := os.ReadFile(file)
	if err != nil {
		return err
	}
	var a answer
	if err := json.Unmarshal(b, &a); err != nil {
		return err
	}
	length := strconv.Itoa(len(a.Body))
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body)
		hdr := w.Header()
		for k, v := range a.Header {
			hdr[k] = v
		}
		hdr.Set("Content-Length", length)
		w.WriteHeader(a.Status)
		_, _ = w.Write(a.Body)
	})
	ln, err := net.Listen("tcp", listen)
	if err != nil {
		return err
	}
	fmt.Printf("listening on http://%s\n", ln.Addr())
	return http.Serve(ln, h)
}
