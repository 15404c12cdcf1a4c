package azureiam

import (
	_ "embed"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"sync"

	"github.com/nhiguard/terraform-provider-nhi/internal/check/iam/internal/packed"
)

//go:embed data/azure-roles.tsv
var rolesText string

// RoleDefinition is an Azure role: a built-in one from the embedded table,
// or a custom one the caller builds from azurerm_role_definition.
type RoleDefinition struct {
	ID             string   `json:"id"` // GUID
	Name           string   `json:"name"`
	Actions        []string `json:"actions,omitempty"`
	NotActions     []string `json:"not_actions,omitempty"`
	DataActions    []string `json:"data_actions,omitempty"`
	NotDataActions []string `json:"not_data_actions,omitempty"`
	BuiltIn        bool     `json:"built_in,omitempty"`
}

type roleEntry struct {
	id, name, lists string

	once sync.Once
	def  RoleDefinition
}

type roleTable struct {
	byName map[string]*roleEntry // lower-case name
	byID   map[string]*roleEntry // lower-case GUID
}

var table = packed.Lazy("azureiam: embedded role table", func() (*roleTable, error) {
	return decodeRoles(rolesText)
})

// decodeRoles indexes the roles by name and id; a role's action lists are
// split when it is looked up.
func decodeRoles(text string) (*roleTable, error) {
	lines := strings.Split(strings.TrimSuffix(text, "\n"), "\n")
	t := &roleTable{byName: make(map[string]*roleEntry, len(lines)), byID: make(map[string]*roleEntry, len(lines))}
	for _, line := range lines {
		f := strings.SplitN(line, "\t", 3)
		if len(f) != 3 || strings.Count(f[2], "\t") != 3 {
			return nil, fmt.Errorf("bad role line %.60q", line)
		}
		e := &roleEntry{id: f[0], name: f[1], lists: f[2]}
		t.byName[strings.ToLower(e.name)] = e
		t.byID[strings.ToLower(e.id)] = e
	}
	return t, nil
}

func (e *roleEntry) definition() RoleDefinition {
	e.once.Do(func() {
		f := strings.Split(e.lists, "\t")
		split := func(s string) []string {
			if s == "" {
				return nil
			}
			return strings.Split(s, "|")
		}
		e.def = RoleDefinition{ID: e.id, Name: e.name, Actions: split(f[0]), NotActions: split(f[1]),
			DataActions: split(f[2]), NotDataActions: split(f[3]), BuiltIn: true}
	})
	d := e.def
	d.Actions, d.NotActions = slices.Clone(d.Actions), slices.Clone(d.NotActions)
	d.DataActions, d.NotDataActions = slices.Clone(d.DataActions), slices.Clone(d.NotDataActions)
	return d
}

// BuiltInRoleCount is the number of embedded built-in roles.
func BuiltInRoleCount() int { return len(table().byID) }

var roleDefinitionPath = regexp.MustCompile(`(?i)/providers/Microsoft\.Authorization/roleDefinitions/([0-9a-f-]{36})$`)

// LookupRole finds a built-in role by name (case-insensitive: "Owner",
// "storage blob data reader"), by GUID, or by a role definition id path
// ("/providers/Microsoft.Authorization/roleDefinitions/<guid>", also under
// a subscription). The result is a copy.
func LookupRole(nameOrID string) (RoleDefinition, bool) {
	s := strings.TrimSpace(nameOrID)
	t := table()
	if m := roleDefinitionPath.FindStringSubmatch(s); m != nil {
		s = m[1]
	}
	if e, ok := t.byID[strings.ToLower(s)]; ok {
		return e.definition(), true
	}
	if e, ok := t.byName[strings.ToLower(s)]; ok {
		return e.definition(), true
	}
	return RoleDefinition{}, false
}
