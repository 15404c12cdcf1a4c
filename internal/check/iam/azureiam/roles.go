package azureiam

import (
	_ "embed"
	"encoding/json"
	"fmt"
	"regexp"
	"strings"
	"sync"

	"github.com/nhiguard/terraform-provider-nhi/internal/check/iam/internal/packed"
)

//go:embed data/azure-roles.jsonl.gz
var rolesGz []byte

// RoleDefinition is an Azure role: a built-in one from the embedded table,
// or a custom one the caller builds from azurerm_role_definition.
type RoleDefinition struct {
	ID             string   `json:"id"` // GUID
	Name           string   `json:"name"`
	Actions        []string `json:"a,omitempty"`
	NotActions     []string `json:"na,omitempty"`
	DataActions    []string `json:"da,omitempty"`
	NotDataActions []string `json:"nda,omitempty"`
	BuiltIn        bool     `json:"-"`
}

type roleTable struct {
	byName map[string]*RoleDefinition // lower-case name
	byID   map[string]*RoleDefinition // lower-case GUID
}

var (
	tableOnce sync.Once
	tableVal  *roleTable
	tableErr  error
)

func table() *roleTable {
	tableOnce.Do(func() { tableVal, tableErr = decodeRoles(rolesGz) })
	if tableErr != nil {
		panic(fmt.Sprintf("azureiam: embedded role table: %v", tableErr))
	}
	return tableVal
}

func decodeRoles(gz []byte) (*roleTable, error) {
	raw, err := packed.Gunzip(gz)
	if err != nil {
		return nil, err
	}
	t := &roleTable{byName: map[string]*RoleDefinition{}, byID: map[string]*RoleDefinition{}}
	for _, line := range strings.Split(strings.TrimSpace(string(raw)), "\n") {
		r := &RoleDefinition{BuiltIn: true}
		if err := json.Unmarshal([]byte(line), r); err != nil {
			return nil, fmt.Errorf("bad role line %.60q: %w", line, err)
		}
		t.byName[strings.ToLower(r.Name)] = r
		t.byID[strings.ToLower(r.ID)] = r
	}
	return t, nil
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
	if r, ok := t.byID[strings.ToLower(s)]; ok {
		return *r, true
	}
	if r, ok := t.byName[strings.ToLower(s)]; ok {
		return *r, true
	}
	return RoleDefinition{}, false
}
