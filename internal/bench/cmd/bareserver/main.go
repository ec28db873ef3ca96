// Command bareserver is the baseline of the out-of-process benchmarks: a
// plain net/http server answering every request with one recorded answer
// (the emulator's status, headers and body bytes: bench.FixedHandler), in
// its own process like the emulator it is compared with. It prints
// "listening on http://ADDR" once it accepts connections.
//
// With -shell it serves the same answer through the emulator's own server
// (emulator.Run: its listener with the connection cap and error
// envelopes, its timeouts and header limit) with the emulator's handler
// replaced by the fixed answer. Between the two baselines lies what the
// emulator's protections cost; between the shell and the emulator, what
// its handler costs.
//
//	bareserver -listen 127.0.0.1:0 -answer answer.json [-shell]
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/signal"
	"syscall"

	"github.com/mixcoatl/mixcoatl/emulator"
	"github.com/mixcoatl/mixcoatl/internal/bench"
)

func main() {
	listen := flag.String("listen", "127.0.0.1:0", "address to listen on")
	file := flag.String("answer", "", "recorded answer (JSON: status, header, body as base64)")
	shell := flag.Bool("shell", false, "serve through the emulator's server (listener, limits, timeouts) instead of a plain net/http one")
	maxConns := flag.Int("max-conns", 4096, "with -shell: the emulator's --max-conns")
	flag.Parse()
	if err := serve(*listen, *file, *shell, *maxConns); err != nil {
		fmt.Fprintln(os.Stderr, "bareserver:", err)
		os.Exit(1)
	}
}

func serve(listen, file string, shell bool, maxConns int) error {
	b, err := os.ReadFile(file)
	if err != nil {
		return err
	}
	var a bench.RecordedAnswer
	if err := json.Unmarshal(b, &a); err != nil {
		return err
	}
	h := bench.FixedHandler(a)
	if shell {
		ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
		defer stop()
		// Run prints "mixcoatl emulator listening on http://ADDR/…".
		return emulator.Run(ctx, emulator.Config{Listen: listen, MaxConns: maxConns,
			Wrap: func(http.Handler) http.Handler { return h }}, os.Stdout)
	}
	ln, err := net.Listen("tcp", listen)
	if err != nil {
		return err
	}
	fmt.Printf("listening on http://%s\n", ln.Addr())
	return http.Serve(ln, h)
}
