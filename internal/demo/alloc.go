package demo

import (
	"math/rand/v2"
	"sort"
)

// newRand returns the generator of one part of the demo. Fixed seeds make
// every run write the same data; PCG's output is specified, so it does not
// change between Go releases.
func newRand(seed1, seed2 uint64) *rand.Rand { return rand.New(rand.NewPCG(seed1, seed2)) }

// apportion splits total into whole parts proportional to weights (largest
// remainder method; ties go to the lower index). The parts add up to total
// exactly. Weights are relative and need not add up to anything.
func apportion(total int, weights []float64) []int {
	out := make([]int, len(weights))
	sum := 0.0
	for _, w := range weights {
		sum += w
	}
	if total == 0 || sum <= 0 {
		return out
	}
	type rem struct {
		i int
		f float64
	}
	rems := make([]rem, len(weights))
	given := 0
	for i, w := range weights {
		exact := float64(total) * w / sum
		out[i] = int(exact)
		given += out[i]
		rems[i] = rem{i, exact - float64(out[i])}
	}
	sort.SliceStable(rems, func(a, b int) bool { return rems[a].f > rems[b].f })
	for k := 0; given < total; k++ {
		out[rems[k%len(rems)].i]++
		given++
	}
	return out
}

// jitter returns n weights between lo and hi, e.g. 0.7–1.3 for ±30%.
func jitter(r *rand.Rand, n int, lo, hi float64) []float64 {
	out := make([]float64, n)
	for i := range out {
		out[i] = lo + (hi-lo)*r.Float64()
	}
	return out
}

// fitSum nudges xs one unit at a time, at random places, until they add up
// to target, keeping every value within [lo, hi]. It is used to match a
// seed's head count (nhân khẩu) exactly.
func fitSum(r *rand.Rand, xs []int, target, lo, hi int) {
	sum := 0
	for _, x := range xs {
		sum += x
	}
	if len(xs) == 0 || target < lo*len(xs) || target > hi*len(xs) {
		return
	}
	for sum != target {
		i := r.IntN(len(xs))
		switch {
		case sum < target && xs[i] < hi:
			xs[i]++
			sum++
		case sum > target && xs[i] > lo:
			xs[i]--
			sum--
		}
	}
}

// sample returns a set of k distinct indices drawn from [0, n).
func sample(r *rand.Rand, n, k int) map[int]bool {
	idx := make([]int, n)
	for i := range idx {
		idx[i] = i
	}
	out := make(map[int]bool, k)
	for i := 0; i < k && i < n; i++ {
		j := i + r.IntN(n-i)
		idx[i], idx[j] = idx[j], idx[i]
		out[idx[i]] = true
	}
	return out
}
