//go:build !linux

package plan

import "os"

type mapping struct{ data []byte }

// mapFile maps files on Linux only; elsewhere plans are read.
func mapFile(*os.File, int64) (*mapping, bool) { return nil, false }

func (*mapping) release()    {}
func (*mapping) drop([]byte) {}
