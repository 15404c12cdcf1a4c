//go:build race

package hugepages

// The race detector maps shadow memory for every heap mapping: resident
// memory then says nothing of what a reservation touches.
const raceEnabled = true
