//go:build !linux

package plan

import (
	"io"
	"os"
)

type mapping struct{ data []byte }

// mapFile maps files on Linux only; elsewhere plans are read.
func mapFile(*os.File, int64) (*mapping, bool) { return nil, false }

func (*mapping) release()    {}
func (*mapping) drop([]byte) {}

// readAnon reads into anonymous mappings on Linux only.
func readAnon(io.Reader, int64) (*mapping, int64, bool, error) { return nil, 0, false, nil }

// inMemoryFS tells memory file systems apart on Linux only.
func inMemoryFS(string) bool { return false }
