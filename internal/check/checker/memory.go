package checker

import (
	"math"
	"os"
	"runtime/debug"
	"runtime/metrics"
	"sync"
	"time"

	"github.com/KimMachineGun/automemlimit/memlimit"

	"github.com/nhiguard/terraform-provider-nhi/internal/check/hugepages"
	"github.com/nhiguard/terraform-provider-nhi/internal/check/plan"
)

// SizeMemory sizes the heap for a plan file before it is checked: huge
// pages for the heap the check will fill, and a soft memory limit. It
// returns the function that restores the previous limit. Check calls it;
// a caller that also writes the report calls it around both.
//
// The pipeline's live heap peaks near 1.5 times a large plan, and the
// default pacing lets the heap grow to twice the live size: the limit
// keeps a large plan's check under three times its size. A plan of a few
// tens of MiB peaks above three times its size: the binary and the runtime
// take about 12 MiB outside the heap, and a limit that made up for it
// would leave the live heap so little room that the collector ran two or
// three times as often (a quarter more time on a 25 MiB plan). A plan of
// many small resources needs more than its size says: Check raises the
// limit once it has counted them (fitMemory), and a guard lifts a limit
// that makes the collector thrash (guardLimit). A limit the user set
// (GOMEMLIMIT) is kept, and neither applies to it.
//
// In a container (a cgroup with a memory limit, as CI jobs and pods
// run in) no limit goes past what the container allows (ceiling): the
// kernel kills a process that outgrows it, with no word of why. Past it
// the guard stops the check instead (OnOutOfMemory).
//
// A binary plan's size says nothing of the JSON Terraform makes of it,
// many times larger, and a plan on stdin has no size in advance: Check
// sizes the heap for their JSON once it is read (reading it needs none:
// it goes to a mapping of its own or to a file).
func SizeMemory(path string) func() {
	if path == "" {
		return func() {}
	}
	if path == "-" {
		return func() {} // sized once read (Check)
	}
	// Stat first: a pipe (<(terraform show -json tfplan)) is read once,
	// by Load, and not looked into here.
	st, err := os.Stat(path)
	if err != nil || !st.Mode().IsRegular() || plan.IsBinaryPlanFile(path) {
		return func() {} // sized once read (Check)
	}
	return sizeMemoryFor(st.Size())
}

// lateSizing sizes the heap for JSON whose size is known only once read
// (plan.Options.Sized), holds the collector's pacing while it is decoded
// (as Check does for a plan file, whose limit is set before), and restores
// both afterwards.
type lateSizing struct{ undo, resume func() }

func (l *lateSizing) sized(n int64, inHeap bool) {
	if inHeap {
		// While it is decoded, the heap holds the JSON as well as the
		// values decoded from it: a limit of three times its size leaves
		// the decoding room; the peak comes later, the JSON gone.
		n += n / 5
	}
	l.restore()
	l.undo = sizeMemoryFor(n)
	l.resume = holdCollection()
}

// decoded ends the hold once the JSON is decoded.
func (l *lateSizing) decoded() {
	if l.resume != nil {
		l.resume()
		l.resume = nil
	}
}

func (l *lateSizing) restore() {
	l.decoded()
	if l.undo != nil {
		l.undo()
		l.undo = nil
	}
}

// sizeMemoryFor is SizeMemory for a plan of n bytes.
func sizeMemoryFor(n int64) func() {
	limit := n*5/2 + 32<<20
	if n >= reserveFrom && n <= plan.DefaultMaxBytes {
		hugepages.Reserve(reserveFactor*n + 32<<20)
	}
	if os.Getenv("GOMEMLIMIT") != "" {
		return func() {}
	}
	// The cli sizes the heap for the check and the report it writes, and
	// Check again for itself: the first sizing holds until it is undone,
	// so the second must not restore the first's limit, lifted meanwhile.
	sizing.Lock()
	defer sizing.Unlock()
	if sizing.n++; sizing.n > 1 {
		return sizing.release
	}
	sizing.ceiling = ceiling()
	limit = min(limit, sizing.ceiling)
	prev := debug.SetMemoryLimit(limit)
	sizing.limit = limit
	stop := guardLimit(sizing.ceiling)
	return func() {
		stop()
		debug.SetMemoryLimit(prev)
		sizing.release()
	}
}

// perResource is the heap a check may take per resource instance, beside
// what the plan's size allows: the live heap peaks near 3 KiB a resource
// on plans of small resources (users with a policy each, members of one
// group or role), whose JSON is a few hundred bytes a resource, and twice
// that lets the default pacing work. A plan of large resources gets more
// from its size (7 KiB a resource on generated plans).
const perResource = 6 << 10

// fitMemory raises the limit the check's sizing set, once the plan's
// resources are counted, to what they need (perResource). It reserves no
// more heap: reserving collects the heap to return it, and with the plan
// decoded in it that cost more than the page faults it saved (2.5 s
// against 2.1 s on 20,000 members of one group).
func fitMemory(resources int) {
	sizing.Lock()
	defer sizing.Unlock()
	want := min(int64(resources)*perResource+32<<20, sizing.ceiling)
	if sizing.n == 0 || want <= sizing.limit {
		return
	}
	sizing.limit = want
	if debug.SetMemoryLimit(-1) < want { // unless the guard lifted it
		debug.SetMemoryLimit(want)
	}
}

// sizing counts the sizings in force; only the first sets a limit.
var sizing sizings

type sizings struct {
	sync.Mutex
	n       int
	limit   int64 // the limit the first set
	ceiling int64 // the most any limit may be (ceiling), read by the first
}

// containerMemory is the memory the process's cgroup allows (v1 or v2);
// tests replace it.
var containerMemory = memlimit.FromCgroup

// ceiling is the most memory a check's heap may take: what the container
// allows, less room for what the kernel counts beside it (the binary, the
// heap's growth while it is collected, huge pages partly used): a fifth,
// and 32 MiB. A tenth let gen-50k die in 230 MiB, its live heap under
// the ceiling. Outside a container, or in one of less than about 80 MiB,
// there is none (math.MaxInt64).
func ceiling() int64 {
	allowed, err := containerMemory()
	if err != nil || allowed >= math.MaxInt64/2 {
		return math.MaxInt64
	}
	c := int64(allowed) - int64(allowed)/5 - 32<<20
	if c < 32<<20 {
		return math.MaxInt64
	}
	return c
}

// OnOutOfMemory sets what happens when a check's live heap alone reaches
// the container's ceiling: it cannot finish, and the kernel would kill it
// without a word. The command prints why and exits; by default (a
// library, tests) nothing happens. f gets the live heap and the memory
// the container allows.
func OnOutOfMemory(f func(live, allowed int64)) {
	outOfMemory.Lock()
	outOfMemory.f = f
	outOfMemory.Unlock()
}

var outOfMemory struct {
	sync.Mutex
	f func(live, allowed int64)
}

// containerAllows is the memory of the container whose ceiling is c.
func containerAllows(c int64) int64 {
	if allowed, err := containerMemory(); err == nil && allowed < math.MaxInt64/2 {
		return int64(allowed)
	}
	return c
}

func (s *sizings) release() {
	s.Lock()
	s.n--
	s.Unlock()
}

// guardLimit lifts the memory limit once it makes the collector thrash,
// until the returned function stops it.
//
// The limit is a guess from the plan's size (and, once decoded, its
// resource count: fitMemory). Some plans still outgrow it: one role with
// thousands of policies, one document of thousands of statements. A limit
// near the live heap makes the collector run back to back, each cycle
// freeing little, until its CPU limiter gives up at half the CPU and the
// heap passes the limit anyway: such checks took two to three times as
// long, and grew faster than the plan. So, after each collection:
//   - while a plan is decoded (pacing held, collections are the limit's,
//     and decoding keeps what it makes), the limit is raised to twice the
//     live heap, so that it still bounds the heap;
//   - afterwards, when a collection freed less than a sixth of the heap
//     that started it and the live heap fills three quarters of the limit,
//     the limit goes, and the default pacing (a goal of twice the live
//     heap) takes over. On large plans the live heap peaks near 60% of the
//     limit.
//
// It polls: a cleanup run by the collector would come a cycle or two late
// when cycles run back to back, which is when it matters.
func guardLimit(ceiling int64) (stop func()) {
	g := &limitGuard{done: make(chan struct{}), ceiling: ceiling}
	go g.watch()
	return func() {
		g.mu.Lock()
		g.stopped = true
		g.mu.Unlock()
		close(g.done)
	}
}

type limitGuard struct {
	done    chan struct{}
	ceiling int64 // no limit goes past it (see ceiling)
	mu      sync.Mutex
	stopped bool
}

// guardPoll is how often the guard reads the collector's state: a check's
// collections are tens to hundreds of milliseconds apart.
const guardPoll = 5 * time.Millisecond

func (g *limitGuard) watch() {
	tick := time.NewTicker(guardPoll)
	defer tick.Stop()
	heap := []metrics.Sample{{Name: "/gc/cycles/total:gc-cycles"}, {Name: "/gc/heap/live:bytes"}, {Name: "/gc/heap/goal:bytes"}}
	metrics.Read(heap)
	seen, goal := heap[0].Value.Uint64(), int64(heap[2].Value.Uint64())
	for {
		select {
		case <-g.done:
			return
		case <-tick.C:
		}
		metrics.Read(heap)
		// goal is the last goal read before this cycle: the heap size
		// that started it, within a poll.
		cycles, live := heap[0].Value.Uint64(), int64(heap[1].Value.Uint64())
		// Thrashing: the collection freed little of the heap that started
		// it, and the live heap alone fills three quarters of the limit. A
		// heap that grows while it is marked frees little too, but has
		// room left under the limit: lifting the limit then only costs
		// memory (gen-50k piped to stdin went from 2.8 to 3.3 times its
		// size, one run in six).
		limit := debug.SetMemoryLimit(-1)
		collected, thrashing := cycles != seen, live > goal-goal/6 && live > limit/4*3
		seen, goal = cycles, int64(heap[2].Value.Uint64())
		if collected && g.lift(live, thrashing) {
			return
		}
	}
}

// lift acts on a collection that left live bytes: while a plan is
// decoded, a collection is the limit's (the pacing is held) and frees
// little, as decoding keeps what it makes: the limit is raised to twice
// the live heap. Afterwards, a collection that freed too little
// (thrashing) removes the limit. It reports whether the guard is done.
func (g *limitGuard) lift(live int64, thrashing bool) bool {
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.stopped {
		return true
	}
	held.Lock()
	decoding := held.n > 0
	held.Unlock()
	switch {
	case live >= g.ceiling:
		// The container cannot hold what the check keeps: say so,
		// rather than be killed. A limit on its own would only make
		// the collector run back to back until then.
		outOfMemory.Lock()
		f := outOfMemory.f
		outOfMemory.Unlock()
		if f != nil {
			f(live, containerAllows(g.ceiling))
		}
		g.stopped = true
		return true
	case decoding:
		debug.SetMemoryLimit(min(max(debug.SetMemoryLimit(-1), 2*live+32<<20), g.ceiling))
		return false
	case thrashing:
		// Lifted as far as the container allows: past that, the
		// kernel's kill comes sooner than any gain.
		debug.SetMemoryLimit(g.ceiling)
		g.stopped = g.ceiling == math.MaxInt64
		return g.stopped
	}
	return false
}

const (
	// reserveFrom is the plan size from which the heap is reserved: below
	// it, reserving (2 to 3 ms) costs more than the page faults it saves.
	// Past the default bound on plan size (plan.DefaultMaxBytes) nothing is
	// reserved: such a plan is most likely refused unread.
	reserveFrom = 1 << 20
	// reserveFactor sizes the reservation past the limit: the heap's
	// addresses outrun its size (freed spans are not always reused), and
	// a plan of small resources takes up to seven or eight times its size
	// (fitMemory). Heap past the reservation faults a page at a time; the
	// reservation is address space, resident only once used, and made at
	// start, when collecting to return it costs nothing. Eight times over
	// two and a half: 10% faster on gen-50k, 15-30% on crowded plans
	// (BenchmarkShapes), the same peak memory.
	reserveFactor = 8
)

// holdCollection turns the collector's pacing off while a plan is
// decoded, when a memory limit bounds the heap (SizeMemory's, or the
// user's GOMEMLIMIT) and the user did not set GOGC: nearly all that
// decoding allocates stays alive until the plan is indexed, so collections
// then mark a growing heap and free little (on a 25 MB plan, five of its
// eight). The limit still starts a collection if the heap nears it. It
// returns the function that restores the pacing; checks that overlap (in
// tests) share one hold, and the last to finish restores it.
func holdCollection() func() {
	if os.Getenv("GOGC") != "" || debug.SetMemoryLimit(-1) == math.MaxInt64 {
		return func() {}
	}
	held.Lock()
	if held.n == 0 {
		held.pacing = debug.SetGCPercent(-1)
	}
	held.n++
	held.Unlock()
	return func() {
		held.Lock()
		if held.n--; held.n == 0 {
			debug.SetGCPercent(held.pacing)
		}
		held.Unlock()
	}
}

var held struct {
	sync.Mutex
	n      int
	pacing int
}
