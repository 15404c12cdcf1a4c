//go:build !pending_decoder

package plan

import "strings"

// knownDecoderGap reports errors that break the error contract in a way
// already reported to the decoder's owner, so that fuzzing finds new
// problems instead of these (build with -tags pending_decoder to hold the
// decoder to the full contract):
//
//   - a malformed resource address in resource_changes, planned_values or
//     prior_state returns ParseAddress's plain error (not an *InputError),
//     quoting the whole address, however long.
func knownDecoderGap(err error) bool {
	return strings.HasPrefix(err.Error(), `address "`)
}
