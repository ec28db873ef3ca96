package bench

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"syscall"
	"time"
)

// ProcessStat is one child process run: wall time, CPU time (user and
// system), page faults and peak resident memory (getrusage ru_minflt,
// ru_maxrss) and how much it printed.
type ProcessStat struct {
	Wall        time.Duration
	CPU         time.Duration // of the child (and of GNU time, when rss measured through it)
	Faults      int64         // minor page faults of the child (not measured under GNU time)
	MaxRSSBytes int64
	StdoutBytes int64
	Stdout      []byte // kept only when short
	Marks       int64  // occurrences of the run's mark in what it printed, if any
}

// countingWriter counts what the child prints, keeping the first bytes, and
// counts a mark (e.g. the first member of each listed item) across writes.
type countingWriter struct {
	n     int64
	head  bytes.Buffer
	mark  []byte
	marks int64
	tail  []byte // the last len(mark)-1 bytes seen, for marks split between writes
}

func (w *countingWriter) Write(p []byte) (int, error) {
	w.n += int64(len(p))
	if len(w.mark) > 0 {
		joined := append(w.tail, p...)
		w.marks += int64(bytes.Count(joined, w.mark))
		w.tail = append(w.tail[:0], joined[max(0, len(joined)-len(w.mark)+1):]...)
	}
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
	return runMarked(ctx, home, bin, env, rss, nil, args...)
}

// runMarked is runProcess that also counts occurrences of mark in stdout.
func runMarked(ctx context.Context, home, bin string, env []string, rss bool, mark []byte, args ...string) (ProcessStat, error) {
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
	out := countingWriter{mark: mark}
	var errBuf bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errBuf
	start := time.Now()
	err := cmd.Run()
	wall := time.Since(start)
	if err != nil {
		return ProcessStat{}, fmt.Errorf("bench: %s %v: %v: %s", bin, args, err, errBuf.Bytes())
	}
	st := ProcessStat{Wall: wall, CPU: cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime(),
		StdoutBytes: out.n, Stdout: out.head.Bytes(), Marks: out.marks}
	ru, _ := cmd.ProcessState.SysUsage().(*syscall.Rusage)
	if ru != nil && rssFile == "" {
		st.Faults = ru.Minflt
	}
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
	} else if ru != nil && rss {
		st.MaxRSSBytes = ru.Maxrss * 1024 // Linux reports KiB; an upper bound, see timeCommand
	}
	return st, nil
}

// ScaleStat is one listing of N servers.
type ScaleStat struct {
	N       int
	SDK     ProcessStat // listservers: typed iterator, the emulator's default page size
	CLI     ProcessStat // mixcoatl server list -o json: streamed page by page, same page size
	SDKSeen string      // what listservers printed (the count)
}

// cliItemMark opens each item of `mixcoatl server list -o json` (an
// indented array of objects whose first member is serverId), so counting it
// counts the servers the CLI printed.
var cliItemMark = []byte("\n  {\n    \"serverId\": ")

// Scale lists n servers for each n in ns from two child processes against
// one loopback emulator on the memory store, at the emulator's default page
// size (emulator.DefaultPageSize, 250): the typed SDK iterator (listservers)
// and `mixcoatl server list -o json`, which streams the list page by page.
// Both should keep their peak memory flat as n grows.
func Scale(ctx context.Context, bins Binaries, home string, ns []int) ([]ScaleStat, error) {
	var out []ScaleStat
	for _, n := range ns {
		emu, err := StartEmulator(ctx, EmulatorOptions{Servers: n})
		if err != nil {
			return nil, err
		}
		st := ScaleStat{N: n}
		env := []string{"DCM_ACCESS_KEY=" + emu.Config.AccessKey, "DCM_SECRET_KEY=" + emu.Config.SecretKey,
			"DCM_ENDPOINT=" + emu.Config.Endpoint}
		st.SDK, err = runProcess(ctx, home, bins.ListServers, env, true)
		if err == nil {
			st.SDKSeen = string(bytes.TrimSpace(st.SDK.Stdout))
			st.CLI, err = runMarked(ctx, home, bins.Mixcoatl, env, true, cliItemMark, "server", "list", "-o", "json")
		}
		emu.Close()
		if err != nil {
			return nil, err
		}
		out = append(out, st)
	}
	return out, nil
}

// StartupResult compares mixcoatl commands with a hello-world binary.
type StartupResult struct {
	Runs        int
	HelloP50    time.Duration
	HelloCPU    time.Duration // median CPU time (user and system)
	HelloFaults int64         // median minor page faults
	HelloRSS    int64
	Commands    []CommandStartup // in the order of startupCommands
	Before      []CommandStartup // the same commands of the before build, if any
}

// CommandStartup is one command's median wall and CPU time, median minor
// page faults (the steadiest of the three on a shared machine: each is a
// page of code, data or heap the start touched) and peak memory.
type CommandStartup struct {
	Name   string
	P50    time.Duration
	CPU    time.Duration
	Faults int64
	RSS    int64
}

// startupExec is one binary and command line of the comparison, with its
// own HOME (so its own --local state file) and its measurements.
type startupExec struct {
	bin, home string
	args      []string
	wall, cpu []time.Duration
	faults    []int64
}

// Startup execs each of startupCommands and the hello-world binary runs
// times each, and reports the median wall and CPU times and peak memory.
// `--local` commands get a state file made by one run before. before, when
// set, is another mixcoatl build (an earlier commit) whose commands join
// the same rounds, in a HOME of its own. Each round runs every exec once,
// the order rotated by one from the round before, so that no binary always
// runs right after the same other (on a shared machine a position in the
// round has its own cost: caches, the scheduler).
//
// Every binary is measured as a copy written by copyBinary, the way cp
// writes it: an executable the Go linker has just written (through a
// memory map) took about 1 ms more CPU per start than a cp copy of the
// same bytes on the benchmark machine (the page cache holds the two
// differently), which favoured whichever build was copied.
func Startup(ctx context.Context, bins Binaries, home string, runs int, before string) (StartupResult, error) {
	res := StartupResult{Runs: runs}
	var execs []*startupExec
	for ti, bin := range []string{bins.Mixcoatl, before} {
		if bin == "" {
			continue
		}
		h := home
		if ti > 0 {
			var err error
			if h, err = os.MkdirTemp(home, "before-"); err != nil {
				return res, err
			}
		}
		bin, err := copyBinary(bin, h)
		if err != nil {
			return res, err
		}
		for _, args := range startupCommands {
			if _, err := runProcess(ctx, h, bin, nil, false, args...); err != nil { // warm: the local state
				return res, err
			}
			execs = append(execs, &startupExec{bin: bin, home: h, args: args})
		}
	}
	helloBin, err := copyBinary(bins.HelloWorld, home)
	if err != nil {
		return res, err
	}
	hello := &startupExec{bin: helloBin, home: home}
	execs = append(execs, hello)
	for r := range runs {
		for i := range execs {
			e := execs[(i+r)%len(execs)]
			m, err := runProcess(ctx, e.home, e.bin, nil, false, e.args...)
			if err != nil {
				return res, err
			}
			e.wall, e.cpu, e.faults = append(e.wall, m.Wall), append(e.cpu, m.CPU), append(e.faults, m.Faults)
		}
	}
	for i, e := range execs {
		m, err := runProcess(ctx, e.home, e.bin, nil, true, e.args...)
		if err != nil {
			return res, err
		}
		slices.Sort(e.wall)
		slices.Sort(e.cpu)
		slices.Sort(e.faults)
		c := CommandStartup{Name: startupName(e.args), P50: Percentile(e.wall, 50), CPU: Percentile(e.cpu, 50),
			Faults: Percentile(e.faults, 50), RSS: m.MaxRSSBytes}
		switch {
		case e == hello:
			res.HelloP50, res.HelloCPU, res.HelloFaults, res.HelloRSS = c.P50, c.CPU, c.Faults, c.RSS
		case i < len(startupCommands):
			res.Commands = append(res.Commands, c)
		default:
			res.Before = append(res.Before, c)
		}
	}
	return res, nil
}

// copyBinary copies the executable bin, under its own name, into a new
// directory in dir with plain reads and writes (see Startup) and returns
// the copy's path.
func copyBinary(bin, dir string) (string, error) {
	d, err := os.MkdirTemp(dir, "bin-")
	if err != nil {
		return "", err
	}
	src, err := os.Open(bin)
	if err != nil {
		return "", err
	}
	defer src.Close()
	dst, err := os.OpenFile(filepath.Join(d, filepath.Base(bin)), os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o700)
	if err != nil {
		return "", err
	}
	if _, err := io.Copy(dst, src); err != nil {
		dst.Close()
		return "", err
	}
	return dst.Name(), dst.Close()
}
