package bench

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

// Binaries are the programs the process-level measurements run.
type Binaries struct {
	Mixcoatl    string // ./cmd/mixcoatl
	ListServers string // ./internal/bench/cmd/listservers
	HelloWorld  string // a Go hello world, the start-up baseline
	Loadgen     string // ./internal/bench/cmd/loadgen
	BareServer  string // ./internal/bench/cmd/bareserver
	ModuleRoot  string
}

// helloWorld is the baseline program of the start-up comparison: the
// smallest Go binary that prints a line.
const helloWorld = `package main

import "fmt"

func main() { fmt.Println("hello, world") }
`

// BuildBinaries builds mixcoatl, listservers, loadgen, bareserver and a
// hello-world program into dir with the same go command and flags.
func BuildBinaries(moduleRoot, dir string) (Binaries, error) {
	b := Binaries{
		Mixcoatl:    filepath.Join(dir, "mixcoatl"),
		ListServers: filepath.Join(dir, "listservers"),
		HelloWorld:  filepath.Join(dir, "hello"),
		Loadgen:     filepath.Join(dir, "loadgen"),
		BareServer:  filepath.Join(dir, "bareserver"),
		ModuleRoot:  moduleRoot,
	}
	helloSrc := filepath.Join(dir, "hello.go")
	if err := os.WriteFile(helloSrc, []byte(helloWorld), 0o600); err != nil {
		return b, err
	}
	for _, job := range []struct{ out, pkg, wd string }{
		{b.Mixcoatl, "./cmd/mixcoatl", moduleRoot},
		{b.ListServers, "./internal/bench/cmd/listservers", moduleRoot},
		{b.Loadgen, "./internal/bench/cmd/loadgen", moduleRoot},
		{b.BareServer, "./internal/bench/cmd/bareserver", moduleRoot},
		{b.HelloWorld, helloSrc, dir},
	} {
		cmd := exec.Command("go", "build", "-o", job.out, job.pkg)
		cmd.Dir = job.wd
		if job.wd == dir {
			cmd.Env = append(os.Environ(), "GO111MODULE=off")
		}
		if out, err := cmd.CombinedOutput(); err != nil {
			return b, fmt.Errorf("bench: go build %s: %v\n%s", job.pkg, err, out)
		}
	}
	return b, nil
}

// ModuleRoot finds the directory holding go.mod from the working directory
// upwards (go run and go test both start inside the module).
func ModuleRoot() (string, error) {
	out, err := exec.Command("go", "env", "GOMOD").Output()
	if err != nil {
		return "", err
	}
	mod := strings.TrimSpace(string(out))
	if mod == "" || mod == os.DevNull {
		return "", fmt.Errorf("bench: not inside the mixcoatl module")
	}
	return filepath.Dir(mod), nil
}
