package graph

import (
	"encoding/binary"
	"hash/maphash"
	"slices"
	"sync"

	"github.com/nhiguard/terraform-provider-nhi/internal/check/iam"
	"github.com/nhiguard/terraform-provider-nhi/internal/check/iam/awsiam"
	"github.com/nhiguard/terraform-provider-nhi/internal/check/plan"
)

// Cache holds work the graphs of one plan share. The worlds before and
// after apply parse the same policy documents and, for every principal the
// plan does not touch, evaluate the same policies: the second world reuses
// the first one's verdicts. Build makes a private cache when
// Options.Cache is nil.
type Cache struct {
	mu       sync.Mutex
	docs     map[string]parsedDocument
	verdicts map[evalKey]iam.Verdict
}

// parsedDocument is a policy document string parsed once: the document,
// or why it does not parse.
type parsedDocument struct {
	doc *awsiam.Document
	err error
}

// The plan's JSON decoder reads policy documents several times faster
// than encoding/json, into the same value.
func init() { awsiam.UseJSONDecoder(plan.DecodeJSON) }

// NewCache returns an empty cache for the graphs of one plan.
func NewCache() *Cache {
	return &Cache{docs: map[string]parsedDocument{}, verdicts: map[evalKey]iam.Verdict{}}
}

// evalKey identifies an engine call by a 128-bit hash of everything it
// reads; the seeds are random per process.
type evalKey [2]uint64

var evalSeeds = [2]maphash.Seed{maphash.MakeSeed(), maphash.MakeSeed()}

// keyHash collects the text of an engine call's inputs.
type keyHash struct {
	buf []byte
	bad bool // an input that has no stable text (a map document, an unknown)
}

// newKeyHash starts a key in the graph's scratch buffer.
func (g *Graph) newKeyHash(kind string) *keyHash {
	k := &g.key
	k.buf, k.bad = k.buf[:0], false
	k.str(kind)
	return k
}

// str adds a length-prefixed string, so field boundaries are unambiguous.
func (k *keyHash) str(s string) {
	k.buf = binary.LittleEndian.AppendUint64(k.buf, uint64(len(s)))
	k.buf = append(k.buf, s...)
}

func (k *keyHash) source(s iam.Source) {
	k.str("src")
	for _, c := range s.Chain {
		k.str(c)
	}
	k.str("end")
}

func (k *keyHash) doc(d any) {
	switch x := d.(type) {
	case nil:
		k.str("nil")
	case string:
		k.str("doc")
		k.str(x)
	default:
		k.bad = true
	}
}

func (k *keyHash) policies(tag string, ps []awsiam.Policy) {
	k.str(tag)
	for _, p := range ps {
		k.doc(p.Document)
		k.str(p.ARN)
		k.source(p.Source)
	}
}

func (k *keyHash) sum() (evalKey, bool) {
	return evalKey{maphash.Bytes(evalSeeds[0], k.buf), maphash.Bytes(evalSeeds[1], k.buf)}, !k.bad
}

// parsed returns the parsed form of a string document when it parses, so
// the engine does not parse it again; anything else is passed through
// (the engine reports its errors itself).
func (c *Cache) parsed(doc any) any {
	s, ok := doc.(string)
	if !ok {
		return doc
	}
	if d, _ := c.parse(s); d != nil {
		return d
	}
	return doc
}

// parse parses a policy document string, once per plan.
func (c *Cache) parse(s string) (*awsiam.Document, error) {
	c.mu.Lock()
	pd, ok := c.docs[s]
	c.mu.Unlock()
	if ok {
		return pd.doc, pd.err
	}
	pd.doc, pd.err = awsiam.ParseDocument(s)
	if pd.err != nil {
		pd.doc = nil
	}
	c.mu.Lock()
	c.docs[s] = pd
	c.mu.Unlock()
	return pd.doc, pd.err
}

func (c *Cache) lookup(k evalKey) (iam.Verdict, bool) {
	c.mu.Lock()
	v, ok := c.verdicts[k]
	c.mu.Unlock()
	return share(v), ok
}

func (c *Cache) store(k evalKey, v iam.Verdict) iam.Verdict {
	c.mu.Lock()
	c.verdicts[k] = v
	c.mu.Unlock()
	return share(v)
}

// share copies a verdict's lists so that record, which appends to and
// sorts a node's lists, never changes another node's or the cache's.
func share(v iam.Verdict) iam.Verdict {
	v.Evidence = slices.Clip(v.Evidence)
	v.Unknowns = slices.Clone(v.Unknowns)
	v.Notes = slices.Clip(v.Notes)
	return v
}

// awsEvaluate is awsiam.Evaluate(in).Verdict, memoised.
func (g *Graph) awsEvaluate(in awsiam.Input) iam.Verdict {
	c := g.cache
	k := g.newKeyHash("evaluate")
	k.str(string(rune('0' + in.Kind)))
	k.policies("policies", in.Policies)
	k.policies("boundaries", in.Boundaries)
	key, ok := k.sum()
	if ok {
		if v, hit := c.lookup(key); hit {
			return v
		}
	}
	in.Policies = slices.Clone(in.Policies)
	for i := range in.Policies {
		in.Policies[i].Document = c.parsed(in.Policies[i].Document)
	}
	in.Boundaries = slices.Clone(in.Boundaries)
	for i := range in.Boundaries {
		in.Boundaries[i].Document = c.parsed(in.Boundaries[i].Document)
	}
	v := awsiam.EvaluateVerdict(in)
	if !ok {
		return v
	}
	return c.store(key, v)
}

// awsAnalyzeDocument is awsiam.AnalyzeDocument, memoised; a document that
// does not parse gives the parse error as an unknown-class verdict.
func (g *Graph) awsAnalyzeDocument(doc any, s iam.Source) iam.Verdict {
	c := g.cache
	k := g.newKeyHash("analyze")
	k.doc(doc)
	k.source(s)
	key, ok := k.sum()
	if ok {
		if v, hit := c.lookup(key); hit {
			return v
		}
	}
	v, err := awsiam.AnalyzeDocumentVerdict(c.parsed(doc), s)
	if err != nil {
		v = iam.Verdict{Class: iam.ClassUnknown, Notes: []string{err.Error()}}
	}
	if !ok {
		return v
	}
	return c.store(key, v)
}

// awsAnalyzeTrust is awsiam.AnalyzeTrust, memoised; ok is false when the
// document does not parse.
func (g *Graph) awsAnalyzeTrust(doc any, opts awsiam.TrustOptions) (iam.Verdict, bool) {
	c := g.cache
	k := g.newKeyHash("trust")
	k.doc(doc)
	k.str(opts.Account)
	k.source(opts.Source)
	key, ok := k.sum()
	if ok {
		if v, hit := c.lookup(key); hit {
			return v, v.Class != parseFailed
		}
	}
	res, err := awsiam.AnalyzeTrust(c.parsed(doc), opts)
	v := iam.Verdict{Class: parseFailed}
	if err == nil {
		v = res.Verdict
	}
	if ok {
		v = c.store(key, v)
	}
	return v, err == nil
}

// parseFailed marks a memoised trust analysis whose document did not parse.
const parseFailed iam.Class = -1
