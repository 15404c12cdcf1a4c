package packed

import (
	"bytes"
	"compress/gzip"
	"io"
	"strings"
	"testing"
)

func gz(t *testing.T, s string) []byte {
	t.Helper()
	var b bytes.Buffer
	w := gzip.NewWriter(&b)
	w.Write([]byte(s))
	w.Close()
	return b.Bytes()
}

func TestMembers(t *testing.T) {
	t.Parallel()
	a, b := gz(t, "hello\n"), gz(t, "world\n")
	blob := append(append([]byte{}, a...), b...)
	m, err := ParseMembersHeader("#members 0 "+itoa(len(a))+" "+itoa(len(blob)), blob)
	if err != nil {
		t.Fatal(err)
	}
	if s, err := m.Slice(1, 0, 5); err != nil || s != "world" {
		t.Fatalf("Slice = %q, %v", s, err)
	}
	if s, err := m.Text(0); err != nil || s != "hello\n" {
		t.Fatalf("Text = %q, %v", s, err)
	}
	if _, err := m.Slice(0, 3, 10); err == nil {
		t.Fatal("out of range slice accepted")
	}
	if _, err := m.Text(2); err == nil || m.Valid(2) || !m.Valid(1) {
		t.Fatal("member 2 should not exist")
	}
	for _, bad := range []string{"", "#members", "#members x", "#members 0 5 3", "#members 0 99999", "#other 0 1"} {
		if _, err := ParseMembersHeader(bad, blob); err == nil {
			t.Errorf("header %q accepted", bad)
		}
	}
	broken, _ := ParseMembersHeader("#members 0 4", []byte("junk"))
	if _, err := broken.Text(0); err == nil {
		t.Fatal("junk inflated")
	}
	if _, err := Gunzip([]byte("not gzip")); err == nil {
		t.Fatal("Gunzip accepted junk")
	}
}

func itoa(n int) string {
	if n == 0 {
		return "0"
	}
	var b []byte
	for ; n > 0; n /= 10 {
		b = append([]byte{byte('0' + n%10)}, b...)
	}
	return string(b)
}

func TestLazy(t *testing.T) {
	calls := 0
	get := Lazy("test table", func() (int, error) { calls++; return 7, nil })
	if get() != 7 || get() != 7 || calls != 1 {
		t.Errorf("decoded %d times", calls)
	}
	bad := Lazy("test table", func() (int, error) { return 0, io.ErrUnexpectedEOF })
	defer func() {
		if r := recover(); r == nil || !strings.Contains(r.(string), "test table: unexpected EOF") {
			t.Errorf("recovered %v", r)
		}
	}()
	bad()
}
