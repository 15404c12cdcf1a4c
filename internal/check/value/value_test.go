package value

import "testing"

func TestContains(t *testing.T) {
	t.Parallel()
	isTrue := func(v any) bool { return v == true }
	for _, tc := range []struct {
		v    any
		want bool
	}{
		{true, true},
		{false, false},
		{nil, false},
		{map[string]any{}, false},
		{map[string]any{"a": false, "b": map[string]any{"c": []any{false, true}}}, true},
		{[]any{false, []any{false}}, false},
		{[]any{map[string]any{"x": true}}, true},
	} {
		if got := Contains(tc.v, isTrue); got != tc.want {
			t.Errorf("Contains(%v) = %v, want %v", tc.v, got, tc.want)
		}
	}
	if !Contains(map[string]any{"a": []any{Unknown{}}}, IsUnknown) || Contains(map[string]any{"a": "x"}, IsUnknown) {
		t.Error("unknowns")
	}
}
