//go:build unix

// Package pipetest serves test data through named pipes, as a shell's
// process substitution (<(terraform show -json tfplan)) does.
package pipetest

import (
	"os"
	"path/filepath"
	"syscall"
	"testing"
)

// Serve makes a named pipe called name that gives data to the first
// reader, and nothing to any later one: code that opens it twice, say to
// look at its first bytes, then finds it empty, and fails rather than
// hangs. The pipe is gone when the test ends.
func Serve(t testing.TB, name string, data []byte) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := syscall.Mkfifo(path, 0o600); err != nil {
		t.Skipf("cannot make a named pipe here: %v", err)
	}
	done := make(chan struct{})
	go func() {
		for first := true; ; first = false {
			w, err := os.OpenFile(path, os.O_WRONLY, 0)
			if err != nil {
				return
			}
			select {
			case <-done:
				w.Close()
				return
			default:
			}
			if first {
				w.Write(data)
			}
			w.Close()
		}
	}()
	t.Cleanup(func() {
		close(done)
		// A reader that does not wait releases the writer waiting for one.
		if r, err := os.OpenFile(path, os.O_RDONLY|syscall.O_NONBLOCK, 0); err == nil {
			r.Close()
		}
	})
	return path
}
