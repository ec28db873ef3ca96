package acceptance

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/mixcoatl/mixcoatl/catalog"
	"github.com/mixcoatl/mixcoatl/emulator"
	"github.com/mixcoatl/mixcoatl/emulator/store/open"
)

// childEnv makes the test binary act as an emulator process (see TestMain).
const childEnv = "MIXCOATL_ACCEPTANCE_EMULATOR_DATA"

func TestMain(m *testing.M) {
	if data := os.Getenv(childEnv); data != "" {
		st, err := open.Store(context.Background(), data)
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		cfg := emulator.Config{Listen: "127.0.0.1:0", Store: st, State: data, AccessKey: testAccess, SecretKey: testSecret}
		err = emulator.Run(context.Background(), cfg, os.Stdout)
		if cerr := st.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		os.Exit(0)
	}
	os.Exit(m.Run())
}

var listening = regexp.MustCompile(`listening on (http://[0-9.]+:[0-9]+)`)

// startProcess runs the emulator in a child process on the data file and
// returns a client and the process.
func startProcess(t *testing.T, data string) (*rawClient, *exec.Cmd) {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), childEnv+"="+data)
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = cmd.Process.Kill(); _ = cmd.Wait() })
	lines := bufio.NewScanner(out)
	for lines.Scan() {
		if m := listening.FindStringSubmatch(lines.Text()); m != nil {
			go func() { // keep the pipe drained
				for lines.Scan() {
				}
			}()
			return &rawClient{base: m[1], version: catalog.Load().DefaultVersion, access: testAccess, secret: testSecret, agent: testAgent}, cmd
		}
	}
	t.Fatalf("emulator process exited before listening: %v", lines.Err())
	return nil, nil
}

// kill -9 the emulator while a job runs; restarted on the same data file, the
// job, its server and a synchronous write acknowledged before the kill are
// all there, and the job finishes.
func TestKillDuringJob(t *testing.T) {
	t.Parallel()
	data := filepath.Join(t.TempDir(), "state.db")
	c, proc := startProcess(t, data)

	group := c.do(t, "POST", "admin/Group", nil, `{"addGroup":{"group":{"name":"survivors","description":"acknowledged before the crash"}}}`)
	if group.status != 201 {
		t.Fatalf("addGroup: %d %s", group.status, group.body)
	}
	groupID := field(t, items(t, group, "groups")[0], "groupId")
	vol := c.do(t, "POST", "infrastructure/Volume", nil, `{"addVolume":[{"name":"crash-vol","description":"d",
		"dataCenter":{"dataCenterId":64351},"sizeInGb":10,"budget":1512}]}`)
	jobID := acceptedJob(t, vol)
	first := items(t, c.do(t, "GET", "admin/Job/"+jobID, nil, ""), "jobs")[0].(map[string]any)
	if first["status"] != "RUNNING" {
		t.Fatalf("job finished before the crash (%v); the test needs it running", first["status"])
	}

	if err := proc.Process.Kill(); err != nil { // SIGKILL: no chance to flush anything
		t.Fatal(err)
	}
	_ = proc.Wait()
	start := time.Now()
	c2, _ := startProcess(t, data)
	t.Logf("restart took %v", time.Since(start))

	if g := c2.do(t, "GET", "admin/Group/"+groupID, nil, ""); g.status != 200 {
		t.Fatalf("group acknowledged before the kill is gone: %d %s", g.status, g.body)
	}
	job := pollJob(t, c2, jobID)
	if job["status"] != "COMPLETE" {
		t.Fatalf("job after restart: %v (%v)", job["status"], job["message"])
	}
	volID, _ := job["message"].(string)
	v := items(t, c2.do(t, "GET", "infrastructure/Volume/"+volID, nil, ""), "volumes")[0].(map[string]any)
	if v["name"] != "crash-vol" || strings.Contains(fmt.Sprint(v["status"]), "PENDING") {
		t.Fatalf("volume after restart: %v", v)
	}
}
