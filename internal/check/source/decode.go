package source

import (
	"fmt"
	"maps"
	"slices"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"
)

// decoder turns the files of one directory into a dirConfig. Native syntax is
// walked directly (it keeps nested blocks and exact ranges); JSON goes through
// schemas, since hcl/json cannot tell blocks from objects on its own.
type decoder struct {
	src      []byte // the file being decoded
	cfg      *dirConfig
	declared map[string]hcl.Range // "resource.t.n", "module.x", ... -> first declaration
}

var (
	resourceMeta       = map[string]bool{"count": true, "for_each": true, "provider": true, "depends_on": true}
	resourceMetaBlocks = map[string]bool{"lifecycle": true}
	moduleMeta         = map[string]bool{"source": true, "version": true, "count": true, "for_each": true, "providers": true, "depends_on": true}
)

var jsonFileSchema = &hcl.BodySchema{Blocks: []hcl.BlockHeaderSchema{
	{Type: "resource", LabelNames: []string{"type", "name"}},
	{Type: "data", LabelNames: []string{"type", "name"}},
	{Type: "module", LabelNames: []string{"name"}},
	{Type: "variable", LabelNames: []string{"name"}},
	{Type: "output", LabelNames: []string{"name"}},
	{Type: "provider", LabelNames: []string{"name"}},
	{Type: "locals"},
}}

func (d *decoder) decodeFile(f *hcl.File, kind string, src []byte) hcl.Diagnostics {
	d.src = src
	var diags hcl.Diagnostics
	if kind == "json" {
		content, _, cdiags := f.Body.PartialContent(jsonFileSchema)
		diags = append(diags, cdiags...)
		for _, b := range content.Blocks {
			diags = append(diags, d.jsonBlock(b)...)
		}
		return diags
	}
	body, ok := f.Body.(*hclsyntax.Body)
	if !ok {
		return nil
	}
	for _, b := range body.Blocks {
		diags = append(diags, d.nativeBlock(b)...)
	}
	return diags
}

func (d *decoder) declare(key string, rng hcl.Range, what string) hcl.Diagnostics {
	if prev, ok := d.declared[key]; ok {
		return hcl.Diagnostics{{
			Severity: hcl.DiagError,
			Summary:  "Duplicate " + what,
			Detail:   fmt.Sprintf("%s was already declared at %s.", key, prev),
			Subject:  rng.Ptr(),
		}}
	}
	d.declared[key] = rng
	return nil
}

func wantLabels(typ string, labels []string, rng hcl.Range, want int) hcl.Diagnostics {
	if len(labels) == want {
		return nil
	}
	return hcl.Diagnostics{{
		Severity: hcl.DiagError,
		Summary:  "Wrong number of block labels",
		Detail:   fmt.Sprintf("A %s block needs %d label(s), not %d.", typ, want, len(labels)),
		Subject:  rng.Ptr(),
	}}
}

// ---- native syntax ----

func nativeAttr(a *hclsyntax.Attribute, iterators []string) *Attribute {
	return &Attribute{Name: a.Name, Expr: a.Expr, Range: a.SrcRange, iterators: iterators}
}

// nativeBody converts a block body. iterators are the names bound by enclosing
// `dynamic` blocks; contentIter is the one a `dynamic` block binds for its
// `content` block.
func nativeBody(b *hclsyntax.Body, skipAttrs, skipBlocks map[string]bool, iterators []string, contentIter string) Body {
	out := Body{Attributes: make(map[string]*Attribute, len(b.Attributes))}
	for name, a := range b.Attributes {
		switch {
		case skipAttrs[name]:
		case name == "iterator" && contentIter != "":
			// `iterator = st` in a dynamic block names a symbol; it refers to nothing.
			out.Attributes[name] = nativeAttr(a, append(slices.Clip(iterators), contentIter))
		default:
			out.Attributes[name] = nativeAttr(a, iterators)
		}
	}
	for _, blk := range b.Blocks {
		if skipBlocks[blk.Type] {
			continue
		}
		inner, innerContent := iterators, ""
		switch {
		case blk.Type == "content" && contentIter != "":
			inner = append(slices.Clip(iterators), contentIter)
		case blk.Type == "dynamic" && len(blk.Labels) == 1:
			innerContent = blk.Labels[0]
			if it, ok := blk.Body.Attributes["iterator"]; ok {
				if kw := hcl.ExprAsKeyword(it.Expr); kw != "" {
					innerContent = kw
				}
			}
		}
		out.Blocks = append(out.Blocks, &Block{
			Type: blk.Type, Labels: blk.Labels,
			Range: blk.Range(), DefRange: blk.DefRange(),
			Body: nativeBody(blk.Body, nil, nil, inner, innerContent),
		})
	}
	return out
}

func optAttr(b *hclsyntax.Body, name string) *Attribute {
	if a, ok := b.Attributes[name]; ok {
		return nativeAttr(a, nil)
	}
	return nil
}

func (d *decoder) nativeBlock(b *hclsyntax.Block) hcl.Diagnostics {
	switch b.Type {
	case "resource", "data":
		if diags := wantLabels(b.Type, b.Labels, b.DefRange(), 2); diags != nil {
			return diags
		}
		r := &Resource{Type: b.Labels[0], Name: b.Labels[1], Range: b.Range(), DefRange: b.DefRange()}
		r.Address = r.Type + "." + r.Name
		if b.Type == "data" {
			r.Mode, r.Address = Data, "data."+r.Address
		}
		if diags := d.declare(r.Address, r.DefRange, b.Type); diags != nil {
			return diags
		}
		d.cfg.resources[r.Address] = r
		r.Count = optAttr(b.Body, "count")
		r.ForEach = optAttr(b.Body, "for_each")
		r.Provider = providerRef(optAttr(b.Body, "provider"))
		r.DependsOn = listRefs(optAttr(b.Body, "depends_on"))
		r.Body = nativeBody(b.Body, resourceMeta, resourceMetaBlocks, nil, "")
		for _, lb := range b.Body.Blocks {
			if lb.Type == "lifecycle" {
				r.Lifecycle = lifecycleFrom(lb.Range(), attrsOf(lb.Body))
			}
		}
	case "module":
		if diags := wantLabels(b.Type, b.Labels, b.DefRange(), 1); diags != nil {
			return diags
		}
		c := &ModuleCall{Name: b.Labels[0], Range: b.Range(), DefRange: b.DefRange()}
		if diags := d.declare("module."+c.Name, c.DefRange, "module call"); diags != nil {
			return diags
		}
		d.cfg.calls[c.Name] = c
		c.Source = literalString(optAttr(b.Body, "source"))
		c.Version = literalString(optAttr(b.Body, "version"))
		c.Count = optAttr(b.Body, "count")
		c.ForEach = optAttr(b.Body, "for_each")
		c.DependsOn = listRefs(optAttr(b.Body, "depends_on"))
		c.Args = nativeBody(b.Body, moduleMeta, nil, nil, "").Attributes
	case "variable":
		if diags := wantLabels(b.Type, b.Labels, b.DefRange(), 1); diags != nil {
			return diags
		}
		v := &Variable{Name: b.Labels[0], Range: b.Range(), DefRange: b.DefRange()}
		if diags := d.declare("var."+v.Name, v.DefRange, "variable"); diags != nil {
			return diags
		}
		d.cfg.variables[v.Name] = v
		v.Default = optAttr(b.Body, "default")
		v.Type = optAttr(b.Body, "type")
		v.Sensitive = isTrue(literalBool(optAttr(b.Body, "sensitive")))
		v.Nullable = literalBool(optAttr(b.Body, "nullable"))
	case "output":
		if diags := wantLabels(b.Type, b.Labels, b.DefRange(), 1); diags != nil {
			return diags
		}
		o := &Output{Name: b.Labels[0], Range: b.Range(), DefRange: b.DefRange()}
		if diags := d.declare("output."+o.Name, o.DefRange, "output"); diags != nil {
			return diags
		}
		d.cfg.outputs[o.Name] = o
		o.Value = optAttr(b.Body, "value")
		o.Sensitive = isTrue(literalBool(optAttr(b.Body, "sensitive")))
		o.DependsOn = listRefs(optAttr(b.Body, "depends_on"))
	case "provider":
		if diags := wantLabels(b.Type, b.Labels, b.DefRange(), 1); diags != nil {
			return diags
		}
		body := nativeBody(b.Body, nil, nil, nil, "")
		d.provider(&Provider{Name: b.Labels[0], Alias: literalString(body.Attributes["alias"]), Range: b.Range(), DefRange: b.DefRange(), Body: body})
	case "locals":
		var diags hcl.Diagnostics
		for _, a := range sortedNative(b.Body.Attributes) {
			if ds := d.declare("local."+a.Name, a.NameRange, "local value"); ds != nil {
				diags = append(diags, ds...)
				continue
			}
			d.cfg.locals[a.Name] = nativeAttr(a, nil)
		}
		return diags
	}
	return nil
}

// sortedNative orders attributes by position so duplicate reports are stable.
func sortedNative(m hclsyntax.Attributes) []*hclsyntax.Attribute {
	out := make([]*hclsyntax.Attribute, 0, len(m))
	for _, a := range m {
		out = append(out, a)
	}
	sortByStart(out, func(a *hclsyntax.Attribute) hcl.Range { return a.SrcRange })
	return out
}

func sortByStart[T any](items []T, rng func(T) hcl.Range) {
	slices.SortFunc(items, func(a, b T) int { return rng(a).Start.Byte - rng(b).Start.Byte })
}

func attrsOf(b *hclsyntax.Body) map[string]*Attribute {
	out := make(map[string]*Attribute, len(b.Attributes))
	for name, a := range b.Attributes {
		out[name] = nativeAttr(a, nil)
	}
	return out
}

// ---- shared helpers (both syntaxes) ----

func isTrue(p *bool) bool { return p != nil && *p }

// literalBool returns the constant bool an attribute holds, nil when it is absent
// or not a constant.
func literalBool(a *Attribute) *bool {
	if a == nil {
		return nil
	}
	v, diags := a.Expr.Value(nil)
	if diags.HasErrors() || !v.IsKnown() || v.IsNull() || v.Type() != cty.Bool {
		return nil
	}
	return new(v.True())
}

func literalString(a *Attribute) string {
	if a == nil {
		return ""
	}
	s, _ := constantString(a.Expr)
	return s
}

func providerRef(a *Attribute) string {
	if a == nil {
		return ""
	}
	if t, diags := hcl.AbsTraversalForExpr(a.Expr); !diags.HasErrors() {
		return traversalString(t)
	}
	return ""
}

// listRefs returns the reference each element of a static list makes
// (depends_on and replace_triggered_by entries).
func listRefs(a *Attribute) []Reference {
	if a == nil {
		return nil
	}
	elems, diags := hcl.ExprList(a.Expr)
	if diags.HasErrors() {
		return nil
	}
	var out []Reference
	for _, e := range elems {
		if r, ok := entryRef(e); ok {
			out = append(out, r)
		}
	}
	return out
}

// entryRef finds the reference a list entry such as `aws_iam_user.x[each.key]`
// denotes. JSON entries are strings holding the reference text.
func entryRef(e hcl.Expression) (Reference, bool) {
	if _, native := e.(hclsyntax.Expression); !native {
		v, diags := e.Value(nil)
		if diags.HasErrors() || !v.IsKnown() || v.IsNull() || v.Type() != cty.String {
			return Reference{}, false
		}
		start := e.Range().Start
		start.Column, start.Byte = start.Column+1, start.Byte+1 // past the opening quote
		parsed, pdiags := hclsyntax.ParseExpression([]byte(v.AsString()), e.Range().Filename, start)
		if pdiags.HasErrors() {
			return Reference{}, false
		}
		e = parsed
	}
	refs := References(e)
	if len(refs) == 0 {
		return Reference{}, false
	}
	// The entry's own chain starts first; references inside its key follow.
	return refs[0], true
}

func lifecycleFrom(rng hcl.Range, attrs map[string]*Attribute) Lifecycle {
	lc := Lifecycle{Declared: true, Range: rng}
	lc.CreateBeforeDestroy = literalBool(attrs["create_before_destroy"])
	lc.PreventDestroy = literalBool(attrs["prevent_destroy"])
	if a := attrs["ignore_changes"]; a != nil {
		if hcl.ExprAsKeyword(a.Expr) == "all" {
			lc.IgnoreAllChanges = true
		} else if elems, diags := hcl.ExprList(a.Expr); !diags.HasErrors() {
			for _, e := range elems {
				if hcl.ExprAsKeyword(e) == "all" {
					lc.IgnoreAllChanges = true
					continue
				}
				if t, diags := hcl.RelTraversalForExpr(e); !diags.HasErrors() {
					lc.IgnoreChanges = append(lc.IgnoreChanges, traversalString(t))
				}
			}
		}
	}
	if a := attrs["replace_triggered_by"]; a != nil {
		if elems, diags := hcl.ExprList(a.Expr); !diags.HasErrors() {
			for _, e := range elems {
				ref, ok := entryRef(e)
				if !ok {
					continue
				}
				t := Trigger{Ref: ref.String(), Reference: ref, Expr: e, Range: e.Range()}
				if trav, diags := hcl.AbsTraversalForExpr(e); !diags.HasErrors() {
					t.Traversal = trav
				}
				lc.ReplaceTriggeredBy = append(lc.ReplaceTriggeredBy, t)
			}
		}
	}
	return lc
}

// ---- JSON syntax ----

var (
	jsonResourceSchema = &hcl.BodySchema{
		Attributes: []hcl.AttributeSchema{{Name: "count"}, {Name: "for_each"}, {Name: "provider"}, {Name: "depends_on"}},
		Blocks:     []hcl.BlockHeaderSchema{{Type: "lifecycle"}},
	}
	jsonLifecycleSchema = &hcl.BodySchema{Attributes: []hcl.AttributeSchema{
		{Name: "create_before_destroy"}, {Name: "prevent_destroy"}, {Name: "ignore_changes"}, {Name: "replace_triggered_by"},
	}}
	jsonModuleSchema = &hcl.BodySchema{Attributes: []hcl.AttributeSchema{
		{Name: "source"}, {Name: "version"}, {Name: "count"}, {Name: "for_each"}, {Name: "providers"}, {Name: "depends_on"},
	}}
	jsonVariableSchema = &hcl.BodySchema{Attributes: []hcl.AttributeSchema{
		{Name: "default"}, {Name: "type"}, {Name: "sensitive"}, {Name: "nullable"}, {Name: "description"}, {Name: "ephemeral"},
	}, Blocks: []hcl.BlockHeaderSchema{{Type: "validation"}}}
	jsonOutputSchema = &hcl.BodySchema{Attributes: []hcl.AttributeSchema{
		{Name: "value"}, {Name: "sensitive"}, {Name: "depends_on"}, {Name: "description"}, {Name: "ephemeral"},
	}, Blocks: []hcl.BlockHeaderSchema{{Type: "precondition"}}}
)

func jsonAttrs(attrs hcl.Attributes) map[string]*Attribute {
	out := make(map[string]*Attribute, len(attrs))
	for name, a := range attrs {
		out[name] = &Attribute{Name: a.Name, Expr: a.Expr, Range: a.Range}
	}
	return out
}

// jsonRanges gives a JSON block the ranges native blocks have: DefRange from
// its last label to the opening brace (`"name": {`), Range from there to the
// matching closing brace. hcl/json only reports the opening brace.
func (d *decoder) jsonRanges(b *hcl.Block) (rng, def hcl.Range) {
	def = b.DefRange
	if n := len(b.LabelRanges); n > 0 && b.LabelRanges[n-1].Start.Byte < def.Start.Byte {
		def = hcl.RangeBetween(b.LabelRanges[n-1], b.DefRange)
	}
	end, ok := jsonObjectEnd(d.src, b.DefRange.Start)
	if !ok {
		return def, def
	}
	return hcl.Range{Filename: def.Filename, Start: def.Start, End: end}, def
}

// jsonObjectEnd finds the position just after the brace closing the object
// that opens at start.
func jsonObjectEnd(src []byte, start hcl.Pos) (hcl.Pos, bool) {
	if start.Byte < 0 || start.Byte >= len(src) || src[start.Byte] != '{' {
		return hcl.Pos{}, false
	}
	line, col := start.Line, start.Column
	depth, inString, escaped := 0, false, false
	for i := start.Byte; i < len(src); i++ {
		c := src[i]
		switch {
		case inString && escaped:
			escaped = false
		case inString && c == '\\':
			escaped = true
		case c == '"':
			inString = !inString
		case !inString && (c == '{' || c == '['):
			depth++
		case !inString && (c == '}' || c == ']'):
			depth--
		}
		if c == '\n' {
			line, col = line+1, 1
		} else if c < 0x80 || c >= 0xC0 {
			col++ // count characters, not UTF-8 continuation bytes
		}
		if depth == 0 {
			return hcl.Pos{Line: line, Column: col, Byte: i + 1}, true
		}
	}
	return hcl.Pos{}, false
}

// provider keeps a provider block. Terraform refuses two blocks of one
// name and alias; the first is kept, as locating is all they serve.
func (d *decoder) provider(p *Provider) {
	if _, dup := d.cfg.providers[p.Key()]; !dup {
		d.cfg.providers[p.Key()] = p
	}
}

func (d *decoder) jsonBlock(b *hcl.Block) hcl.Diagnostics {
	switch b.Type {
	case "provider":
		// Only to locate findings: what it cannot read is left out, not
		// an error of the configuration.
		attrs, _ := b.Body.JustAttributes()
		body := Body{Attributes: jsonAttrs(attrs)}
		p := &Provider{Name: b.Labels[0], Alias: literalString(body.Attributes["alias"]), Body: body}
		p.Range, p.DefRange = d.jsonRanges(b)
		d.provider(p)
		return nil
	case "resource", "data":
		content, remain, diags := b.Body.PartialContent(jsonResourceSchema)
		attrs, adiags := remain.JustAttributes()
		diags = append(diags, adiags...)
		if diags.HasErrors() {
			return diags
		}
		r := &Resource{Type: b.Labels[0], Name: b.Labels[1]}
		r.Range, r.DefRange = d.jsonRanges(b)
		r.Address = r.Type + "." + r.Name
		if b.Type == "data" {
			r.Mode, r.Address = Data, "data."+r.Address
		}
		if ds := d.declare(r.Address, r.DefRange, b.Type); ds != nil {
			return append(diags, ds...)
		}
		d.cfg.resources[r.Address] = r
		meta := jsonAttrs(content.Attributes)
		r.Count, r.ForEach = meta["count"], meta["for_each"]
		r.Provider = providerRef(meta["provider"])
		r.DependsOn = listRefs(meta["depends_on"])
		r.Body = Body{Attributes: jsonAttrs(attrs)}
		for _, lb := range content.Blocks {
			lcContent, lcDiags := lb.Body.Content(jsonLifecycleSchema)
			diags = append(diags, lcDiags...)
			lcRange, _ := d.jsonRanges(lb)
			r.Lifecycle = lifecycleFrom(lcRange, jsonAttrs(lcContent.Attributes))
		}
		return diags
	case "module":
		content, remain, diags := b.Body.PartialContent(jsonModuleSchema)
		attrs, adiags := remain.JustAttributes()
		diags = append(diags, adiags...)
		if diags.HasErrors() {
			return diags
		}
		c := &ModuleCall{Name: b.Labels[0], Args: jsonAttrs(attrs)}
		c.Range, c.DefRange = d.jsonRanges(b)
		if ds := d.declare("module."+c.Name, c.DefRange, "module call"); ds != nil {
			return append(diags, ds...)
		}
		d.cfg.calls[c.Name] = c
		meta := jsonAttrs(content.Attributes)
		c.Source = literalString(meta["source"])
		c.Version = literalString(meta["version"])
		c.Count, c.ForEach = meta["count"], meta["for_each"]
		c.DependsOn = listRefs(meta["depends_on"])
		return diags
	case "variable":
		content, diags := b.Body.Content(jsonVariableSchema)
		if diags.HasErrors() {
			return diags
		}
		attrs := jsonAttrs(content.Attributes)
		v := &Variable{Name: b.Labels[0]}
		v.Range, v.DefRange = d.jsonRanges(b)
		if ds := d.declare("var."+v.Name, v.DefRange, "variable"); ds != nil {
			return append(diags, ds...)
		}
		d.cfg.variables[v.Name] = v
		v.Default, v.Type = attrs["default"], attrs["type"]
		v.Sensitive = isTrue(literalBool(attrs["sensitive"]))
		v.Nullable = literalBool(attrs["nullable"])
		return diags
	case "output":
		content, diags := b.Body.Content(jsonOutputSchema)
		if diags.HasErrors() {
			return diags
		}
		attrs := jsonAttrs(content.Attributes)
		o := &Output{Name: b.Labels[0]}
		o.Range, o.DefRange = d.jsonRanges(b)
		if ds := d.declare("output."+o.Name, o.DefRange, "output"); ds != nil {
			return append(diags, ds...)
		}
		d.cfg.outputs[o.Name] = o
		o.Value = attrs["value"]
		o.Sensitive = isTrue(literalBool(attrs["sensitive"]))
		o.DependsOn = listRefs(attrs["depends_on"])
		return diags
	case "locals":
		attrs, diags := b.Body.JustAttributes()
		sorted := slices.Collect(maps.Values(jsonAttrs(attrs)))
		sortByStart(sorted, func(a *Attribute) hcl.Range { return a.Range })
		for _, a := range sorted {
			if ds := d.declare("local."+a.Name, a.Range, "local value"); ds != nil {
				diags = append(diags, ds...)
				continue
			}
			d.cfg.locals[a.Name] = a
		}
		return diags
	}
	return nil
}
