// Command loadgen is the out-of-process load generator of the benchmarks
// (package loadgen): it sends the requests of a JSON-lines file over
// keep-alive connections for a while and prints the result as JSON. The
// secret key comes from the environment (LOADGEN_SECRET_KEY), never from
// the command line.
//
//	loadgen -addr 127.0.0.1:15000 -requests reqs.jsonl -conns 8 -duration 10s -access-key KEY
package main

import (
	"bufio"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"time"

	"github.com/mixcoatl/mixcoatl/internal/bench/loadgen"
)

func main() {
	var o loadgen.Options
	var file string
	flag.StringVar(&o.Addr, "addr", "", "host:port to send to")
	flag.StringVar(&file, "requests", "", "file of requests, one JSON object a line: {\"method\":…,\"path\":…,\"body\":…}")
	flag.IntVar(&o.Conns, "conns", 8, "concurrent connections")
	flag.DurationVar(&o.Duration, "duration", 10*time.Second, "how long to send")
	flag.StringVar(&o.AccessKey, "access-key", "", "sign requests with this access key (secret in LOADGEN_SECRET_KEY)")
	flag.Parse()
	o.SecretKey = os.Getenv("LOADGEN_SECRET_KEY")
	reqs, err := readRequests(file)
	if err == nil {
		o.Requests = reqs
		var res loadgen.Result
		if res, err = loadgen.Run(context.Background(), o); err == nil {
			err = json.NewEncoder(os.Stdout).Encode(res)
		}
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "loadgen:", err)
		os.Exit(1)
	}
}

func readRequests(file string) ([]loadgen.Request, error) {
	f, err := os.Open(file)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var reqs []loadgen.Request
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 0, 64<<10), 16<<20)
	for sc.Scan() {
		if len(sc.Bytes()) == 0 {
			continue
		}
		var r loadgen.Request
		if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
			return nil, fmt.Errorf("%s: %w", file, err)
		}
		reqs = append(reqs, r)
	}
	return reqs, sc.Err()
}
