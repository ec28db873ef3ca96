// Command bareserver is the baseline of the out-of-process benchmarks: a
// plain net/http server answering every request with one recorded answer
// (the emulator's status, headers and body bytes: bench.FixedHandler), in
// its own process like the emulator it is compared with. It prints
// "listening on http://ADDR" once it accepts connections.
//
//	bareserver -listen 127.0.0.1:0 -answer answer.json
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"net"
	"net/http"
	"os"

	"github.com/mixcoatl/mixcoatl/internal/bench"
)

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
	var a bench.RecordedAnswer
	if err := json.Unmarshal(b, &a); err != nil {
		return err
	}
	ln, err := net.Listen("tcp", listen)
	if err != nil {
		return err
	}
	fmt.Printf("listening on http://%s\n", ln.Addr())
	return http.Serve(ln, bench.FixedHandler(a))
}
