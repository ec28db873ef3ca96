package bench

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"slices"
	"strconv"
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

// timeCommand is GNU time, used to read a child's peak RSS: Go starts
// children with vfork (CLONE_VM), and Linux folds the parent's high-water
// RSS into the child's ru_maxrss at exec, so wait4's figure for a direct
// child is the benchmark process's own peak. GNU time forks normally from a
// small process.
const timeCommand = "/usr/bin/time"

// runProcess runs bin with args and extra environment, in a private HOME so
// no user configuration leaks in, and measures it. With rss set it runs it
// under GNU time (when installed) for a true peak RSS; the wall time then
// includes time's own start.
func runProcess(ctx context.Context, home, bin string, env []string, rss bool, args ...string) (ProcessStat, error) {
	var rssFile string
	if _, err := os.Stat(timeCommand); rss && err == nil {
		f, err := os.CreateTemp(home, "rss-")
		if err != nil {
			return ProcessStat{}, err
		}
		rssFile = f.Name()
		f.Close()
		defer os.Remove(rssFile)
		args = append([]string{"-f", "%M", "-o", rssFile, bin}, args...)
		bin = timeCommand
	}
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
	if rssFile != "" {
		b, err := os.ReadFile(rssFile)
		if err != nil {
			return st, err
		}
		kib, err := strconv.ParseInt(string(bytes.TrimSpace(b)), 10, 64)
		if err != nil {
			return st, fmt.Errorf("bench: GNU time wrote %q: %v", b, err)
		}
		st.MaxRSSBytes = kib * 1024
	} else if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok && rss {
		st.MaxRSSBytes = ru.Maxrss * 1024 // Linux reports KiB; an upper bound, see timeCommand
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

// ScalePageSize is the emulator page size the SDK iterator lists with in
// Scale: the emulator decodes the whole list for every page
// (emulator/api.go: page.slice over out.Items), so listing N items in pages
// of P costs O(N²/P) there; the default 250 would take many minutes at 100k.
// Every N lists pages of the same size, so the client's memory is still
// compared like for like.
const ScalePageSize = 10_000

// Scale lists n servers for each n in ns from two child processes against a
// loopback emulator on the memory store: the typed SDK iterator
// (listservers, pages of ScalePageSize) and `mixcoatl get infrastructure/Server`
// (raw JSON: the CLI prints one page and has no -o or paging yet, so that
// emulator answers everything in one page).
func Scale(ctx context.Context, bins Binaries, home string, ns []int) ([]ScaleStat, error) {
	var out []ScaleStat
	for _, n := range ns {
		emu, err := StartEmulator(ctx, EmulatorOptions{Servers: n, PageSize: ScalePageSize})
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
		st.SDK, err = runProcess(ctx, home, bins.ListServers, append(keys, "DCM_ENDPOINT="+emu.Config.Endpoint), true)
		if err == nil {
			st.SDKSeen = string(bytes.TrimSpace(st.SDK.Stdout))
			st.CLI, err = runProcess(ctx, home, bins.Mixcoatl, append(keys, "DCM_ENDPOINT="+onePage.Config.Endpoint), true,
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
		m, err := runProcess(ctx, home, bins.Mixcoatl, nil, false, "version")
		if err != nil {
			return res, err
		}
		h, err := runProcess(ctx, home, bins.HelloWorld, nil, false)
		if err != nil {
			return res, err
		}
		mix, hello = append(mix, m.Wall), append(hello, h.Wall)
	}
	m, err := runProcess(ctx, home, bins.Mixcoatl, nil, true, "version")
	if err != nil {
		return res, err
	}
	h, err := runProcess(ctx, home, bins.HelloWorld, nil, true)
	if err != nil {
		return res, err
	}
	res.MixcoatlRSS, res.HelloRSS = m.MaxRSSBytes, h.MaxRSSBytes
	slices.Sort(mix)
	slices.Sort(hello)
	res.MixcoatlP50, res.HelloP50 = Percentile(mix, 50), Percentile(hello, 50)
	return res, nil
}
