package awsiam

// IAM wildcards: "*" matches any run of characters (also none and also
// across ":" and "/"), "?" matches exactly one character. There is no
// escaping.

// globMatch reports whether s matches pattern. Both must already be folded
// to the same case when the comparison is case-insensitive.
func globMatch(pattern, s string) bool {
	// Iterative matcher with single-star backtracking: linear in practice,
	// never exponential on adversarial input.
	p, i := 0, 0
	star, mark := -1, 0
	for i < len(s) {
		switch {
		case p < len(pattern) && (pattern[p] == '?' || pattern[p] == s[i]):
			p++
			i++
		case p < len(pattern) && pattern[p] == '*':
			star, mark = p, i
			p++
		case star >= 0:
			p = star + 1
			mark++
			i = mark
		default:
			return false
		}
	}
	for p < len(pattern) && pattern[p] == '*' {
		p++
	}
	return p == len(pattern)
}

// globCovers reports whether every string matched by narrow is also matched
// by wide. It treats narrow's wildcards as symbols: wide's "*" may absorb
// them, wide's "?" absorbs one non-"*" symbol, literals must be equal. The
// answer is exact for the patterns policies use and errs towards "no" (a
// Deny is then not taken to remove a grant it might only partly cover).
func globCovers(wide, narrow string) bool {
	w, n := len(wide), len(narrow)
	// cur[j]: wide[:i] covers narrow[:j].
	prev := make([]bool, n+1)
	cur := make([]bool, n+1)
	prev[0] = true
	for i := 1; i <= w; i++ {
		c := wide[i-1]
		cur[0] = prev[0] && c == '*'
		for j := 1; j <= n; j++ {
			d := narrow[j-1]
			switch c {
			case '*':
				cur[j] = prev[j] || cur[j-1]
			case '?':
				cur[j] = prev[j-1] && d != '*'
			default:
				cur[j] = prev[j-1] && d == c
			}
		}
		prev, cur = cur, prev
	}
	return prev[n]
}

// globOverlap reports whether some string matches both patterns.
func globOverlap(a, b string) bool {
	n, m := len(a), len(b)
	// ok[i][j]: a[i:] and b[j:] can match a common string.
	ok := make([][]bool, n+1)
	for i := range ok {
		ok[i] = make([]bool, m+1)
	}
	ok[n][m] = true
	for i := n; i >= 0; i-- {
		for j := m; j >= 0; j-- {
			if i == n && j == m {
				continue
			}
			var r bool
			switch {
			case i < n && a[i] == '*':
				r = ok[i+1][j] || (j < m && ok[i][j+1])
			case j < m && b[j] == '*':
				r = ok[i][j+1] || (i < n && ok[i+1][j])
			case i < n && j < m:
				r = (a[i] == '?' || b[j] == '?' || a[i] == b[j]) && ok[i+1][j+1]
			}
			ok[i][j] = r
		}
	}
	return ok[0][0]
}
