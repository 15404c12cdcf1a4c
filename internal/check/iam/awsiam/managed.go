package awsiam

import (
	_ "embed"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/nhiguard/terraform-provider-nhi/internal/check/iam/internal/packed"
)

// The index is plain text, read in place: see iamgen's awsManaged.
//
//go:embed data/aws-managed-policies.idx
var managedIndexText string

// The blob is a run of independent gzip members; a lookup inflates only the
// member that holds its document.
//
//go:embed data/aws-managed-policies.bin
var managedBlob []byte

// ManagedPolicy is one AWS managed policy (its default version).
type ManagedPolicy struct {
	Name      string // "AdministratorAccess"
	Path      string // "/" or "/service-role/"
	VersionID string // "v1"
	Document  string // the policy JSON
}

// ARN returns the policy's ARN in the given partition ("aws" when empty).
func (p ManagedPolicy) ARN(partition string) string {
	if partition == "" {
		partition = "aws"
	}
	return "arn:" + partition + ":iam::aws:policy" + p.Path + p.Name
}

type managedEntry struct {
	name, path, version string
	member, off, length int

	once   sync.Once
	policy ManagedPolicy
	doc    *Document
	err    error
}

// managedIndex finds a policy's index line by binary search (the lines
// are sorted by lower-case name) and makes its entry on first lookup: a
// plan names a few managed policies of the 1,500, and decoding every
// entry up front cost a small plan a few milliseconds.
type managedIndex struct {
	lines []string
	blob  *packed.Members

	mu      sync.Mutex
	entries map[int]*managedEntry // by line
}

var managedTable = packed.Lazy("awsiam: embedded managed policies", func() (*managedIndex, error) {
	return decodeManagedIndex(managedIndexText)
})

func decodeManagedIndex(text string) (*managedIndex, error) {
	head, text, _ := strings.Cut(text, "\n")
	mb, err := packed.ParseMembersHeader(head, managedBlob)
	if err != nil {
		return nil, err
	}
	m := &managedIndex{lines: strings.Split(strings.TrimSuffix(text, "\n"), "\n"), blob: mb, entries: map[int]*managedEntry{}}
	for i := 1; i < len(m.lines); i++ {
		if compareFolds(m.name(i-1), m.name(i)) >= 0 {
			return nil, fmt.Errorf("index line %q is out of order", m.lines[i])
		}
	}
	return m, nil
}

// name is the policy name of index line i.
func (m *managedIndex) name(i int) string {
	name, _, _ := strings.Cut(m.lines[i], "\t")
	return name
}

// entry returns the entry of a lower-case name, nil when there is none.
func (m *managedIndex) entry(lower string) (*managedEntry, error) {
	i := sort.Search(len(m.lines), func(i int) bool { return compareFolds(m.name(i), lower) >= 0 })
	if i == len(m.lines) || compareFolds(m.name(i), lower) != 0 {
		return nil, nil
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if e, ok := m.entries[i]; ok {
		return e, nil
	}
	e, err := m.parseLine(m.lines[i])
	if err != nil {
		return nil, err
	}
	m.entries[i] = e
	return e, nil
}

// parseLine reads "name TAB path TAB version TAB member TAB offset TAB length".
func (m *managedIndex) parseLine(line string) (*managedEntry, error) {
	f := strings.Split(line, "\t")
	if len(f) != 6 {
		return nil, fmt.Errorf("bad index line %q", line)
	}
	var nums [3]int
	for i, s := range f[3:] {
		var err error
		if nums[i], err = strconv.Atoi(s); err != nil {
			return nil, fmt.Errorf("bad index line %q", line)
		}
	}
	if !m.blob.Valid(nums[0]) || nums[1] < 0 || nums[2] < 0 {
		return nil, fmt.Errorf("bad member in %q", line)
	}
	return &managedEntry{name: f[0], path: f[1], version: f[2], member: nums[0], off: nums[1], length: nums[2]}, nil
}

// load inflates the entry's member (once per member) and cuts its document.
func (m *managedIndex) load(e *managedEntry) {
	e.once.Do(func() {
		doc, err := m.blob.Slice(e.member, e.off, e.length)
		if err != nil {
			e.err = fmt.Errorf("awsiam: managed policy %s: %w", e.name, err)
			return
		}
		e.policy = ManagedPolicy{Name: e.name, Path: e.path, VersionID: e.version, Document: doc}
		e.doc, e.err = ParseDocument(doc)
		withExpansions(e.doc)
	})
}

// ManagedPolicyCount is the number of embedded AWS managed policies.
func ManagedPolicyCount() int { return len(managedTable().lines) }

// ParseManagedPolicyARN splits an AWS managed policy ARN
// ("arn:aws-us-gov:iam::aws:policy/service-role/AWSLambdaRole") into its
// partition, path ("/service-role/") and name. ok is false for anything
// else, including customer managed policies (account id instead of "aws").
func ParseManagedPolicyARN(arn string) (partition, path, name string, ok bool) {
	parts := strings.SplitN(arn, ":", 6)
	if len(parts) != 6 || parts[0] != "arn" || parts[2] != "iam" || parts[3] != "" || parts[4] != "aws" {
		return "", "", "", false
	}
	switch parts[1] {
	case "aws", "aws-cn", "aws-us-gov", "aws-iso", "aws-iso-b", "aws-iso-e", "aws-iso-f", "aws-eusc":
	default:
		return "", "", "", false
	}
	rest, found := strings.CutPrefix(parts[5], "policy/")
	if !found || rest == "" {
		return "", "", "", false
	}
	i := strings.LastIndexByte(rest, '/')
	return parts[1], "/" + rest[:i+1], rest[i+1:], rest[i+1:] != ""
}

// LookupManagedPolicy finds an AWS managed policy by ARN (any partition,
// with or without its path) or by name, case-insensitively. A path given
// in the ARN must match the policy's path.
func LookupManagedPolicy(arnOrName string) (ManagedPolicy, bool) {
	e, ok := lookupManaged(arnOrName)
	if !ok {
		return ManagedPolicy{}, false
	}
	managedTable().load(e)
	if e.err != nil {
		return ManagedPolicy{}, false
	}
	return e.policy, true
}

func lookupManaged(arnOrName string) (*managedEntry, bool) {
	name, path := arnOrName, ""
	if strings.HasPrefix(arnOrName, "arn:") {
		var ok bool
		if _, path, name, ok = ParseManagedPolicyARN(arnOrName); !ok {
			return nil, false
		}
	}
	e, err := managedTable().entry(strings.ToLower(name))
	if err != nil {
		panic("awsiam: embedded managed policies: " + err.Error()) // a build defect, as packed.Lazy treats one
	}
	if e == nil {
		return nil, false
	}
	if path != "" && path != "/" && !strings.EqualFold(path, e.path) {
		return nil, false
	}
	return e, true
}

// ManagedPolicyDocument returns the parsed document of an AWS managed
// policy, parsed once and shared: callers must not change it.
func ManagedPolicyDocument(arnOrName string) (*Document, bool) {
	e, ok := lookupManaged(arnOrName)
	if !ok {
		return nil, false
	}
	managedTable().load(e)
	if e.err != nil {
		return nil, false
	}
	return e.doc, true
}
