package gcpiam

import (
	_ "embed"
	"fmt"
	"strconv"
	"strings"
	"sync"

	"github.com/nhiguard/terraform-provider-nhi/internal/check/iam/internal/packed"
)

//go:embed data/gcp-roles.tsv
var rolesText string

// Role is one predefined or basic Google Cloud role.
type Role struct {
	Name        string   // "roles/storage.admin"
	Title       string   // "Storage Admin"
	Stage       string   // "GA", "BETA", "DEPRECATED" ...
	Permissions []string // sorted
}

type roleEntry struct {
	name, stage, title, deltas string

	once  sync.Once
	perms []string
	err   error
}

type roleTable struct {
	perms []string // dictionary, sorted
	roles map[string]*roleEntry
}

// table decodes the permission dictionary and the role index on first use;
// a role's permission list is decoded when the role is looked up.
var table = packed.Lazy("gcpiam: embedded role table", func() (*roleTable, error) {
	return decodeRoles(rolesText)
})

func decodeRoles(text string) (*roleTable, error) {
	lines := strings.Split(strings.TrimSuffix(text, "\n"), "\n")
	np, err := strconv.Atoi(strings.TrimPrefix(lines[0], "#permissions "))
	if err != nil || np < 0 || np+2 > len(lines) || !strings.HasPrefix(lines[np+1], "#roles ") {
		return nil, fmt.Errorf("bad header %.40q", lines[0])
	}
	// Permissions and role lines are substrings of the embedded text.
	t := &roleTable{perms: lines[1 : np+1], roles: make(map[string]*roleEntry, len(lines)-np-2)}
	for _, line := range lines[np+2:] {
		f := strings.SplitN(line, "\t", 4)
		if len(f) != 4 {
			return nil, fmt.Errorf("bad role line %.60q", line)
		}
		t.roles[f[0]] = &roleEntry{name: f[0], stage: f[1], title: f[2], deltas: f[3]}
	}
	return t, nil
}

func (t *roleTable) permissions(e *roleEntry) ([]string, error) {
	e.once.Do(func() {
		if e.deltas == "" {
			e.perms = []string{}
			return
		}
		parts := strings.Split(e.deltas, ",")
		e.perms = make([]string, 0, len(parts))
		idx := 0
		for _, p := range parts {
			d, err := strconv.ParseInt(p, 36, 32)
			if err != nil || d < 0 {
				e.err = fmt.Errorf("role %s: bad index %q", e.name, p)
				return
			}
			idx += int(d)
			if idx >= len(t.perms) {
				e.err = fmt.Errorf("role %s: index %d out of range", e.name, idx)
				return
			}
			e.perms = append(e.perms, t.perms[idx])
		}
	})
	return e.perms, e.err
}

// RoleCount is the number of embedded roles.
func RoleCount() int { return len(table().roles) }

// LookupRole finds a predefined or basic role by its full name
// ("roles/storage.admin") or the bare id ("storage.admin", "owner").
// Custom roles ("projects/p/roles/x", "organizations/o/roles/x") are not in
// the table: pass their permissions in Binding.Permissions.
func LookupRole(name string) (Role, bool) {
	name = strings.TrimSpace(name)
	if !strings.HasPrefix(name, "roles/") {
		if strings.Contains(name, "/") {
			return Role{}, false
		}
		name = "roles/" + name
	}
	t := table()
	e, ok := t.roles[name]
	if !ok {
		return Role{}, false
	}
	perms, err := t.permissions(e)
	if err != nil {
		panic(fmt.Sprintf("gcpiam: embedded role table: %v", err))
	}
	return Role{Name: e.name, Title: e.title, Stage: e.stage, Permissions: perms}, true
}
