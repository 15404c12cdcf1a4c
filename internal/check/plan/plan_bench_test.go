package plan

// Benchmarks of the loading stages on the largest fixture and generated
// plans (plangen): decoding, indexing, and both together. MB/s is over the
// plan's size; ns/resource over its resource instances.

import (
	"bytes"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/nhiguard/terraform-provider-nhi/internal/check/hugepages"
	"github.com/nhiguard/terraform-provider-nhi/internal/check/plan/plangen"
)

type benchInput struct {
	name      string
	data      []byte
	instances int
}

var (
	benchOnce   sync.Once
	benchInputs []benchInput
)

func inputs(b *testing.B) []benchInput {
	b.Helper()
	benchOnce.Do(func() {
		data, err := os.ReadFile(filepath.Join(fixtures, "aws-12-large-generated", "plan.json"))
		if err != nil {
			b.Fatal(err)
		}
		benchInputs = append(benchInputs, benchInput{"aws-12", data, 5040})
		for _, n := range []struct {
			name string
			n    int
		}{{"gen-1k", 1000}, {"gen-10k", 10000}, {"gen-50k", 50000}} {
			data, st := plangen.Generate(plangen.Options{Instances: n.n})
			benchInputs = append(benchInputs, benchInput{n.name, data, st.Instances})
		}
	})
	return benchInputs
}

func perResource(b *testing.B, instances int) {
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(instances), "ns/resource")
}

// BenchmarkLoadStages: decode (the fast decoder, merging each change's
// values with their markers as it goes), index (instances, modules,
// addresses, the few state values it needs), parse (both, as Load runs
// them after reading), and the reflective decoder the fast one replaced,
// for comparison.
func BenchmarkLoadStages(b *testing.B) {
	for _, in := range inputs(b) {
		hugepages.Reserve(int64(len(in.data))*5/2 + 32<<20) // as the checker does
		b.Run(in.name+"/decode", func(b *testing.B) {
			b.SetBytes(int64(len(in.data)))
			b.ReportAllocs()
			for b.Loop() {
				if _, fail := decodeFast(in.data, nil, nil, nil, nil); fail != nil {
					b.Fatal(fail.msg)
				}
			}
			perResource(b, in.instances)
		})
		b.Run(in.name+"/index", func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				// A fresh decode each time (index prunes it), off the clock.
				b.StopTimer()
				fd, fail := decodeFast(in.data, nil, nil, nil, nil)
				if fail != nil {
					b.Fatal(fail.msg)
				}
				b.StartTimer()
				if _, err := fd.index(nil); err != nil {
					b.Fatal(err)
				}
			}
			perResource(b, in.instances)
		})
		b.Run(in.name+"/parse", func(b *testing.B) {
			b.SetBytes(int64(len(in.data)))
			b.ReportAllocs()
			for b.Loop() {
				if _, err := parse(in.data, Options{}); err != nil {
					b.Fatal(err)
				}
			}
			perResource(b, in.instances)
		})
		b.Run(in.name+"/reflective", func(b *testing.B) {
			if testing.Short() || len(in.data) > 64<<20 {
				b.Skip("slow; the reference decoder only")
			}
			b.SetBytes(int64(len(in.data)))
			b.ReportAllocs()
			for b.Loop() {
				if _, err := parseReflective(bytes.TrimSpace(in.data), Options{}); err != nil {
					b.Fatal(err)
				}
			}
			perResource(b, in.instances)
		})
	}
}
