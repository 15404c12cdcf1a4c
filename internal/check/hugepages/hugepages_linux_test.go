package hugepages

import (
	"bufio"
	"os"
	"os/exec"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"unsafe"
)

// A reservation leaves the heap mapped with huge-page advice, returned to
// the kernel so a memory limit does not count it, and the check's next
// allocations land in it.
func TestReserveAdvisesHugePages(t *testing.T) {
	if strconv.IntSize < 64 {
		t.Skip("a 32-bit process reserves nothing")
	}
	mode, err := os.ReadFile("/sys/kernel/mm/transparent_hugepage/enabled")
	if err != nil || strings.Contains(string(mode), "[never]") {
		t.Skipf("this kernel offers no transparent huge pages (%q, %v): nothing to advise", mode, err)
	}
	const n = 256 << 20
	Reserve(n)
	if reserved < n {
		t.Fatalf("reserved %d bytes, want %d", reserved, n)
	}
	if held := countedByLimit(); held > n/4 {
		t.Errorf("the runtime holds %d MiB after reserving %d MiB: the reservation counts against a memory limit", held>>20, n>>20)
	}
	// A large allocation now comes from the advised mapping (it may
	// start in free pages just below it: look at its middle).
	b := make([]byte, 64<<20)
	addr := uintptr(unsafe.Pointer(unsafe.SliceData(b))) + uintptr(len(b)/2)
	flags := vmFlags(t, addr)
	if !strings.Contains(" "+flags+" ", " hg ") {
		t.Errorf("the mapping at %#x has flags %q: no huge-page advice (hg)", addr, flags)
	}
	runtime.KeepAlive(b)

	// A smaller or equal request later reserves nothing more.
	before := reserved
	Reserve(n / 2)
	if reserved != before {
		t.Errorf("a smaller request changed the reservation: %d -> %d", before, reserved)
	}
}

func TestReserveIgnoresSmallSizes(t *testing.T) {
	before := reserved
	Reserve(minReserve - 1)
	if reserved != before {
		t.Errorf("reserved %d bytes for a request below %d", reserved-before, minReserve)
	}
}

// countedByLimit is the memory a runtime memory limit counts: all it
// maps, less what it returned to the kernel.
func countedByLimit() uint64 {
	s := []metrics.Sample{{Name: "/memory/classes/total:bytes"}, {Name: "/memory/classes/heap/released:bytes"}}
	metrics.Read(s)
	return s[0].Value.Uint64() - s[1].Value.Uint64()
}

// vmFlags returns the VmFlags line of the mapping holding addr.
func vmFlags(t *testing.T, addr uintptr) string {
	t.Helper()
	f, err := os.Open("/proc/self/smaps")
	if err != nil {
		t.Skipf("no /proc/self/smaps: %v", err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	in := false
	for sc.Scan() {
		line := sc.Text()
		if lo, hi, ok := mappingRange(line); ok {
			in = lo <= addr && addr < hi
			continue
		}
		if in && strings.HasPrefix(line, "VmFlags:") {
			return strings.TrimSpace(strings.TrimPrefix(line, "VmFlags:"))
		}
	}
	t.Fatalf("no mapping holds %#x", addr)
	return ""
}

// mappingRange parses the "lo-hi perms ..." header line of a mapping.
func mappingRange(line string) (lo, hi uintptr, ok bool) {
	field, _, _ := strings.Cut(line, " ")
	a, b, found := strings.Cut(field, "-")
	if !found {
		return 0, 0, false
	}
	x, err1 := strconv.ParseUint(a, 16, 64)
	y, err2 := strconv.ParseUint(b, 16, 64)
	if err1 != nil || err2 != nil {
		return 0, 0, false
	}
	return uintptr(x), uintptr(y), true
}

// Under a limit on data (ulimit -d), a reservation the limit would refuse
// kills the process (the runtime cannot fail an allocation): none is made.
// The reservation runs in a child process, which sets the limit first.
func TestNoReservationUnderADataLimit(t *testing.T) {
	if strconv.IntSize < 64 {
		t.Skip("a 32-bit process reserves nothing")
	}
	if os.Getenv("HUGEPAGES_CHILD") == "1" {
		lim := syscall.Rlimit{Cur: 256 << 20, Max: 256 << 20}
		if err := syscall.Setrlimit(syscall.RLIMIT_DATA, &lim); err != nil {
			t.Skipf("cannot set a data limit: %v", err)
		}
		Reserve(1 << 30)
		if reserved != 0 {
			t.Fatalf("reserved %d bytes under a data limit", reserved)
		}
		return
	}
	inChild(t, "1")
}

// A reservation made once the heap has freed pages at its top must not
// touch the fresh memory after them: a single object that starts in used
// pages is cleared whole by the runtime, which faulted in every page of a
// 12 GiB reservation (50 s, and all of it resident). The reservation runs
// in a child process, whose heap is set up for it.
func TestReservationAfterFreedPagesTouchesNothing(t *testing.T) {
	if strconv.IntSize < 64 {
		t.Skip("a 32-bit process reserves nothing")
	}
	if raceEnabled {
		t.Skip("the race detector's shadow memory is resident too")
	}
	if os.Getenv("HUGEPAGES_CHILD") == "2" {
		// Freed pages at the top of the heap, still resident, then a
		// reservation; three times over, as where the runtime places
		// the freed pages varies.
		for round := range 3 {
			junk := make([]byte, 64<<20)
			for i := 0; i < len(junk); i += 4096 {
				junk[i] = 1
			}
			junk = nil
			runtime.GC()
			before := peakResident(t)
			n := int64(round+1) << 30
			reserved = 0
			Reserve(n)
			if reserved != n {
				t.Skipf("no reservation here (%d bytes)", reserved)
			}
			if grew := peakResident(t) - before; grew > 64<<20 {
				t.Fatalf("reserving %d MiB made up to %d MiB resident", n>>20, grew>>20)
			}
		}
		return
	}
	inChild(t, "2")
}

// peakResident is the process's peak resident memory so far (VmHWM).
func peakResident(t *testing.T) int64 {
	t.Helper()
	status, err := os.ReadFile("/proc/self/status")
	if err != nil {
		t.Skipf("no /proc/self/status: %v", err)
	}
	for line := range strings.Lines(string(status)) {
		if rest, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			kb, err := strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(rest), "kB")), 10, 64)
			if err != nil {
				t.Fatal(err)
			}
			return kb << 10
		}
	}
	t.Fatal("no VmHWM")
	return 0
}

// Under a memory limit, a reservation takes at most half of it.
func TestReservationWithinHalfAMemoryLimit(t *testing.T) {
	if strconv.IntSize < 64 {
		t.Skip("a 32-bit process reserves nothing")
	}
	if os.Getenv("HUGEPAGES_CHILD") == "3" {
		debug.SetMemoryLimit(256 << 20)
		Reserve(1 << 30)
		if reserved > 128<<20 {
			t.Fatalf("reserved %d MiB under a 256 MiB limit", reserved>>20)
		}
		return
	}
	inChild(t, "3")
}

// inChild runs the calling test again in a child process with
// HUGEPAGES_CHILD set to part (the test's child side runs there: a
// reservation changes the process for good, and a bad one kills it), and
// requires the child to pass, or skips as it did.
func inChild(t *testing.T, part string) {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^"+t.Name()+"$", "-test.v")
	cmd.Env = append(os.Environ(), "HUGEPAGES_CHILD="+part)
	out, err := cmd.CombinedOutput()
	if err == nil && strings.Contains(string(out), "--- SKIP") {
		t.Skipf("skipped in the child process:\n%s", out)
	}
	if err != nil || !strings.Contains(string(out), "--- PASS") {
		t.Fatalf("the child process failed or died: %v\n%s", err, out)
	}
}

// Under strict overcommit a reservation would be committed memory taken
// from the rest of the machine: only mode 2 counts as strict, and a
// setting that cannot be read does not.
func TestStrictOvercommit(t *testing.T) {
	dir := t.TempDir()
	for mode, strict := range map[string]bool{"2\n": true, "0\n": false, "1\n": false, "": false} {
		path := dir + "/overcommit_memory"
		if err := os.WriteFile(path, []byte(mode), 0o600); err != nil {
			t.Fatal(err)
		}
		if got := strictOvercommit(path); got != strict {
			t.Errorf("mode %q: strict %v, want %v", mode, got, strict)
		}
	}
	if strictOvercommit(dir + "/missing") {
		t.Error("an unreadable setting counts as strict")
	}
}
