// Package cdp drives a headless Chromium through the Chrome DevTools
// Protocol for browser tests, with nothing but the standard library: the
// browser is started with --remote-debugging-pipe and speaks the protocol
// over two pipes (it reads file descriptor 3 and writes 4), each message a
// JSON object ended by a NUL byte. No websocket, no third-party client.
//
// Only what the tests need is here: pages (targets attached in flat
// mode), navigation with a wait for the load event, script evaluation
// (awaiting promises, so a test waits for a condition in the page instead
// of sleeping), and screenshots.
package cdp

import (
	"bufio"
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strings"
	"sync"
)

// Find returns the browser to drive: $MIXCOATL_CHROMIUM, else the first
// of chromium, chromium-browser, google-chrome on PATH.
func Find() (string, error) {
	if p := os.Getenv("MIXCOATL_CHROMIUM"); p != "" {
		return exec.LookPath(p)
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p, nil
		}
	}
	return "", errors.New("no chromium, chromium-browser or google-chrome on PATH (and MIXCOATL_CHROMIUM unset)")
}

// Browser is a running headless browser.
type Browser struct {
	cmd    *exec.Cmd
	out    io.WriteCloser // the browser's fd 3
	in     io.ReadCloser  // the browser's fd 4
	writeM sync.Mutex

	mu      sync.Mutex
	nextID  int
	pending map[int]chan message
	waiters []*waiter
	done    chan struct{}
	err     error
}

type message struct {
	ID        int             `json:"id,omitempty"`
	SessionID string          `json:"sessionId,omitempty"`
	Method    string          `json:"method,omitempty"`
	Params    json.RawMessage `json:"params,omitempty"`
	Result    json.RawMessage `json:"result,omitempty"`
	Error     *struct {
		Code    int    `json:"code"`
		Message string `json:"message"`
	} `json:"error,omitempty"`
}

// waiter waits for one event of a session.
type waiter struct {
	session, method string
	ch              chan json.RawMessage
}

// Launch starts the browser at path, headless, with a new profile in
// userDataDir and everything that would reach the network switched off.
// stderr receives the browser's own log.
func Launch(path, userDataDir string, stderr io.Writer) (*Browser, error) {
	toBrowserR, toBrowserW, err := os.Pipe()
	if err != nil {
		return nil, err
	}
	fromBrowserR, fromBrowserW, err := os.Pipe()
	if err != nil {
		return nil, err
	}
	cmd := exec.Command(path, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
		"--disable-background-networking", "--disable-component-update", "--disable-sync",
		"--disable-extensions", "--disable-default-apps", "--mute-audio", "--hide-scrollbars",
		"--user-data-dir="+userDataDir, "--remote-debugging-pipe", "--window-size=1100,560", "about:blank")
	cmd.ExtraFiles = []*os.File{toBrowserR, fromBrowserW} // fds 3 and 4
	cmd.Stderr = stderr
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	_ = toBrowserR.Close()
	_ = fromBrowserW.Close()
	b := &Browser{cmd: cmd, out: toBrowserW, in: fromBrowserR, pending: map[int]chan message{}, done: make(chan struct{})}
	go b.read()
	return b, nil
}

// read dispatches the browser's messages until the pipe closes.
func (b *Browser) read() {
	r := bufio.NewReaderSize(b.in, 1<<20)
	var err error
	for {
		var raw []byte
		raw, err = r.ReadBytes(0)
		if err != nil {
			break
		}
		var m message
		if json.Unmarshal(raw[:len(raw)-1], &m) != nil {
			continue
		}
		b.mu.Lock()
		if m.ID != 0 {
			if ch, ok := b.pending[m.ID]; ok {
				delete(b.pending, m.ID)
				ch <- m
			}
		} else {
			for i, w := range b.waiters {
				if w.method == m.Method && w.session == m.SessionID {
					w.ch <- m.Params
					b.waiters = append(b.waiters[:i], b.waiters[i+1:]...)
					break
				}
			}
		}
		b.mu.Unlock()
	}
	b.mu.Lock()
	b.err = fmt.Errorf("cdp: the browser closed its pipe: %w", err)
	b.mu.Unlock()
	close(b.done)
}

// Call sends a command (in a session, or to the browser when session is
// "") and decodes its result into out (when not nil).
func (b *Browser) Call(ctx context.Context, session, method string, params, out any) error {
	ch := make(chan message, 1)
	b.mu.Lock()
	if b.err != nil {
		b.mu.Unlock()
		return b.err
	}
	b.nextID++
	id := b.nextID
	b.pending[id] = ch
	b.mu.Unlock()
	if params == nil {
		params = struct{}{}
	}
	p, err := json.Marshal(params)
	if err != nil {
		return err
	}
	msg, err := json.Marshal(message{ID: id, SessionID: session, Method: method, Params: p})
	if err != nil {
		return err
	}
	b.writeM.Lock()
	_, err = b.out.Write(append(msg, 0))
	b.writeM.Unlock()
	if err != nil {
		return fmt.Errorf("cdp: %s: %w", method, err)
	}
	select {
	case m := <-ch:
		if m.Error != nil {
			return fmt.Errorf("cdp: %s: %s (%d)", method, m.Error.Message, m.Error.Code)
		}
		if out != nil {
			return json.Unmarshal(m.Result, out)
		}
		return nil
	case <-b.done:
		return b.err
	case <-ctx.Done():
		b.mu.Lock()
		delete(b.pending, id)
		b.mu.Unlock()
		return fmt.Errorf("cdp: %s: %w", method, ctx.Err())
	}
}

// expect registers interest in the next event method of session; the
// returned channel receives its parameters.
func (b *Browser) expect(session, method string) chan json.RawMessage {
	w := &waiter{session: session, method: method, ch: make(chan json.RawMessage, 1)}
	b.mu.Lock()
	b.waiters = append(b.waiters, w)
	b.mu.Unlock()
	return w.ch
}

// Close ends the browser: it asks politely, then kills it.
func (b *Browser) Close() error {
	ctx, cancel := context.WithCancel(context.Background())
	go func() {
		select {
		case <-b.done:
		case <-ctx.Done():
		}
	}()
	_ = b.Call(ctx, "", "Browser.close", nil, nil)
	cancel()
	_ = b.out.Close()
	_ = b.cmd.Process.Kill()
	_ = b.cmd.Wait()
	return b.in.Close()
}

// Page is one tab.
type Page struct {
	b       *Browser
	session string
}

// NewPage opens a blank tab and attaches to it.
func (b *Browser) NewPage(ctx context.Context) (*Page, error) {
	var target struct {
		TargetID string `json:"targetId"`
	}
	if err := b.Call(ctx, "", "Target.createTarget", map[string]any{"url": "about:blank"}, &target); err != nil {
		return nil, err
	}
	var att struct {
		SessionID string `json:"sessionId"`
	}
	if err := b.Call(ctx, "", "Target.attachToTarget", map[string]any{"targetId": target.TargetID, "flatten": true}, &att); err != nil {
		return nil, err
	}
	p := &Page{b: b, session: att.SessionID}
	for _, domain := range []string{"Page.enable", "Runtime.enable"} {
		if err := b.Call(ctx, p.session, domain, nil, nil); err != nil {
			return nil, err
		}
	}
	return p, nil
}

// Navigate loads url and waits for its load event.
func (p *Page) Navigate(ctx context.Context, url string) error {
	loaded := p.b.expect(p.session, "Page.loadEventFired")
	var nav struct {
		ErrorText string `json:"errorText"`
	}
	if err := p.b.Call(ctx, p.session, "Page.navigate", map[string]any{"url": url}, &nav); err != nil {
		return err
	}
	if nav.ErrorText != "" {
		return fmt.Errorf("cdp: navigate to %s: %s", url, nav.ErrorText)
	}
	return p.wait(ctx, loaded, "the load of "+url)
}

// Do runs a script that navigates (clicking a link or submitting a form)
// and waits for the next page's load event.
func (p *Page) Do(ctx context.Context, script string) error {
	loaded := p.b.expect(p.session, "Page.loadEventFired")
	if err := p.Eval(ctx, script, nil); err != nil {
		return err
	}
	return p.wait(ctx, loaded, "the page after "+script)
}

func (p *Page) wait(ctx context.Context, ch chan json.RawMessage, what string) error {
	select {
	case <-ch:
		return nil
	case <-p.b.done:
		return p.b.err
	case <-ctx.Done():
		return fmt.Errorf("cdp: waiting for %s: %w", what, ctx.Err())
	}
}

// Eval evaluates a JavaScript expression in the page, awaiting it when it
// is a promise, and decodes its value into out (when not nil).
func (p *Page) Eval(ctx context.Context, expr string, out any) error {
	var res struct {
		Result struct {
			Value json.RawMessage `json:"value"`
		} `json:"result"`
		Exception *struct {
			Text      string `json:"text"`
			Exception struct {
				Description string `json:"description"`
			} `json:"exception"`
		} `json:"exceptionDetails"`
	}
	err := p.b.Call(ctx, p.session, "Runtime.evaluate",
		map[string]any{"expression": expr, "returnByValue": true, "awaitPromise": true, "userGesture": true}, &res)
	if err != nil {
		return err
	}
	if res.Exception != nil {
		return fmt.Errorf("cdp: script failed: %s %s", res.Exception.Text, res.Exception.Exception.Description)
	}
	if out != nil && len(res.Result.Value) > 0 {
		return json.Unmarshal(res.Result.Value, out)
	}
	return nil
}

// WaitFor waits until the JavaScript condition is true in the page: the
// page checks it on every DOM change (a MutationObserver), so no one
// polls; ctx bounds the wait.
func (p *Page) WaitFor(ctx context.Context, condition string) error {
	script := `new Promise(function (resolve) {
  var check = function () { try { return !!(` + condition + `); } catch (e) { return false; } };
  if (check()) { resolve(true); return; }
  var obs = new MutationObserver(function () { if (check()) { obs.disconnect(); resolve(true); } });
  obs.observe(document, {subtree: true, childList: true, characterData: true, attributes: true});
})`
	if err := p.Eval(ctx, script, nil); err != nil {
		return fmt.Errorf("cdp: waiting for %s: %w", strings.TrimSpace(condition), err)
	}
	return nil
}

// Screenshot returns a PNG of the page (the full page when full is set).
func (p *Page) Screenshot(ctx context.Context, full bool) ([]byte, error) {
	var res struct {
		Data string `json:"data"`
	}
	if err := p.b.Call(ctx, p.session, "Page.captureScreenshot",
		map[string]any{"format": "png", "captureBeyondViewport": full}, &res); err != nil {
		return nil, err
	}
	return base64.StdEncoding.DecodeString(res.Data)
}

// HTML returns the page's current document.
func (p *Page) HTML(ctx context.Context) (string, error) {
	var s string
	err := p.Eval(ctx, "document.documentElement.outerHTML", &s)
	return s, err
}
