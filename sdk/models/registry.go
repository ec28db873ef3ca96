package models

import (
	"fmt"

	"github.com/mixcoatl/mixcoatl/sdk"
)

// one and many adapt typed results to the generic registry functions.
func one[T any, PT interface {
	*T
	sdk.Model
}](v *T, err error) (sdk.Model, error) {
	if err != nil {
		return nil, err
	}
	return PT(v), nil
}

func many[T any, PT interface {
	*T
	sdk.Model
}](vs []*T, err error) ([]sdk.Model, error) {
	out := make([]sdk.Model, len(vs))
	for i, v := range vs {
		out[i] = PT(v)
	}
	return out, err
}

func unsupported(resource, what string) error {
	if _, ok := New(resource); !ok {
		return fmt.Errorf("models: no resource named %q", resource)
	}
	return fmt.Errorf("models: %s has no %s operation", resource, what)
}
