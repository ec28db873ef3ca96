package dcm

import (
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"testing"
)

// pagesOf lists through a server that answers page n (1-based) with the
// pagination id and body of page(n), never saying the last page came.
func pagesOf(t *testing.T, page func(n int) (id, body string)) (bodies []string, requests int, err error) {
	t.Helper()
	c, vs := newVerifyingServer(t, "", func(w http.ResponseWriter, r *http.Request) {
		n := 1
		if p := r.URL.Query().Get(QueryPage); p != "" {
			n, _ = strconv.Atoi(p)
		}
		id, body := page(n)
		w.Header().Set(HeaderPagination, id)
		w.Header().Set(HeaderLastPage, "false")
		fmt.Fprint(w, body)
	})
	for resp, err := range c.Pages(t.Context(), &Request{Path: "infrastructure/Server"}) {
		if err != nil {
			return bodies, len(vs.reqs), err
		}
		bodies = append(bodies, string(resp.Body))
		if len(bodies) > 50 {
			t.Fatalf("still paging after %d pages", len(bodies))
		}
	}
	return bodies, len(vs.reqs), nil
}

func wantPagingError(t *testing.T, err error, mention string) {
	t.Helper()
	ae, ok := errors.AsType[*APIError](err)
	if !ok || ae.Problem != ProblemPaging || ae.Path != "infrastructure/Server" || !strings.Contains(ae.Message, mention) {
		t.Fatalf("err = %v, want a paging error mentioning %q", err, mention)
	}
}

func TestPagingGuardRepeatedPage(t *testing.T) {
	t.Parallel()
	// The server: the same id, last-page false, the same page.
	bodies, n, err := pagesOf(t, func(int) (string, string) { return "pg-1", `{"servers":[{"serverId":1}]}` })
	wantPagingError(t, err, "page 2 repeats page 1")
	if len(bodies) != 1 || n != 2 {
		t.Errorf("%d page(s) delivered after %d requests, want page 1 then the error at request 2", len(bodies), n)
	}
}

func TestPagingGuardRepeatedPaginationID(t *testing.T) {
	t.Parallel()
	// Per-page ids that come round again (A, B, A), with bodies that differ.
	ids := []string{"A", "B", "A", "B"}
	bodies, _, err := pagesOf(t, func(n int) (string, string) {
		return ids[(n-1)%len(ids)], fmt.Sprintf(`{"servers":[{"serverId":%d}]}`, n)
	})
	wantPagingError(t, err, "page 3 carries the pagination id of page 1 again")
	if len(bodies) != 2 {
		t.Errorf("%d pages delivered before the error, want 2", len(bodies))
	}
}

func TestPagingGuardWentBack(t *testing.T) {
	t.Parallel()
	// A constant id, and page 3 goes back to page 1's content.
	_, _, err := pagesOf(t, func(n int) (string, string) {
		return "listing-7", fmt.Sprintf(`{"servers":[{"serverId":%d}]}`, 1+(n-1)%2)
	})
	wantPagingError(t, err, "page 3 repeats page 1")
}

func TestPagingGuardLetsHonestListingsThrough(t *testing.T) {
	t.Parallel()
	for name, id := range map[string]func(n int) string{
		"one id for the listing": func(int) string { return "listing-7" },
		"an id per page":         func(n int) string { return "cursor-" + strconv.Itoa(n) },
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			c, _ := newVerifyingServer(t, "", func(w http.ResponseWriter, r *http.Request) {
				n := 1
				if p := r.URL.Query().Get(QueryPage); p != "" {
					n, _ = strconv.Atoi(p)
				}
				w.Header().Set(HeaderPagination, id(n))
				w.Header().Set(HeaderLastPage, strconv.FormatBool(n == 5))
				fmt.Fprintf(w, `{"servers":[{"serverId":%d}]}`, n)
			})
			pages := 0
			for _, err := range c.Pages(t.Context(), &Request{Path: "infrastructure/Server"}) {
				if err != nil {
					t.Fatal(err)
				}
				pages++
			}
			if pages != 5 {
				t.Errorf("%d pages, want 5", pages)
			}
		})
	}
}

func TestCountWithoutCountIsAnUnusableAnswer(t *testing.T) {
	t.Parallel()
	for _, value := range []string{"", "many"} {
		c, _ := newVerifyingServer(t, "", func(w http.ResponseWriter, _ *http.Request) {
			if value != "" {
				w.Header().Set(HeaderCount, value)
			}
		})
		if _, err := c.Count(t.Context(), "infrastructure/Server", nil); !IsUnusableAnswer(err) || !strings.Contains(err.Error(), HeaderCount) {
			t.Errorf("count %q: err = %v, want an unusable answer naming %s", value, err, HeaderCount)
		}
	}
}
