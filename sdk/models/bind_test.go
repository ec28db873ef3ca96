package models_test

import (
	"context"
	"encoding/json"
	"errors"
	"iter"
	"net/url"
	"reflect"
	"testing"

	"github.com/mixcoatl/mixcoatl/catalog"
	"github.com/mixcoatl/mixcoatl/dcm"
	"github.com/mixcoatl/mixcoatl/sdk"
	"github.com/mixcoatl/mixcoatl/sdk/models"
)

var errOffline = errors.New("offline")

type offlineClient struct{}

func (offlineClient) Do(context.Context, *dcm.Request) (*dcm.Response, error) { return nil, errOffline }
func (offlineClient) Pages(context.Context, *dcm.Request) iter.Seq2[*dcm.Response, error] {
	return func(yield func(*dcm.Response, error) bool) { yield(nil, errOffline) }
}
func (offlineClient) Count(context.Context, string, url.Values) (int, error) { return 0, errOffline }
func (offlineClient) Config() dcm.Config                                     { return dcm.Config{} }

// TestBindRefsBindsEveryReference: the generated BindRefs reaches every
// reference field, single or list, as the reflective sdk.Bind did.
func TestBindRefsBindsEveryReference(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	for _, r := range catalog.Load().Resources {
		m, _ := models.New(r.Name)
		b, _ := json.Marshal(representative(r))
		if err := json.Unmarshal(b, m); err != nil {
			t.Fatal(err)
		}
		sdk.Bind(m, offlineClient{})
		v := reflect.ValueOf(m).Elem()
		check := func(name string, f reflect.Value) {
			reload := f.Addr().MethodByName("Reload")
			if !reload.IsValid() {
				return
			}
			out := reload.Call([]reflect.Value{reflect.ValueOf(ctx)})
			if err, _ := out[1].Interface().(error); !errors.Is(err, errOffline) {
				t.Errorf("%s.%s: load error %v, want the bound client's", r.Name, name, err)
			}
		}
		for i := range v.NumField() {
			f, name := v.Field(i), v.Type().Field(i).Name
			if f.Kind() == reflect.Slice && f.Type().Elem().Kind() == reflect.Struct {
				for j := range f.Len() {
					check(name, f.Index(j))
				}
			} else if f.Kind() == reflect.Struct {
				check(name, f)
			}
		}
	}
}
