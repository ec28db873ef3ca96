package bench

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"slices"
	"syscall"
	"time"

	"github.com/mixcoatl/mixcoatl/emulator/seed"
)

// ProcessStat is one child process run: wall time, peak resident memory
// (getrusage ru_maxrss) and how much it printed.
type ProcessStat struct {
	Wall        time.Duration
	MaxRSSBytes int64
	StdoutBytes int64
	Stdout      []byte // kept only when short
}

// countingWriter counts what the child prints, keeping the first bytes.
type countingWriter struct {
	n    int64
	head bytes.Buffer
}

func (w *countingWriter) Write(p []byte) (int, error) {
	w.n += int64(len(p))
	if room := 4096 - w.head.Len(); room > 0 {
		w.head.Write(p[:min(room, len(p))])
	}
	return len(p), nil
}

// runProcess runs bin with args and extra environment, in a private HOME so
// no user configuration leaks in, and measures it.
func runProcess(ctx context.Context, home, bin string, env []string, args ...string) (ProcessStat, error) {
	cmd := exec.CommandContext(ctx, bin, args...)
	cmd.Env = append([]string{"HOME=" + home, "XDG_CONFIG_HOME=" + home, "XDG_DATA_HOME=" + home, "PATH=" + os.Getenv("PATH")}, env...)
	var out countingWriter
	var errBuf bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errBuf
	start := time.Now()
	err := cmd.Run()
	wall := time.Since(start)
	if err != nil {
		return ProcessStat{}, fmt.Errorf("bench: %s %v: %v: %s", bin, args, err, errBuf.Bytes())
	}
	st := ProcessStat{Wall: wall, StdoutBytes: out.n, Stdout: out.head.Bytes()}
	if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
		st.MaxRSSBytes = ru.Maxrss * 1024 // Linux reports KiB
	}
	return st, nil
}

// ScaleStat is one listing of N servers.
type ScaleStat struct {
	N       int
	SDK     ProcessStat // listservers: typed iterator, default page size
	CLI     ProcessStat // mixcoatl get infrastructure/Server, one page of N
	SDKSeen string      // what listservers printed (the count)
}

// Scale lists n servers for each n in ns from two child processes against a
// loopback emulator on the memory store: the typed SDK iterator
// (listservers, default page size) and `mixcoatl get infrastructure/Server`
// (raw JSON: the CLI prints one page and has no -o or paging yet, so that
// emulator answers everything in one page).
func Scale(ctx context.Context, bins Binaries, home string, ns []int) ([]ScaleStat, error) {
	var out []ScaleStat
	for _, n := range ns {
		emu, err := StartEmulator(ctx, EmulatorOptions{Servers: n})
		if err != nil {
			return nil, err
		}
		sd, err := seed.Parse(seed.DefaultJSON())
		if err != nil {
			emu.Close()
			return nil, err
		}
		onePage, err := Serve(emu.Store, sd, n+100)
		if err != nil {
			emu.Close()
			return nil, err
		}
		st := ScaleStat{N: n}
		keys := []string{"DCM_ACCESS_KEY=" + emu.Config.AccessKey, "DCM_SECRET_KEY=" + emu.Config.SecretKey}
		st.SDK, err = runProcess(ctx, home, bins.ListServers, append(keys, "DCM_ENDPOINT="+emu.Config.Endpoint))
		if err == nil {
			st.SDKSeen = string(bytes.TrimSpace(st.SDK.Stdout))
			st.CLI, err = runProcess(ctx, home, bins.Mixcoatl, append(keys, "DCM_ENDPOINT="+onePage.Config.Endpoint),
				"get", "infrastructure/Server")
		}
		onePage.HTTP.Close()
		emu.Close()
		if err != nil {
			return nil, err
		}
		out = append(out, st)
	}
	return out, nil
}

// StartupResult compares `mixcoatl version` with a hello-world binary.
type StartupResult struct {
	Runs                  int
	MixcoatlP50, HelloP50 time.Duration
	MixcoatlRSS, HelloRSS int64
}

// Startup execs `mixcoatl version` and the hello-world binary runs times
// each, alternating, and reports the median wall times and peak memory.
func Startup(ctx context.Context, bins Binaries, home string, runs int) (StartupResult, error) {
	var mix, hello []time.Duration
	res := StartupResult{Runs: runs}
	for range runs {
		m, err := runProcess(ctx, home, bins.Mixcoatl, nil, "version")
		if err != nil {
			return res, err
		}
		h, err := runProcess(ctx, home, bins.HelloWorld, nil)
		if err != nil {
			return res, err
		}
		mix, hello = append(mix, m.Wall), append(hello, h.Wall)
		res.MixcoatlRSS, res.HelloRSS = max(res.MixcoatlRSS, m.MaxRSSBytes), max(res.HelloRSS, h.MaxRSSBytes)
	}
	slices.Sort(mix)
	slices.Sort(hello)
	res.MixcoatlP50, res.HelloP50 = Percentile(mix, 50), Percentile(hello, 50)
	return res, nil
}
