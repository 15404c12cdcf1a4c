//go:build pending_decoder

package plan

// knownDecoderGap: with -tags pending_decoder no gap is tolerated.
func knownDecoderGap(error) bool { return false }
