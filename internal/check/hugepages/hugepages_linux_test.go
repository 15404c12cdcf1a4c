package hugepages

import (
	"bufio"
	"os"
	"os/exec"
	"runtime"
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
	cmd := exec.Command(os.Args[0], "-test.run=^TestNoReservationUnderADataLimit$", "-test.v")
	cmd.Env = append(os.Environ(), "HUGEPAGES_CHILD=1")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("the child died reserving under a data limit: %v\n%s", err, out)
	}
	if !strings.Contains(string(out), "--- PASS") {
		t.Fatalf("the child did not run the reservation:\n%s", out)
	}
}
