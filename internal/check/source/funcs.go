package source

import (
	"crypto/md5"
	"crypto/sha1"
	"crypto/sha256"
	"crypto/sha512"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"hash"
	"math"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"strings"
	"sync"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/ext/customdecode"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/convert"
	"github.com/zclconf/go-cty/cty/function"
	"github.com/zclconf/go-cty/cty/function/stdlib"
)

type functionT = function.Function

var (
	baseOnce sync.Once
	baseCtx  *hcl.EvalContext
)

// baseContext holds the functions every evaluation shares: Terraform's built-in
// functions that need neither the file system nor the clock.
func baseContext() *hcl.EvalContext {
	baseOnce.Do(func() { baseCtx = &hcl.EvalContext{Functions: baseFunctions()} })
	return baseCtx
}

func baseFunctions() map[string]functionT {
	identity := function.New(&function.Spec{
		Params: []function.Parameter{{Name: "value", Type: cty.DynamicPseudoType, AllowDynamicType: true, AllowNull: true, AllowUnknown: true, AllowMarked: true}},
		Type:   func(args []cty.Value) (cty.Type, error) { return args[0].Type(), nil },
		Impl:   func(args []cty.Value, _ cty.Type) (cty.Value, error) { return args[0], nil },
	})
	return map[string]functionT{
		// numeric
		"abs": stdlib.AbsoluteFunc, "ceil": stdlib.CeilFunc, "floor": stdlib.FloorFunc,
		"log": stdlib.LogFunc, "max": stdlib.MaxFunc, "min": stdlib.MinFunc,
		"parseint": stdlib.ParseIntFunc, "pow": stdlib.PowFunc, "signum": stdlib.SignumFunc,
		"sum": sumFunc,
		// string
		"chomp": stdlib.ChompFunc, "endswith": endsWithFunc, "format": stdlib.FormatFunc,
		"formatlist": stdlib.FormatListFunc, "indent": stdlib.IndentFunc, "join": stdlib.JoinFunc,
		"lower": stdlib.LowerFunc, "regex": stdlib.RegexFunc, "regexall": stdlib.RegexAllFunc,
		"replace": replaceFunc, "split": stdlib.SplitFunc, "startswith": startsWithFunc,
		"strcontains": strContainsFunc, "strrev": stdlib.ReverseFunc, "substr": stdlib.SubstrFunc,
		"title": stdlib.TitleFunc, "trim": stdlib.TrimFunc, "trimprefix": stdlib.TrimPrefixFunc,
		"trimspace": stdlib.TrimSpaceFunc, "trimsuffix": stdlib.TrimSuffixFunc, "upper": stdlib.UpperFunc,
		// collections
		"alltrue": allTrueFunc, "anytrue": anyTrueFunc, "chunklist": stdlib.ChunklistFunc,
		"coalesce": coalesceFunc, "coalescelist": stdlib.CoalesceListFunc, "compact": stdlib.CompactFunc,
		"concat": stdlib.ConcatFunc, "contains": stdlib.ContainsFunc, "distinct": stdlib.DistinctFunc,
		"element": stdlib.ElementFunc, "flatten": stdlib.FlattenFunc, "index": indexFunc,
		"keys": stdlib.KeysFunc, "length": lengthFunc, "lookup": stdlib.LookupFunc,
		"merge": stdlib.MergeFunc, "one": oneFunc, "range": rangeFunc, "reverse": stdlib.ReverseListFunc,
		"setintersection": stdlib.SetIntersectionFunc, "setproduct": stdlib.SetProductFunc,
		"setsubtract": stdlib.SetSubtractFunc, "setunion": stdlib.SetUnionFunc, "slice": stdlib.SliceFunc,
		"sort": stdlib.SortFunc, "values": stdlib.ValuesFunc, "zipmap": stdlib.ZipmapFunc,
		// encoding
		"base64decode": base64DecodeFunc, "base64encode": base64EncodeFunc, "csvdecode": stdlib.CSVDecodeFunc,
		"jsondecode": jsonDecodeFunc, "jsonencode": jsonEncodeFunc, "urlencode": urlEncodeFunc,
		// hashing
		"md5": hashFunc(md5.New, false), "sha1": hashFunc(sha1.New, false),
		"sha256": hashFunc(sha256.New, false), "sha512": hashFunc(sha512.New, false),
		"base64sha256": hashFunc(sha256.New, true), "base64sha512": hashFunc(sha512.New, true),
		// date and time (timestamp() is unknown at plan time: left to the stubs)
		"formatdate": stdlib.FormatDateFunc, "timeadd": stdlib.TimeAddFunc,
		// type conversion
		"tobool": stdlib.MakeToFunc(cty.Bool), "tolist": stdlib.MakeToFunc(cty.List(cty.DynamicPseudoType)),
		"tomap": stdlib.MakeToFunc(cty.Map(cty.DynamicPseudoType)), "tonumber": stdlib.MakeToFunc(cty.Number),
		"toset": stdlib.MakeToFunc(cty.Set(cty.DynamicPseudoType)), "tostring": stdlib.MakeToFunc(cty.String),
		"try": tryFunc, "can": canFunc,
		"nonsensitive": identity, "sensitive": identity, "issensitive": isSensitiveFunc,
		// paths
		"basename": pathFunc(path.Base), "dirname": pathFunc(path.Dir),
	}
}

// ---- file system, confined to the tree's directory ----

// fileReader reads files for file() and templatefile(), never outside dir.
type fileReader struct{ dir string }

func (f *fileReader) read(name string) ([]byte, error) {
	if f == nil {
		return nil, fmt.Errorf("no configuration directory to read %q from", name)
	}
	rel := filepath.FromSlash(name)
	if filepath.IsAbs(rel) {
		r, err := filepath.Rel(f.dir, rel)
		if err != nil || r == ".." || strings.HasPrefix(r, ".."+string(filepath.Separator)) {
			return nil, fmt.Errorf("%q is outside the configuration directory", name)
		}
		rel = r
	}
	root, err := os.OpenRoot(f.dir)
	if err != nil {
		return nil, err
	}
	defer root.Close()
	return root.ReadFile(filepath.Clean(rel))
}

// fileFunctions are bound to one evaluator: file paths are relative to the root
// directory, as Terraform resolves them against its working directory.
func fileFunctions(t *Tree) map[string]functionT {
	var files *fileReader
	if t != nil {
		files = t.files
	}
	readString := func(name string) (string, error) {
		src, err := files.read(name)
		return string(src), err
	}
	fileFn := function.New(&function.Spec{
		Params: []function.Parameter{{Name: "path", Type: cty.String}},
		Type:   function.StaticReturnType(cty.String),
		Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
			s, err := readString(args[0].AsString())
			if err != nil {
				return cty.UnknownVal(cty.String), err
			}
			return cty.StringVal(s), nil
		},
	})
	existsFn := function.New(&function.Spec{
		Params: []function.Parameter{{Name: "path", Type: cty.String}},
		Type:   function.StaticReturnType(cty.Bool),
		Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
			_, err := files.read(args[0].AsString())
			return cty.BoolVal(err == nil), nil
		},
	})
	templateFn := function.New(&function.Spec{
		Params: []function.Parameter{
			{Name: "path", Type: cty.String},
			{Name: "vars", Type: cty.DynamicPseudoType, AllowMarked: true, AllowUnknown: true},
		},
		Type: function.StaticReturnType(cty.String),
		Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
			name := args[0].AsString()
			src, err := readString(name)
			if err != nil {
				return cty.UnknownVal(cty.String), err
			}
			tmpl, diags := hclsyntax.ParseTemplate([]byte(src), name, hcl.InitialPos)
			if diags.HasErrors() {
				return cty.UnknownVal(cty.String), diags
			}
			vars := args[1]
			if !vars.IsKnown() {
				return cty.UnknownVal(cty.String).WithMarks(vars.Marks()), nil
			}
			ctx := baseContext().NewChild()
			ctx.Variables = map[string]cty.Value{}
			if !vars.IsNull() && vars.CanIterateElements() {
				for it := vars.ElementIterator(); it.Next(); {
					k, v := it.Element()
					k, _ = k.Unmark()
					if k.Type() == cty.String {
						ctx.Variables[k.AsString()] = v
					}
				}
			}
			v, diags := tmpl.Value(ctx)
			if diags.HasErrors() {
				return cty.UnknownVal(cty.String), diags
			}
			return convert.Convert(v, cty.String)
		},
	})
	return map[string]functionT{"file": fileFn, "fileexists": existsFn, "templatefile": templateFn}
}

// unknownFunction stands in for a function this package does not provide.
func unknownFunction(name string) functionT {
	return function.New(&function.Spec{
		VarParam: &function.Parameter{Name: "args", Type: cty.DynamicPseudoType, AllowDynamicType: true, AllowNull: true, AllowUnknown: true, AllowMarked: true},
		Type:     function.StaticReturnType(cty.DynamicPseudoType),
		Impl: func([]cty.Value, cty.Type) (cty.Value, error) {
			return cty.DynamicVal.Mark(refMark(name + "()")), nil
		},
	})
}

// ---- jsonencode that keeps the document when leaves are unknown ----

// jsonDoc marks the unknown result of jsonencode over a partly unknown value,
// keeping that value so Document can return the structure. It is a pointer so
// that it can be a mark (marks must be comparable).
type jsonDoc struct{ val cty.Value }

var jsonEncodeFunc = function.New(&function.Spec{
	Params: []function.Parameter{{Name: "val", Type: cty.DynamicPseudoType, AllowDynamicType: true, AllowNull: true, AllowUnknown: true, AllowMarked: true}},
	Type:   function.StaticReturnType(cty.String),
	Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
		v := args[0]
		if v.IsWhollyKnown() {
			u, _ := v.UnmarkDeep()
			return stdlib.JSONEncode(u)
		}
		return cty.UnknownVal(cty.String).Mark(&jsonDoc{val: v}), nil
	},
})

var jsonDecodeFunc = function.New(&function.Spec{
	Params: []function.Parameter{{Name: "str", Type: cty.String, AllowUnknown: true, AllowMarked: true}},
	Type: func(args []cty.Value) (cty.Type, error) {
		if doc := jsonDocOf(args[0]); doc != nil {
			return doc.val.Type(), nil
		}
		u, _ := args[0].Unmark()
		if !u.IsKnown() {
			return cty.DynamicPseudoType, nil
		}
		return stdlib.JSONDecodeFunc.ReturnTypeForValues([]cty.Value{u})
	},
	Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
		if doc := jsonDocOf(args[0]); doc != nil {
			return doc.val, nil // jsondecode(jsonencode(x)) is x
		}
		u, marks := args[0].Unmark()
		if !u.IsKnown() {
			return cty.DynamicVal.WithMarks(marks), nil
		}
		v, err := stdlib.JSONDecode(u)
		return v.WithMarks(marks), err
	},
})

func jsonDocOf(v cty.Value) *jsonDoc {
	if v.IsKnown() {
		return nil
	}
	for m := range v.Marks() {
		if d, ok := m.(*jsonDoc); ok {
			return d
		}
	}
	return nil
}

// ---- try and can that keep the references of an unknown result ----

// tryFunc follows hcl's ext/tryfunc, except that an unknown result keeps the
// marks (references) of the expression that produced it; tryfunc drops them.
var tryFunc = function.New(&function.Spec{
	VarParam: &function.Parameter{Name: "expressions", Type: customdecode.ExpressionClosureType},
	Type: func(args []cty.Value) (cty.Type, error) {
		v, err := try(args)
		if err != nil {
			return cty.NilType, err
		}
		return v.Type(), nil
	},
	Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) { return try(args) },
})

var canFunc = function.New(&function.Spec{
	Params: []function.Parameter{{Name: "expression", Type: customdecode.ExpressionClosureType}},
	Type:   function.StaticReturnType(cty.Bool),
	Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
		v, diags := customdecode.ExpressionClosureFromVal(args[0]).Value()
		switch {
		case diags.HasErrors():
			return cty.False, nil
		case !v.IsWhollyKnown():
			return cty.UnknownVal(cty.Bool).WithMarks(deepMarks(v)), nil
		}
		return cty.True, nil
	},
})

func try(args []cty.Value) (cty.Value, error) {
	if len(args) == 0 {
		return cty.NilVal, fmt.Errorf("at least one argument is required")
	}
	var msgs []string
	for _, arg := range args {
		v, diags := customdecode.ExpressionClosureFromVal(arg).Value()
		if diags.HasErrors() {
			for _, d := range diags.Errs() {
				msgs = append(msgs, d.Error())
			}
			continue
		}
		if !v.IsWhollyKnown() {
			// As tryfunc: a partly unknown value may still fail once known.
			return cty.DynamicVal.WithMarks(deepMarks(v)), nil
		}
		return v, nil
	}
	return cty.NilVal, fmt.Errorf("no expression succeeded: %s", strings.Join(msgs, "; "))
}

func deepMarks(v cty.Value) cty.ValueMarks {
	_, paths := v.UnmarkDeepWithPaths()
	out := cty.ValueMarks{}
	for _, p := range paths {
		for m := range p.Marks {
			out[m] = struct{}{}
		}
	}
	return out
}

// ---- functions go-cty's stdlib lacks or defines differently from Terraform ----

// lengthFunc counts characters of strings too, as Terraform's length does.
var lengthFunc = function.New(&function.Spec{
	Params: []function.Parameter{{Name: "value", Type: cty.DynamicPseudoType, AllowDynamicType: true}},
	Type: func(args []cty.Value) (cty.Type, error) {
		ty := args[0].Type()
		if ty == cty.String || ty.IsCollectionType() || ty.IsTupleType() || ty.IsObjectType() || ty == cty.DynamicPseudoType {
			return cty.Number, nil
		}
		return cty.NilType, function.NewArgErrorf(0, "argument must be a string, a collection type, or a structural type")
	},
	Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
		if args[0].Type() == cty.String {
			return stdlib.Strlen(args[0])
		}
		return cty.NumberIntVal(int64(args[0].LengthInt())), nil
	},
})

// indexFunc is Terraform's index(list, value): the position of value.
var indexFunc = function.New(&function.Spec{
	Params: []function.Parameter{
		{Name: "list", Type: cty.DynamicPseudoType},
		{Name: "value", Type: cty.DynamicPseudoType},
	},
	Type: function.StaticReturnType(cty.Number),
	Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
		ty := args[0].Type()
		if !(ty.IsListType() || ty.IsTupleType()) {
			return cty.NilVal, function.NewArgErrorf(0, "argument must be a list or tuple")
		}
		if !args[0].IsWhollyKnown() {
			return cty.UnknownVal(cty.Number), nil
		}
		for it := args[0].ElementIterator(); it.Next(); {
			i, v := it.Element()
			eq, err := stdlib.Equal(v, args[1])
			if err != nil {
				return cty.NilVal, err
			}
			if !eq.IsKnown() {
				return cty.UnknownVal(cty.Number), nil
			}
			if eq.True() {
				return i, nil
			}
		}
		return cty.NilVal, fmt.Errorf("item not found")
	},
})

// replaceFunc treats a substring wrapped in slashes as a regular expression, as
// Terraform's replace does.
var replaceFunc = function.New(&function.Spec{
	Params: []function.Parameter{
		{Name: "str", Type: cty.String}, {Name: "substr", Type: cty.String}, {Name: "replace", Type: cty.String},
	},
	Type: function.StaticReturnType(cty.String),
	Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
		sub := args[1].AsString()
		if len(sub) > 1 && sub[0] == '/' && sub[len(sub)-1] == '/' {
			re, err := regexp.Compile(sub[1 : len(sub)-1])
			if err != nil {
				return cty.NilVal, err
			}
			return cty.StringVal(re.ReplaceAllString(args[0].AsString(), args[2].AsString())), nil
		}
		return cty.StringVal(strings.ReplaceAll(args[0].AsString(), sub, args[2].AsString())), nil
	},
})

// coalesceFunc skips empty strings as well as nulls, as Terraform's does.
var coalesceFunc = function.New(&function.Spec{
	VarParam: &function.Parameter{Name: "vals", Type: cty.DynamicPseudoType, AllowUnknown: true, AllowDynamicType: true, AllowNull: true},
	Type: func(args []cty.Value) (cty.Type, error) {
		types := make([]cty.Type, len(args))
		for i, a := range args {
			types[i] = a.Type()
		}
		ty, _ := convert.UnifyUnsafe(types)
		if ty == cty.NilType {
			return cty.NilType, fmt.Errorf("all arguments must have the same type")
		}
		return ty, nil
	},
	Impl: func(args []cty.Value, retType cty.Type) (cty.Value, error) {
		for _, a := range args {
			v, err := convert.Convert(a, retType)
			if err != nil {
				return cty.NilVal, err
			}
			if !v.IsKnown() {
				return cty.UnknownVal(retType), nil
			}
			if v.IsNull() || (v.Type() == cty.String && v.AsString() == "") {
				continue
			}
			return v, nil
		}
		return cty.NilVal, fmt.Errorf("no non-null, non-empty-string arguments")
	},
})

// maxRange bounds range(): a fuzzed or hostile configuration must not make the
// checker allocate without limit.
const maxRange = 1 << 20

var rangeFunc = function.New(&function.Spec{
	VarParam: &function.Parameter{Name: "params", Type: cty.Number},
	Type:     function.StaticReturnType(cty.List(cty.Number)),
	Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
		var nums []float64
		for _, a := range args {
			f, _ := a.AsBigFloat().Float64()
			nums = append(nums, f)
		}
		start, end, step := 0.0, 0.0, 1.0
		switch len(nums) {
		case 1:
			end = nums[0]
		case 2:
			start, end = nums[0], nums[1]
		case 3:
			start, end, step = nums[0], nums[1], nums[2]
		default:
			return cty.NilVal, fmt.Errorf("range needs 1 to 3 arguments")
		}
		if step != 0 && math.Abs((end-start)/step) > maxRange {
			return cty.NilVal, fmt.Errorf("range would produce more than %d elements", maxRange)
		}
		return stdlib.RangeFunc.Call(args)
	},
})

func stringPredicate(pred func(s, x string) bool) functionT {
	return function.New(&function.Spec{
		Params: []function.Parameter{{Name: "str", Type: cty.String}, {Name: "x", Type: cty.String}},
		Type:   function.StaticReturnType(cty.Bool),
		Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
			return cty.BoolVal(pred(args[0].AsString(), args[1].AsString())), nil
		},
	})
}

var (
	startsWithFunc  = stringPredicate(strings.HasPrefix)
	endsWithFunc    = stringPredicate(strings.HasSuffix)
	strContainsFunc = stringPredicate(strings.Contains)
)

func boolFold(all bool) functionT {
	return function.New(&function.Spec{
		Params: []function.Parameter{{Name: "list", Type: cty.List(cty.Bool)}},
		Type:   function.StaticReturnType(cty.Bool),
		Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
			sawUnknown := false
			for it := args[0].ElementIterator(); it.Next(); {
				_, v := it.Element()
				switch {
				case !v.IsKnown():
					sawUnknown = true
				case v.IsNull():
					if all {
						return cty.False, nil
					}
				case v.True() != all:
					return cty.BoolVal(!all), nil
				}
			}
			if sawUnknown {
				return cty.UnknownVal(cty.Bool), nil
			}
			return cty.BoolVal(all), nil
		},
	})
}

var (
	allTrueFunc = boolFold(true)
	anyTrueFunc = boolFold(false)
)

var oneFunc = function.New(&function.Spec{
	Params: []function.Parameter{{Name: "list", Type: cty.DynamicPseudoType}},
	Type: func(args []cty.Value) (cty.Type, error) {
		ty := args[0].Type()
		switch {
		case ty.IsListType() || ty.IsSetType():
			return ty.ElementType(), nil
		case ty.IsTupleType():
			if len(ty.TupleElementTypes()) == 1 {
				return ty.TupleElementTypes()[0], nil
			}
			return cty.DynamicPseudoType, nil
		}
		return cty.NilType, function.NewArgErrorf(0, "must be a list, set, or tuple value")
	},
	Impl: func(args []cty.Value, retType cty.Type) (cty.Value, error) {
		switch args[0].LengthInt() {
		case 0:
			return cty.NullVal(retType), nil
		case 1:
			it := args[0].ElementIterator()
			it.Next()
			_, v := it.Element()
			return v, nil
		}
		return cty.NilVal, fmt.Errorf("must be a list, set, or tuple value with either zero or one elements")
	},
})

var sumFunc = function.New(&function.Spec{
	Params: []function.Parameter{{Name: "list", Type: cty.DynamicPseudoType}},
	Type:   function.StaticReturnType(cty.Number),
	Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
		if !args[0].CanIterateElements() || args[0].LengthInt() == 0 {
			return cty.NilVal, fmt.Errorf("cannot sum an empty or non-collection value")
		}
		total := cty.Zero
		for it := args[0].ElementIterator(); it.Next(); {
			_, v := it.Element()
			n, err := convert.Convert(v, cty.Number)
			if err != nil {
				return cty.NilVal, err
			}
			if !n.IsKnown() {
				return cty.UnknownVal(cty.Number), nil
			}
			if n.IsNull() {
				return cty.NilVal, fmt.Errorf("cannot sum null values")
			}
			total = total.Add(n)
		}
		return total, nil
	},
})

var isSensitiveFunc = function.New(&function.Spec{
	Params: []function.Parameter{{Name: "value", Type: cty.DynamicPseudoType, AllowDynamicType: true, AllowNull: true, AllowUnknown: true, AllowMarked: true}},
	Type:   function.StaticReturnType(cty.Bool),
	Impl:   func([]cty.Value, cty.Type) (cty.Value, error) { return cty.False, nil },
})

func stringFunc(f func(string) (string, error)) functionT {
	return function.New(&function.Spec{
		Params: []function.Parameter{{Name: "str", Type: cty.String}},
		Type:   function.StaticReturnType(cty.String),
		Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
			s, err := f(args[0].AsString())
			if err != nil {
				return cty.NilVal, err
			}
			return cty.StringVal(s), nil
		},
	})
}

var (
	base64EncodeFunc = stringFunc(func(s string) (string, error) { return base64.StdEncoding.EncodeToString([]byte(s)), nil })
	base64DecodeFunc = stringFunc(func(s string) (string, error) {
		b, err := base64.StdEncoding.DecodeString(s)
		return string(b), err
	})
	urlEncodeFunc = stringFunc(func(s string) (string, error) { return url.QueryEscape(s), nil })
)

func hashFunc(h func() hash.Hash, b64 bool) functionT {
	return stringFunc(func(s string) (string, error) {
		d := h()
		d.Write([]byte(s))
		if b64 {
			return base64.StdEncoding.EncodeToString(d.Sum(nil)), nil
		}
		return hex.EncodeToString(d.Sum(nil)), nil
	})
}

func pathFunc(f func(string) string) functionT {
	return stringFunc(func(s string) (string, error) { return f(filepath.ToSlash(s)), nil })
}
