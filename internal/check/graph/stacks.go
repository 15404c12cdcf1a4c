package graph

import (
	"encoding/json"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/nhiguard/terraform-provider-nhi/internal/check/iam"
	"github.com/nhiguard/terraform-provider-nhi/internal/check/iam/awsiam"
	"github.com/nhiguard/terraform-provider-nhi/internal/check/value"
)

// StackResource is an IAM resource that a CloudFormation template given
// inline to a stack (aws_cloudformation_stack.template_body) declares: the
// plan shows only the stack, so an access key or an admin role made
// through it passed the gate unseen. Findings go to the stack, naming the
// template's logical id.
type StackResource struct {
	Stack     *Node
	LogicalID string
	Type      string // AWS::IAM::Role
	// Credential is a static credential (AWS::IAM::AccessKey).
	Credential bool
	// Privilege is what a user, role, group or policy of the template
	// grants, evaluated on the template's own policies (intrinsic
	// functions are unknown values).
	Privilege iam.Verdict
	// Trust is who may assume a role (nil for other types).
	Trust *iam.Verdict
	// Outputs are the template's outputs that hold the key's secret:
	// anyone who may describe the stack reads them, and state keeps them.
	Outputs []string
}

// secretOutputs lists the outputs whose value reads attr ("Key.SecretAccessKey").
func secretOutputs(outputs map[string]any, attr string) []string {
	var out []string
	for name, o := range outputs {
		m, _ := o.(map[string]any)
		if readsAttr(m["Value"], attr, 0) {
			out = append(out, name)
		}
	}
	sort.Strings(out)
	return out
}

// readsAttr reports whether a template value reads attr, through a
// Fn::GetAtt or a ${...} of a Fn::Sub.
func readsAttr(v any, attr string, depth int) bool {
	if depth > maxYAMLDepth {
		return false
	}
	switch x := v.(type) {
	case value.Unknown:
		return x.Ref == attr || strings.Contains(x.Ref, "${"+attr+"}")
	case map[string]any:
		for _, e := range x {
			if readsAttr(e, attr, depth+1) {
				return true
			}
		}
	case []any:
		for _, e := range x {
			if readsAttr(e, attr, depth+1) {
				return true
			}
		}
	}
	return false
}

// resolveStacks reads the templates of the world's stacks.
func (g *Graph) resolveStacks() {
	for _, n := range g.Nodes {
		attr := n.Entry.Template
		if attr == "" {
			continue
		}
		text, ok := n.Values[attr].(string)
		if !ok {
			// A template at template_url, or one known only after apply,
			// is out of sight: say so when the stack may make IAM resources.
			if iamCapable(n) {
				g.StacksUnread = append(g.StacksUnread, n)
			}
			continue
		}
		tpl, ok := readTemplate(text)
		if !ok {
			continue
		}
		g.Stacks = append(g.Stacks, g.stackResources(n, tpl)...)
	}
}

// stackResources judges the IAM resources of one template, in logical id
// order.
func (g *Graph) stackResources(stack *Node, tpl cfnTemplate) []*StackResource {
	resources := tpl.Resources
	ids := make([]string, 0, len(resources))
	for id := range resources {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	props := func(id string) (string, map[string]any) {
		r, _ := resources[id].(map[string]any)
		typ, _ := r["Type"].(string)
		p, _ := r["Properties"].(map[string]any)
		return typ, p
	}
	source := func(id string, more ...string) iam.Source {
		return src(append([]string{stack.Address(), "Resources." + id}, more...)...)
	}
	// Policies of AWS::IAM::Policy and ManagedPolicy resources, by the
	// logical id of each principal they name (Roles, Users, Groups: !Ref).
	attached := map[string][]awsiam.Policy{}
	// Managed policies by logical id: ManagedPolicyArns names them by !Ref.
	managed := map[string]awsiam.Policy{}
	var out []*StackResource
	for _, id := range ids {
		typ, p := props(id)
		switch typ {
		case "AWS::IAM::Policy", "AWS::IAM::ManagedPolicy":
			pol := awsiam.Policy{Document: p["PolicyDocument"], Source: source(id)}
			if typ == "AWS::IAM::ManagedPolicy" {
				managed[id] = pol
			}
			for _, list := range []string{"Roles", "Users", "Groups"} {
				for _, who := range valuesAt(p[list], nil) {
					if ref, ok := who.(value.Unknown); ok && resources[ref.Ref] != nil {
						attached[ref.Ref] = append(attached[ref.Ref], pol)
					}
				}
			}
			if p["PolicyDocument"] != nil {
				out = append(out, &StackResource{Stack: stack, LogicalID: id, Type: typ,
					Privilege: awsiam.EvaluateVerdict(awsiam.Input{Policies: []awsiam.Policy{pol}})})
			}
		}
	}
	// A principal's own policies: inline, managed ARNs, attached.
	own := func(id string, p map[string]any) []awsiam.Policy {
		var pols []awsiam.Policy
		for i, ip := range valuesAt(p["Policies"], nil) {
			m, _ := ip.(map[string]any)
			name, _ := m["PolicyName"].(string)
			if name == "" {
				name = "Policies[" + strconv.Itoa(i) + "]"
			}
			pols = append(pols, awsiam.Policy{Document: m["PolicyDocument"], Source: source(id, name)})
		}
		for _, arn := range valuesAt(p["ManagedPolicyArns"], nil) {
			switch a := arn.(type) {
			case string:
				if isManagedARN(a) {
					pols = append(pols, awsiam.Policy{ARN: a, Source: source(id, a)})
				}
			case value.Unknown:
				if pol, ok := managed[a.Ref]; ok {
					pols = append(pols, pol)
				}
			}
		}
		return append(pols, attached[id]...)
	}
	// The template's groups of each user: its Groups, and the
	// AWS::IAM::UserToGroupAddition resources that name it.
	groupsOf := map[string][]string{}
	isGroup := func(v any) (string, bool) {
		ref, ok := v.(value.Unknown)
		if !ok {
			return "", false
		}
		typ, _ := props(ref.Ref)
		return ref.Ref, typ == "AWS::IAM::Group"
	}
	for _, id := range ids {
		typ, p := props(id)
		switch typ {
		case "AWS::IAM::User":
			for _, gr := range valuesAt(p["Groups"], nil) {
				if g, ok := isGroup(gr); ok {
					groupsOf[id] = append(groupsOf[id], g)
				}
			}
		case "AWS::IAM::UserToGroupAddition":
			if g, ok := isGroup(p["GroupName"]); ok {
				for _, u := range valuesAt(p["Users"], nil) {
					if ref, ok := u.(value.Unknown); ok {
						groupsOf[ref.Ref] = append(groupsOf[ref.Ref], g)
					}
				}
			}
		}
	}
	kinds := map[string]awsiam.PrincipalKind{"AWS::IAM::User": awsiam.PrincipalUser, "AWS::IAM::Role": awsiam.PrincipalRole, "AWS::IAM::Group": awsiam.PrincipalGroup}
	for _, id := range ids {
		typ, p := props(id)
		switch typ {
		case "AWS::IAM::AccessKey":
			if status, _ := p["Status"].(string); !strings.EqualFold(status, "Inactive") {
				out = append(out, &StackResource{Stack: stack, LogicalID: id, Type: typ, Credential: true,
					Outputs: secretOutputs(tpl.Outputs, id+".SecretAccessKey")})
			}
		case "AWS::IAM::User", "AWS::IAM::Role", "AWS::IAM::Group":
			pols := own(id, p)
			for _, g := range groupsOf[id] {
				_, gp := props(g)
				pols = append(pols, own(g, gp)...)
			}
			sr := &StackResource{Stack: stack, LogicalID: id, Type: typ}
			if len(pols) > 0 {
				sr.Privilege = awsiam.EvaluateVerdict(awsiam.Input{Kind: kinds[typ], Policies: pols})
			}
			if doc := p["AssumeRolePolicyDocument"]; doc != nil {
				if res, err := awsiam.AnalyzeTrust(doc, awsiam.TrustOptions{Source: source(id, "AssumeRolePolicyDocument")}); err == nil {
					sr.Trust = &res.Verdict
				}
			}
			out = append(out, sr)
		}
	}
	return out
}

// iamCapable reports whether a stack is allowed to make IAM resources:
// CloudFormation refuses templates with IAM resources without
// CAPABILITY_IAM or CAPABILITY_NAMED_IAM.
func iamCapable(n *Node) bool {
	for _, c := range valuesAt(n.Values["capabilities"], nil) {
		if s, ok := c.(string); ok && (s == "CAPABILITY_IAM" || s == "CAPABILITY_NAMED_IAM") {
			return true
		}
	}
	return false
}

// cfnTemplate is the part of a CloudFormation template read here.
type cfnTemplate struct {
	Resources map[string]any
	Outputs   map[string]any
}

// readTemplate reads a template, in JSON or YAML. Intrinsic functions
// become unknown values named by what they read: a Ref by its logical id, a
// Fn::GetAtt by "LogicalId.Attribute", a Fn::Sub by its string (one whose
// only variables are the partition and URL suffix is the string it makes:
// the usual way to name AWS managed policies), others by the function.
func readTemplate(text string) (tpl cfnTemplate, ok bool) {
	// The YAML parser reads text from the plan: whatever it does with a
	// hostile template, the check goes on without the template.
	defer func() {
		if recover() != nil {
			tpl, ok = cfnTemplate{}, false
		}
	}()
	var doc any
	if t := strings.TrimSpace(text); strings.HasPrefix(t, "{") {
		d := json.NewDecoder(strings.NewReader(t))
		d.UseNumber()
		var raw any
		if d.Decode(&raw) != nil {
			return tpl, false
		}
		doc = cfnValue(raw)
	} else {
		var n yaml.Node
		if yaml.Unmarshal([]byte(text), &n) != nil || len(n.Content) == 0 {
			return tpl, false
		}
		doc = yamlValue(n.Content[0], 0)
	}
	m, _ := doc.(map[string]any)
	tpl.Resources, ok = m["Resources"].(map[string]any)
	tpl.Outputs, _ = m["Outputs"].(map[string]any)
	return tpl, ok
}

// cfnValue replaces intrinsic function objects ({"Ref": ...}, {"Fn::Sub": ...}).
func cfnValue(v any) any {
	switch x := v.(type) {
	case map[string]any:
		for k, e := range x {
			x[k] = cfnValue(e)
		}
		return intrinsicObject(x)
	case []any:
		for i, e := range x {
			x[i] = cfnValue(e)
		}
		return x
	case json.Number:
		return x.String()
	}
	return v
}

// maxYAMLDepth bounds a hostile template's nesting.
const maxYAMLDepth = 200

// yamlValue converts a YAML node, short-form intrinsics (!Ref, !Sub,
// !GetAtt) included. Aliases are not followed (a billion laughs).
func yamlValue(n *yaml.Node, depth int) any {
	if depth > maxYAMLDepth {
		return value.Unknown{Ref: "(nested too deep)"}
	}
	var v any
	switch n.Kind {
	case yaml.MappingNode:
		m := make(map[string]any, len(n.Content)/2)
		for i := 0; i+1 < len(n.Content); i += 2 {
			m[n.Content[i].Value] = yamlValue(n.Content[i+1], depth+1)
		}
		v = intrinsicObject(m)
		if _, isMap := v.(map[string]any); !isMap {
			return v // a full-form intrinsic: its tag, if any, is not read
		}
	case yaml.SequenceNode:
		l := make([]any, len(n.Content))
		for i, c := range n.Content {
			l[i] = yamlValue(c, depth+1)
		}
		v = l
	case yaml.ScalarNode:
		v = n.Value
	case yaml.DocumentNode:
		if len(n.Content) > 0 {
			return yamlValue(n.Content[0], depth+1)
		}
		return nil
	default:
		return value.Unknown{Ref: "(alias)"}
	}
	if tag := n.Tag; strings.HasPrefix(tag, "!") && !strings.HasPrefix(tag, "!!") {
		name := strings.TrimPrefix(tag, "!")
		if name != "Ref" && name != "Condition" {
			name = "Fn::" + name
		}
		return intrinsic(name, v)
	}
	return v
}

// intrinsicObject is a converted map, or the intrinsic function it is in
// full form ({"Ref": ...}, {"Fn::GetAtt": ...}), in JSON and YAML alike.
func intrinsicObject(m map[string]any) any {
	if len(m) == 1 {
		for k, arg := range m {
			if k == "Ref" || strings.HasPrefix(k, "Fn::") {
				return intrinsic(k, arg)
			}
		}
	}
	return m
}

// subVariable is a ${...} of a Fn::Sub string (not a ${!literal}).
var subVariable = regexp.MustCompile(`\$\{([^}!]*)\}`)

func intrinsic(name string, arg any) any {
	switch name {
	case "Ref":
		if s, ok := arg.(string); ok {
			return value.Unknown{Ref: s}
		}
	case "Fn::GetAtt":
		switch a := arg.(type) {
		case string: // "Key.SecretAccessKey"
			return value.Unknown{Ref: a}
		case []any:
			if len(a) == 2 {
				id, _ := a[0].(string)
				at, _ := a[1].(string)
				if id != "" && at != "" {
					return value.Unknown{Ref: id + "." + at}
				}
			}
		}
	case "Fn::Sub":
		if s, ok := arg.(string); ok {
			known := true
			out := subVariable.ReplaceAllStringFunc(s, func(m string) string {
				switch m {
				case "${AWS::Partition}":
					return "aws"
				case "${AWS::URLSuffix}":
					return "amazonaws.com"
				}
				known = false
				return m
			})
			if known {
				return out
			}
			return value.Unknown{Ref: s}
		}
	}
	return value.Unknown{Ref: name}
}
