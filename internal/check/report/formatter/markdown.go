package formatter

import (
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/nhiguard/terraform-provider-nhi/internal/check/report"
	"github.com/nhiguard/terraform-provider-nhi/internal/check/rules"
)

func init() { register("markdown", Markdown) }

// MarkdownMarker opens every markdown report: a hidden HTML comment by
// which the GitHub Action finds its own pull request comment to update.
const MarkdownMarker = "<!-- nhiguard:report -->"

// GitHubCommentLimit is the longest comment GitHub accepts, in characters.
const GitHubCommentLimit = 65536

// Markdown writes a pull request comment: a verdict line, a table of
// findings by rule and severity, every blocking finding with its place,
// why it matters and the fix, and the rest (introduced below the
// threshold, waived, pre-existing) folded in <details>.
//
// The output never exceeds Options.MarkdownLimit bytes (default
// GitHubCommentLimit; bytes bound characters): findings that do not fit are
// counted in a closing line, blocking ones first to be shown. Every string
// from the plan (addresses, messages, owners) is escaped: ASCII punctuation
// that opens markup is backslash-escaped, so it cannot open markup, HTML,
// links or tables, and '@', '#' and "://" get an invisible break, so it
// cannot mention a user or team, reference an issue, or autolink.
func Markdown(w io.Writer, r *report.Report, o Options) error {
	limit := o.MarkdownLimit
	if limit <= 0 {
		limit = GitHubCommentLimit
	}
	m := &mdWriter{limit: limit}
	m.header(r)
	m.table(r)

	var blocking, introduced, waived, preexisting []*report.Finding
	for _, f := range r.Findings {
		switch status(f) {
		case "blocking":
			blocking = append(blocking, f)
		case "introduced":
			introduced = append(introduced, f)
		case "waived":
			waived = append(waived, f)
		default:
			preexisting = append(preexisting, f)
		}
	}
	m.notes(r.Notes)
	m.blockingSection(blocking, o)
	m.folded("Introduced below the blocking threshold", introduced, o)
	m.folded("Waived", waived, o)
	m.folded("Pre-existing (on resources this plan does not change)", preexisting, o)
	m.footer(r)
	_, err := io.WriteString(w, m.b.String())
	return err
}

type mdWriter struct {
	b     strings.Builder
	limit int
	// omitted counts findings left out for the limit.
	omitted, omittedBlocking int
}

// reserve is kept free for the truncation line and the footer.
const mdReserve = 700

// fits reports whether s can still be written.
func (m *mdWriter) fits(s string) bool { return m.b.Len()+len(s) <= m.limit-mdReserve }

func (m *mdWriter) header(r *report.Report) {
	m.b.WriteString(MarkdownMarker + "\n")
	s := r.Summary
	waived, pre := 0, 0
	for _, f := range r.Findings {
		switch status(f) {
		case "waived":
			waived++
		case "pre-existing":
			pre++
		}
	}
	if s.Blocking > 0 {
		fmt.Fprintf(&m.b, "### ❌ nhiguard: blocked by %s\n\n", report.Plural(s.Blocking, "finding", "findings"))
	} else {
		fmt.Fprintf(&m.b, "### ✅ nhiguard: nothing blocks\n\n")
	}
	fmt.Fprintf(&m.b, "%s (%d blocking, %d waived, %d pre-existing) · %s and %s in the plan\n\n",
		report.Plural(s.Findings, "finding", "findings"), s.Blocking, waived, pre,
		report.Plural(s.Identities, "machine identity", "machine identities"), report.Plural(s.Credentials, "credential", "credentials"))
}

var mdSeverities = []report.Severity{report.Critical, report.High, report.Medium, report.Low, report.Info}

func (m *mdWriter) table(r *report.Report) {
	if len(r.Findings) == 0 {
		return
	}
	type row struct {
		bySev           [5]int
		blocking, total int
	}
	rows := map[string]*row{}
	var total row
	for _, f := range r.Findings {
		x := rows[f.Rule]
		if x == nil {
			x = &row{}
			rows[f.Rule] = x
		}
		for _, t := range []*row{x, &total} {
			if f.Severity >= report.Info && f.Severity <= report.Critical {
				t.bySev[f.Severity]++
			}
			t.total++
			if f.Blocking {
				t.blocking++
			}
		}
	}
	m.b.WriteString("| Rule | Critical | High | Medium | Low | Info | Blocking |\n|:--|--:|--:|--:|--:|--:|--:|\n")
	cells := func(x *row) string {
		var c []string
		for _, s := range mdSeverities {
			c = append(c, countCell(x.bySev[s]))
		}
		c = append(c, countCell(x.blocking))
		return strings.Join(c, " | ")
	}
	for _, rule := range rules.All() {
		if x := rows[rule.ID]; x != nil {
			fmt.Fprintf(&m.b, "| [%s](%s) %s | %s |\n", rule.ID, rule.DocURL(), mdText(rule.Title), cells(x))
			delete(rows, rule.ID)
		}
	}
	for id, x := range rows { // a rule the registry does not know (never in practice)
		fmt.Fprintf(&m.b, "| %s | %s |\n", mdCode(id), cells(x))
	}
	fmt.Fprintf(&m.b, "| **Total** | %s |\n\n", cells(&total))
}

func countCell(n int) string {
	if n == 0 {
		return "·"
	}
	return fmt.Sprint(n)
}

// mdGroupItems is how many findings of one rule the blocking section
// shows before it counts the rest, so that one rule's many findings do
// not crowd the others (a large plan's hundreds of static keys, its few
// admin grants) out of the comment.
const mdGroupItems = 25

// blockingSection lists blocking findings grouped by rule, with the
// rule's why and fix once per group: the groups of the most severe
// findings first, and in each the most severe findings first.
func (m *mdWriter) blockingSection(fs []*report.Finding, o Options) {
	if len(fs) == 0 {
		return
	}
	head := fmt.Sprintf("#### Blocking findings (%d)\n\n", len(fs))
	if !m.fits(head) {
		m.skip(fs)
		return
	}
	m.b.WriteString(head)
	byRule := map[string][]*report.Finding{}
	var order []string
	for _, i := range priorityOrder(fs) {
		f := fs[i]
		if _, ok := byRule[f.Rule]; !ok {
			order = append(order, f.Rule)
		}
		byRule[f.Rule] = append(byRule[f.Rule], f)
	}
	for _, id := range order {
		group := byRule[id]
		var more []*report.Finding
		if len(group) > mdGroupItems {
			group, more = group[:mdGroupItems], group[mdGroupItems:]
		}
		rule := rules.Lookup(id)
		var gh strings.Builder
		if rule != nil {
			fmt.Fprintf(&gh, "**[%s](%s) %s**\n\n", rule.ID, rule.DocURL(), mdText(rule.Title))
			fmt.Fprintf(&gh, "> **Why it matters:** %s\n>\n> **Fix:** %s\n\n", mdText(rule.Why), mdText(rule.Fix))
		} else {
			fmt.Fprintf(&gh, "**%s**\n\n", mdCode(id))
		}
		if !m.fits(gh.String()) {
			m.skip(group)
			continue
		}
		m.b.WriteString(gh.String())
		fixOnce := ""
		if rule != nil {
			fixOnce = rule.Fix
		}
		for _, f := range group {
			m.item(f, o, fixOnce)
		}
		if len(more) > 0 {
			m.skip(more)
			fmt.Fprintf(&m.b, "\n*… and %s, counted below (the JSON report lists them)*\n", report.Plural(len(more), "more "+id+" finding", "more "+id+" findings"))
		}
		m.b.WriteString("\n")
	}
}

// folded writes a <details> section.
func (m *mdWriter) folded(title string, fs []*report.Finding, o Options) {
	if len(fs) == 0 {
		return
	}
	open := fmt.Sprintf("<details><summary>%s (%d)</summary>\n\n", title, len(fs))
	closing := "\n</details>\n\n"
	if !m.fits(open + m.itemText(fs[0], o, "") + closing) {
		// Not even one would show: no empty fold.
		m.skip(fs)
		return
	}
	m.b.WriteString(open)
	m.limit -= len(closing)
	for _, f := range fs {
		m.item(f, o, "")
	}
	m.limit += len(closing)
	m.b.WriteString(closing)
}

// item writes one finding as a list item, or counts it when it does not fit.
func (m *mdWriter) item(f *report.Finding, o Options, ruleFix string) {
	s := m.itemText(f, o, ruleFix)
	if !m.fits(s) {
		m.skip([]*report.Finding{f})
		return
	}
	m.b.WriteString(s)
}

// itemText is the list item of one finding.
func (m *mdWriter) itemText(f *report.Finding, o Options, ruleFix string) string {
	var b strings.Builder
	meta := []string{}
	if l := where(f); l != nil {
		meta = append(meta, mdCode(fmt.Sprintf("%s:%d", repoPath(o, l), l.Line)))
	}
	if f.Action != "" {
		meta = append(meta, mdText(f.Action))
	}
	meta = append(meta, f.Severity.String())
	prefix := ""
	if ruleFix == "" {
		prefix = f.Rule + " · "
	}
	fmt.Fprintf(&b, "- %s%s · %s\n", prefix, mdCode(clip(f.Address, 300)), strings.Join(meta, " · "))
	// A fixed prefix: text from the plan never starts a line.
	fmt.Fprintf(&b, "  ↳ %s\n", mdMessage(clip(f.Message, 1500)))
	if f.WaivedBy != nil {
		fmt.Fprintf(&b, "  *Waived by* %s\n", mdCode(clip(*f.WaivedBy, 300)))
	}
	if f.Remediation != "" && f.Remediation != ruleFix {
		fmt.Fprintf(&b, "  *Fix:* %s\n", mdMessage(clip(f.Remediation, 1500)))
	}
	return b.String()
}

func (m *mdWriter) skip(fs []*report.Finding) {
	for _, f := range fs {
		m.omitted++
		if f.Blocking {
			m.omittedBlocking++
		}
	}
}

func (m *mdWriter) notes(notes []string) {
	for _, n := range notes {
		s := "> **Note:** " + mdMessage(clip(n, 1500)) + "\n\n"
		if m.fits(s) {
			m.b.WriteString(s)
		}
	}
}

func (m *mdWriter) footer(r *report.Report) {
	if m.omitted > 0 {
		fmt.Fprintf(&m.b, "> [!WARNING]\n> %s not shown (%d blocking): this comment stays within GitHub's %d-character limit. The JSON report lists every finding; code scanning shows the first 5,000, the most important first.\n\n",
			report.Plural(m.omitted, "more finding", "more findings"), m.omittedBlocking, GitHubCommentLimit)
	}
	v := r.Tool.Version
	if v == "" {
		v = "dev"
	}
	fmt.Fprintf(&m.b, "<sub>nhiguard %s", mdText(clip(v, 60)))
	if r.Plan.TerraformVersion != "" {
		fmt.Fprintf(&m.b, " · Terraform %s", mdText(clip(r.Plan.TerraformVersion, 60)))
	}
	m.b.WriteString(" · run `nhiguard explain NHI-00X` for any rule</sub>\n")
}

// clip shortens a string from the plan to at most n runes.
func clip(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return string(r[:n]) + "…"
}

// zwsp is an invisible break that keeps GitHub from reading a mention,
// an issue reference or a link.
const zwsp = "\u200b"

// mdText escapes text from the plan for Markdown: control characters
// become visible (Inert), punctuation that opens inline markup is
// backslash-escaped, and '@', '#', "GH-", "www." and the "//" after a
// scheme get a zero-width space, so no mention, issue reference, autolink, HTML,
// emphasis, link or table cell can form. Text from the plan never starts
// a line, so block markup (headings, lists, quotes) cannot form either.
func mdText(s string) string {
	s = Inert(s)
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '@' || c == '#':
			b.WriteByte('\\')
			b.WriteByte(c)
			b.WriteString(zwsp)
		case (c == 'G' || c == 'g') && ghReference(s[i:]):
			// GH-123 is an issue reference, like #123.
			b.WriteString(s[i:i+2] + zwsp)
			i++
		case c == ':' && strings.HasPrefix(s[i+1:], "//"):
			b.WriteString(":" + zwsp)
		case c == '.' && i >= 3 && strings.EqualFold(s[i-3:i], "www"):
			b.WriteString(zwsp + ".")
		case isMarkup(c):
			b.WriteByte('\\')
			b.WriteByte(c)
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}

// ghReference reports whether s starts with GH-<digit> (any case).
func ghReference(s string) bool {
	return len(s) >= 4 && (s[1] == 'H' || s[1] == 'h') && s[2] == '-' && s[3] >= '0' && s[3] <= '9'
}

// isMarkup reports the ASCII punctuation that can open inline markup
// where text from the plan appears (never at the start of a line):
// emphasis, code, links and images, autolinks and HTML, entities, table
// cells, strikethrough, math. Others are left alone for readability.
func isMarkup(c byte) bool { return strings.IndexByte("\\`*_[]<>!&|~$", c) >= 0 }

// mdCode renders text from the plan as a code span: nothing inside one
// is markup, a mention, a reference or a link. The fence is longer than
// any run of backticks inside; '|' is escaped so a table cell cannot split.
func mdCode(s string) string {
	s = Inert(s)
	longest, run := 0, 0
	for i := 0; i < len(s); i++ {
		if s[i] == '`' {
			run++
			if run > longest {
				longest = run
			}
		} else {
			run = 0
		}
	}
	fence := strings.Repeat("`", longest+1)
	s = strings.ReplaceAll(s, "|", `\|`)
	if strings.HasPrefix(s, "`") || strings.HasSuffix(s, "`") || strings.HasPrefix(s, " ") || strings.HasSuffix(s, " ") {
		s = " " + s + " "
	}
	return fence + s + fence
}

// mdMessage renders a message: the rules quote identifiers in backticks,
// and those spans stay code; the rest is escaped text.
func mdMessage(s string) string {
	parts := strings.Split(s, "`")
	if len(parts)%2 == 0 { // unbalanced: all text
		return mdText(s)
	}
	var b strings.Builder
	for i, p := range parts {
		if i%2 == 1 && p != "" {
			b.WriteString(mdCode(p))
		} else {
			b.WriteString(mdText(p))
		}
	}
	return b.String()
}

// MarkdownText escapes text from a plan for Markdown (see mdText).
func MarkdownText(s string) string { return mdText(s) }

// MarkdownCode renders text from a plan as a Markdown code span that is
// safe in a table cell (see mdCode).
func MarkdownCode(s string) string { return mdCode(s) }
