package awsiam

import (
	"slices"
	"strings"
)

// breadth says how many resources a resource pattern covers.
type breadth int

const (
	breadthSpecific breadth = iota // one named resource (or an unknown one)
	breadthPrefix                  // several, under a named prefix: "role/build-*", "bucket/*"
	breadthType                    // every resource of a type: "role/*", "arn:aws:s3:::*"
	breadthAll                     // "*", NotResource, or every resource of a service
)

func (b breadth) broad() bool { return b >= breadthType }

func (b breadth) String() string {
	switch b {
	case breadthAll:
		return "*"
	case breadthType:
		return "all resources of a type"
	case breadthPrefix:
		return "resources under a prefix"
	}
	return "specific resources"
}

// varMark stands for a policy variable once stripPolicyVariables has
// removed it: a byte no ARN holds, so a placeholder is never mistaken for
// literal text (see varPrefixed).
const varMark = "\x00"

// stripPolicyVariables replaces ${...} policy variables by varMark:
// ${aws:username} names one principal, and ${*}, ${?}, ${$} are escapes for
// literal characters, not wildcards.
func stripPolicyVariables(s string) string {
	if !strings.Contains(s, "${") {
		return s
	}
	var b strings.Builder
	for {
		i := strings.Index(s, "${")
		if i < 0 {
			b.WriteString(s)
			return b.String()
		}
		j := strings.IndexByte(s[i:], '}')
		if j < 0 {
			b.WriteString(s)
			return b.String()
		}
		b.WriteString(s[:i])
		b.WriteString(varMark)
		s = s[i+j+1:]
	}
}

// selfVariables resolve to the calling principal itself. Other variables
// do not: a principal tag (aws:PrincipalTag/...) can hold any user's name,
// and a request value (aws:RequestTag/..., s3:prefix) is the caller's to
// choose.
var selfVariables = []string{"${aws:username}", "${aws:userid}"}

// selfNamed splits an IAM ARN whose resource part ends in a segment that is
// exactly one self variable, with no wildcard anywhere in the resource
// part ("user/${aws:username}", "user/ci/${aws:username}",
// "mfa/${aws:username}"). It returns the resource type ("user", "mfa").
// Such a pattern names at most the caller's own resource, whatever the
// account field says: IAM calls only ever reach the caller's own account,
// and the caller is one principal.
func selfNamed(t Term) (typ string, ok bool) {
	if t.Unknown {
		return "", false
	}
	slash := strings.LastIndexByte(t.Text, '/')
	if slash < 0 || !slices.ContainsFunc(selfVariables, func(v string) bool { return strings.EqualFold(v, t.Text[slash+1:]) }) {
		return "", false
	}
	// Split the fields with the variables out: "${aws:username}" holds a
	// colon of its own.
	parts := strings.SplitN(stripPolicyVariables(t.Text), ":", 6)
	if len(parts) < 6 || parts[0] != "arn" || parts[2] != "iam" || strings.ContainsAny(parts[1], "*?"+varMark) {
		return "", false
	}
	resource := parts[5]
	if strings.ContainsAny(resource, "*?") || !strings.HasSuffix(resource, "/"+varMark) {
		return "", false
	}
	typ, _, _ = strings.Cut(resource, "/")
	if typ == "" || strings.Contains(typ, varMark) {
		return "", false
	}
	return typ, true
}

// selfUser reports whether t names the caller's own IAM user through a
// self variable (see selfNamed).
func selfUser(t Term) bool {
	typ, ok := selfNamed(t)
	return ok && typ == "user"
}

// termsSelf reports whether a Resource element names the caller's own IAM
// user through a self variable, so that a self-targeted path (a user
// writing its own policy, removing its own boundary) is held even though
// the element is not broad.
func termsSelf(terms []Term, not bool) bool {
	return !not && slices.ContainsFunc(terms, selfUser)
}

// termBreadth classifies one Resource value.
func termBreadth(t Term) breadth {
	if t.Unknown {
		return breadthSpecific
	}
	if _, ok := selfNamed(t); ok {
		// "arn:aws:iam::*:user/${aws:username}": the caller's own user,
		// though the account field is "*".
		return breadthSpecific
	}
	s := stripPolicyVariables(t.Text)
	if !strings.ContainsAny(s, "*?") {
		return breadthSpecific
	}
	if s == "*" {
		return breadthAll
	}
	parts := strings.SplitN(s, ":", 6)
	if len(parts) < 6 {
		// "arn:*" or another short pattern: the wildcard stands for the rest.
		return breadthAll
	}
	if strings.ContainsAny(parts[0]+parts[1]+parts[2], "*?") {
		return breadthAll
	}
	service, resource := parts[2], parts[5]
	if resource == "*" {
		return breadthAll
	}
	if strings.ContainsAny(parts[3]+parts[4], "*?") && !strings.ContainsAny(resource, "*?") {
		// The same named resource in every account or region.
		return breadthType
	}
	p := strings.IndexAny(resource, "*?")
	if p < 0 {
		return breadthType
	}
	segStart := p == 0 || resource[p-1] == '/' || resource[p-1] == ':'
	seg := strings.Count(resource[:p], "/") + strings.Count(resource[:p], ":")
	switch {
	case p == 0:
		return breadthType
	case service == "iam" && varPrefixed(resource[:p]):
		// user/${aws:username}*: the prefix is no name an administrator
		// chose but the caller's own name, so a user "a" reaches every
		// user whose name starts with "a" ("admin").
		return breadthType
	case !segStart:
		return breadthPrefix
	case service == "iam":
		// user/*, role/*, user/machine/*: a whole type or path of principals.
		return breadthType
	case service == "s3":
		// bucket/*: objects of one bucket.
		return breadthPrefix
	case seg == 1:
		// type/* or type:*: every resource of that type.
		return breadthType
	}
	return breadthPrefix
}

// varPrefixed reports whether the segment that ends head (the text before
// a wildcard, variables already replaced by varMark) is made only of policy
// variables.
func varPrefixed(head string) bool {
	seg := head[strings.LastIndexAny(head, "/:")+1:]
	return seg != "" && strings.Trim(seg, varMark) == ""
}

func termsBreadth(terms []Term, not bool) breadth {
	if not {
		for _, t := range terms {
			if !t.Unknown && t.Text == "*" {
				return breadthSpecific // NotResource "*" matches nothing
			}
		}
		return breadthAll
	}
	b := breadthSpecific
	for _, t := range terms {
		b = max(b, termBreadth(t))
	}
	return b
}

// termsMatchStar reports whether the resource element matches the request
// resource "*", which is what AWS evaluates for actions without
// resource-level permissions.
func termsMatchStar(terms []Term, not bool) bool {
	for _, t := range terms {
		if !t.Unknown && globMatch(t.Text, "*") {
			return !not
		}
	}
	return not
}

// termsMatch reports whether a concrete resource matches the element. An
// unknown term matches only a resource equal to its reference, so a caller
// may ask about "aws_iam_role.x.arn" before apply.
func termsMatch(terms []Term, not bool, resource string) bool {
	for _, t := range terms {
		if t.Unknown {
			if t.Ref != "" && t.Ref == resource {
				return !not
			}
			continue
		}
		if globMatch(t.Text, resource) {
			return !not
		}
	}
	return not
}

// termsCover reports whether every resource of narrow is also in wide.
func termsCover(wide []Term, wideNot bool, narrow []Term, narrowNot bool) bool {
	for _, w := range wide {
		if !w.Unknown && w.Text == "*" && !wideNot {
			return true
		}
	}
	if wideNot || narrowNot || len(narrow) == 0 {
		return false
	}
	for _, n := range narrow {
		covered := false
		for _, w := range wide {
			switch {
			case n.Unknown || w.Unknown:
				covered = n.Unknown && w.Unknown && n.Ref != "" && n.Ref == w.Ref
			default:
				covered = globCovers(w.Text, n.Text)
			}
			if covered {
				break
			}
		}
		if !covered {
			return false
		}
	}
	return true
}

// termsOverlap reports whether the two elements can share a resource.
func termsOverlap(a []Term, aNot bool, b []Term, bNot bool) bool {
	if aNot || bNot {
		return true
	}
	for _, x := range a {
		for _, y := range b {
			switch {
			case x.Unknown || y.Unknown:
				// An unknown resource may be any one resource the other names.
				if (x.Unknown && !y.Unknown) || (y.Unknown && !x.Unknown) || x.Ref == y.Ref {
					return true
				}
			case globOverlap(x.Text, y.Text):
				return true
			}
		}
	}
	return false
}
