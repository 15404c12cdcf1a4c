package plan

// DecodeJSON decodes a JSON text the way encoding/json decodes into an
// interface{} with UseNumber (objects map[string]any, arrays []any,
// numbers json.Number), with the plan decoder: several times faster, for
// the JSON documents plans carry inside strings (policies). ok is false
// for anything it does not decode exactly so: invalid JSON, a duplicate
// key (encoding/json keeps the last), text after the value. The caller
// then uses encoding/json, for its result and its error.
func DecodeJSON(text string) (v any, ok bool) {
	data := []byte(text) // the decoder reads bytes; v shares nothing with them
	d := &decoder{buf: data, src: text, strs: &strtab{}}
	defer func() {
		if r := recover(); r != nil {
			if _, isFailure := r.(*decodeFailure); !isFailure {
				panic(r)
			}
			v, ok = nil, false
		}
	}()
	v = d.value()
	d.ws()
	if d.pos != len(data) {
		return nil, false
	}
	return v, true
}
