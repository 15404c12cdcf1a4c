package nhi

// MatchAddress reports whether a Terraform resource address matches an
// exception pattern. '*' matches any run of characters, including none and
// including '.', '[', ']' and '"'; every other character matches only itself.
// So "module.ci.aws_iam_access_key.*" matches
// `module.ci.aws_iam_access_key.deploy["eu"]`, and a pattern without '*'
// matches only the identical address.
func MatchAddress(pattern, address string) bool {
	// Greedy matching with backtracking to the most recent '*': linear in
	// practice and never exponential, whatever the pattern.
	p, a := 0, 0
	star, starA := -1, 0
	for a < len(address) {
		switch {
		case p < len(pattern) && pattern[p] == '*':
			star, starA = p, a
			p++
		case p < len(pattern) && pattern[p] == address[a]:
			p++
			a++
		case star >= 0:
			starA++
			a = starA
			p = star + 1
		default:
			return false
		}
	}
	for p < len(pattern) && pattern[p] == '*' {
		p++
	}
	return p == len(pattern)
}
