// Package bench measures mixcoatl against baselines taken in the same run:
// SDK overhead against a bare signed net/http GET, round trips of a typed
// listing against one request per object, emulator throughput against a bare
// handler serving the same bytes, listing memory at growing N, and CLI start
// against a hello-world binary. Every figure is a ratio, so a slow or busy
// machine changes both sides alike.
//
// `go run ./internal/bench/cmd/report` runs everything and prints Markdown
// for BENCHMARKS.md; `internal/bench/run` wraps it. The tests in this
// package run every measurement at toy sizes so the code stays working
// under `go test ./...`.
// All traffic goes to servers this process starts on 127.0.0.1.
package bench
