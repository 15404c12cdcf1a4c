package awsiam

import "cmp"

// IAM wildcards: "*" matches any run of characters (also none and also
// across ":" and "/"), "?" matches exactly one character. There is no
// escaping.

// globMatch reports whether s matches pattern, case-sensitively.
func globMatch(pattern, s string) bool { return glob(pattern, s, false) }

// globMatchFold reports whether s matches a lower-case pattern, folding
// s's ASCII letters to lower case as it goes (action names are ASCII, and
// the table keeps them in their canonical case only).
func globMatchFold[S ~string | ~[]byte](pattern string, s S) bool { return glob(pattern, s, true) }

func glob[S ~string | ~[]byte](pattern string, s S, fold bool) bool {
	// Iterative matcher with single-star backtracking: linear in practice,
	// never exponential on adversarial input.
	p, i := 0, 0
	star, mark := -1, 0
	for i < len(s) {
		c := s[i]
		if fold {
			c = lowerASCII(c)
		}
		switch {
		case p < len(pattern) && (pattern[p] == '?' || pattern[p] == c):
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

func lowerASCII(c byte) byte {
	if 'A' <= c && c <= 'Z' {
		return c + 'a' - 'A'
	}
	return c
}

// compareFolds compares a and b both folded to lower case (ASCII letters
// only), as strings.Compare would compare their strings.ToLower forms
// when both are ASCII.
func compareFolds(a, b string) int {
	for i := 0; i < len(a) && i < len(b); i++ {
		if x, y := lowerASCII(a[i]), lowerASCII(b[i]); x != y {
			if x < y {
				return -1
			}
			return 1
		}
	}
	return cmp.Compare(len(a), len(b))
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
