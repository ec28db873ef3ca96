package py2

import (
	"math"
	"math/big"
	"strconv"
)

// compareNumbers compares two Python numbers (bool, Int, float64) by
// value.
func compareNumbers(a, b any) int {
	return toRat(a).Cmp(toRat(b))
}

func toRat(v any) *big.Rat {
	switch x := v.(type) {
	case bool:
		if x {
			return big.NewRat(1, 1)
		}
		return new(big.Rat)
	case Int:
		r, ok := new(big.Rat).SetString(string(x))
		if ok {
			return r
		}
	case float64:
		if r := new(big.Rat); r.SetFloat64(x) != nil {
			return r
		}
	}
	return new(big.Rat)
}

// Round is round(x, ndigits) of Python 2.7: the exact value of x rounded
// to ndigits decimals, halves away from zero.
func Round(x float64, ndigits int) float64 {
	if math.IsInf(x, 0) || math.IsNaN(x) {
		return x
	}
	r := new(big.Rat).SetFloat64(x)
	scale := new(big.Rat).SetInt(new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(ndigits)), nil))
	r.Mul(r, scale)
	neg := r.Sign() < 0
	r.Abs(r)
	// floor(r + 1/2): halves go up, away from zero once the sign is back.
	r.Add(r, big.NewRat(1, 2))
	n := new(big.Int).Quo(r.Num(), r.Denom())
	if neg {
		if n.Sign() == 0 {
			return math.Copysign(0, -1)
		}
		n.Neg(n)
	}
	f, _ := strconv.ParseFloat(n.String()+"e-"+strconv.Itoa(ndigits), 64)
	return f
}
