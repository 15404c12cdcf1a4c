package rules

import (
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/nhiguard/terraform-provider-nhi/internal/check/graph"
	"github.com/nhiguard/terraform-provider-nhi/internal/check/plan"
	"github.com/nhiguard/terraform-provider-nhi/internal/check/report"
)

var (
	// exposedInClear: a copy anyone who sees the output or the sink reads.
	exposedInClear = severityCase("NHI-007", report.Critical,
		"a credential (a secret attribute of a resource or data source) is in an output not marked sensitive (Terraform prints it after apply), or in a place shown in clear (tags, user data, plain variables, Kubernetes config maps and pod templates, CloudFormation stack outputs); a value the plan only marks sensitive, such as a sensitive variable, stays high there, as it need not be a secret")
	// hardCodedSecret: a literal in the code and in every saved plan.
	hardCodedSecret = severityCase("NHI-007", report.Critical,
		"the secret is written into the configuration as a literal (a resource's secret, in its arguments or its nested blocks, or a provider block's credential in the form services issue): it is in version control and in every saved plan")
	// publicStore: a secret store anyone may read.
	publicStore = severityCase("NHI-007", report.Critical,
		"a secret store's policy lets anyone read it (Principal \"*\" with no condition narrowing who, or allUsers / allAuthenticatedUsers)")
)

func init() {
	register(&Rule{
		ID: "NHI-007", Slug: "secret-exposed", Category: "exposed", Severity: report.High,
		OWASP: []string{"NHI2:2025"}, NIST: []string{"PR.DS-01", "PR.AA-01"},
		Title: "A secret value flows somewhere it should not: outputs, other systems' CI secrets, tags, user data",
		Why: "Every copy of a secret is another place it can leak from, and one its owner does not rotate. " +
			"Root outputs are readable by anyone with state access (sensitive = true only hides them from the CLI); " +
			"a CI secret hands the credential to every workflow of that repository; tags and user data are shown in clear, " +
			"whether the value comes from a credential, a sensitive variable or a secret read from a data source; " +
			"a file written by local_file lands in the workspace of the machine that runs Terraform, which later steps, caches and artifacts read. " +
			"A secret typed into the configuration as a literal (password = \"...\", also inside a nested block such as an MQ broker's user { password = \"...\" }, " +
			"or a provider block's secret_key or token) " +
			"is in the code and in every saved plan: Terraform writes constants into the plan even for sensitive attributes.",
		Fix: "Stop copying the credential: let the consumer authenticate itself (OIDC federation, workload identity), " +
			"or have it read the secret from a secret manager at run time. Remove secret-bearing outputs.",
		Bad: `output "secret" {
  value     = aws_iam_access_key.ci.secret
  sensitive = true
}`,
		Good:  `# No output: the workload assumes a role through OIDC and never sees a static key.`,
		Check: checkExposed,
	})
}

func checkExposed(c *Context) {
	type sinkKey struct{ sink, source string }
	seen := map[sinkKey]bool{}
	bySource := map[*graph.Node][]*graph.Flow{}
	var sources []*graph.Node
	for _, f := range c.G.Flows {
		if f.Source.R.Mode != "managed" {
			continue
		}
		if f.Kind == graph.ToOutput && !outputExists(c, f.Sink) {
			continue
		}
		k := sinkKey{f.Sink, f.Source.Address()}
		if seen[k] {
			continue
		}
		seen[k] = true
		// A copy kept in a secret store is reported where the copy is; the
		// credential itself is only reported when it leaves custody
		// (outputs, CI secrets, plain text).
		if f.Kind != graph.ToSecretStore {
			if bySource[f.Source] == nil {
				sources = append(sources, f.Source)
			}
			bySource[f.Source] = append(bySource[f.Source], f)
		}

		what := secretName(f, c.G.Plan.WholeReferencePaths())
		var msg, fix string
		var sev *SeverityCase
		switch f.Kind {
		case graph.ToOutput:
			o := c.G.Plan.Output(strings.TrimPrefix(f.Sink, "output."))
			if o != nil && !o.Sensitive {
				msg = f.Sink + " exposes " + what + " and is not sensitive: Terraform prints it after apply"
				sev = exposedInClear
			} else {
				msg = f.Sink + " exposes " + what + ": sensitive = true only hides it from the CLI; it is stored in state and readable with `terraform output`"
			}
		case graph.ToCISecret:
			msg = f.Sink + " receives " + what + " in " + code(f.SinkAttr) + ": every workflow that can read this CI secret holds the credential"
		case graph.ToSecretStore:
			msg = f.Sink + " stores a copy of " + what + " in " + code(f.SinkAttr) + ": a second copy its owner does not rotate or revoke"
			if store := c.G.Node(f.Sink); store != nil && store.Rotation.Rotated() && store.Rotation.By != nil {
				// The store's rotation rewrites the copy, not the
				// credential Terraform keeps: the two drift apart.
				msg = f.Sink + " stores a copy of " + what + " in " + code(f.SinkAttr) + ", and " + rotatorOf(store).Address() +
					" rotates the store, not " + f.Source.Address() + ", which Terraform keeps: after a rotation the copy and the credential differ, or the rotation deletes the key Terraform manages"
				fix = "Let one side own the credential: have the store's rotation create and retire the keys (and drop " + f.Source.Address() +
					" from the configuration), or stop copying it and let the consumer authenticate itself (OIDC federation, a role or a managed identity)."
			}
		case graph.ToPlainText:
			msg = f.Sink + " puts " + what + " into " + code(f.SinkAttr) + ", which is stored and shown in clear"
			sev = exposedInClear
		case graph.ToFile:
			msg = f.Sink + " writes " + what + " to " + fileOf(c.G.Node(f.Sink)) + " on the machine that runs Terraform, " +
				"where later steps, caches and uploaded artifacts of the job read it"
			fix = fileFix
		}
		if len(f.Via) > 0 {
			msg += " (through " + strings.Join(f.Via, ", ") + ")"
		}
		fin := Finding{Address: f.Sink, ResourceType: f.SinkType, Case: sev, Related: []string{f.Source.Address()}, Message: msg, Attribute: f.SinkAttr, Remediation: fix}
		if f.SinkResource != nil {
			fin.Action = f.SinkResource.ActionLabel()
		} else if o := c.G.Plan.Output(strings.TrimPrefix(f.Sink, "output.")); o != nil {
			fin.Action = string(o.Action)
		}
		c.Report(fin)
	}
	for _, m := range c.G.Marked {
		c.Report(markedFinding(m))
	}
	for _, h := range c.G.HardCoded {
		c.Report(hardCodedFinding(h))
	}
	for _, x := range c.G.InClear {
		where := code(x.Attr)
		if x.Where != "" {
			where += " (" + x.Where + ")"
		}
		c.Report(Finding{Address: x.R.Address, ResourceType: x.R.Type, Action: x.R.ActionLabel(), Case: exposedInClear, Facet: "in-clear",
			Attribute: x.Attr, Remediation: inClearFix,
			Message: x.R.Address + " holds what has the form of " + x.What + " in " + where + ", which is stored and shown in clear: " +
				"whoever reads the resource's settings, the plan or the state holds the credential"})
	}
	for _, p := range c.G.PublicReads {
		var related []string
		if p.Store != p.Policy {
			related = append(related, p.Store.Address())
		}
		msg := p.Policy.Address() + " lets anyone read " + p.Store.Address() + ": " + p.Verdict.Evidence[0].Message
		if copies := c.G.CopiesIn(p.Store); len(copies) > 0 {
			msg += "; it holds a copy of the secret of " + strings.Join(copies, ", ")
			related = append(related, copies...)
		}
		fix := "Name the principals that read the secret (their ARNs, or aws:PrincipalOrgID for your organization) instead of \"*\", and set block_public_policy = true so that Secrets Manager refuses a policy open to anyone."
		if strings.HasPrefix(p.Policy.R.Type, "google_") {
			fix = "Grant the role to the service accounts that read the secret, never to allUsers or allAuthenticatedUsers; the organization policy iam.allowedPolicyMemberDomains refuses such members."
		}
		c.Report(Finding{Node: p.Policy, Case: publicStore, Facet: "public-read", Related: related, Message: msg, Remediation: fix})
	}
	// A provider block has no state before the plan to compare: its
	// literal is reported as the plan's, which a plan that changes
	// nothing does not introduce.
	if c.G.Opts.World == graph.After {
		for _, pc := range c.G.Plan.ProviderCredentials {
			c.Report(providerCredentialFinding(pc))
		}
	}
	for _, s := range c.G.Stacks {
		if len(s.Outputs) == 0 || s.Stack.R.Mode != "managed" {
			continue
		}
		c.Report(Finding{Node: s.Stack, Case: exposedInClear,
			Message: s.Stack.Address() + " puts the secret access key of " + s.Type + " " + s.LogicalID + " into its CloudFormation outputs (" +
				strings.Join(s.Outputs, ", ") + "), which anyone who may describe the stack reads in clear, and which Terraform keeps in state (outputs)",
			Remediation: "Remove the output: store the key in Secrets Manager from the template if something must read it, or better, let the workload assume a role instead of holding a key.",
		})
	}
	for _, n := range sources {
		flows := bySource[n]
		sinks := make([]string, 0, len(flows))
		for _, f := range flows {
			sinks = append(sinks, f.Sink)
		}
		sort.Strings(sinks)
		msg := "the secret of " + n.Address() + " leaves it: " + strings.Join(sinks, ", ")
		if alt := n.Alternative(); alt != "" {
			msg += ". " + alt
		}
		c.Report(Finding{Node: n, Related: sinks, Message: msg})
	}
}

// fileFix is the remediation for a secret written to a local file.
const fileFix = "Do not write the credential to disk: let what needs it authenticate itself (OIDC or workload identity federation), " +
	"or read it from a secret manager in the step that uses it. If a file cannot be avoided, write it with local_sensitive_file " +
	"(mode 0600) outside the workspace, and delete it when the job ends."

// fileOf names the file a local_file writes, and says when everyone may
// read it (the local provider's default mode for local_file is 0777).
func fileOf(n *graph.Node) string {
	if n == nil {
		return "a file"
	}
	out := "a file"
	if name, ok := n.Values["filename"].(string); ok && name != "" {
		if r := []rune(name); len(r) > 120 {
			name = "..." + string(r[len(r)-120:])
		}
		out = "the file " + code(name)
	}
	mode, _ := n.Values["file_permission"].(string)
	if mode == "" && n.R.Type == "local_file" {
		mode = "0777"
	}
	if m, err := strconv.ParseUint(mode, 8, 32); err == nil && m&0o004 != 0 {
		out += " (mode " + mode + ": readable by every user)"
	}
	return out
}

// secretName names what a flow carries. A reference to a whole resource
// reads its secret; in a plan whose references do not say which
// attribute they read (Terraform before 1.0), it may read only another.
// rotatorOf is what rotates n, through the resources it takes its
// rotation from (a secret version's secret, the secret's rotation).
func rotatorOf(n *graph.Node) *graph.Node {
	for range 4 {
		switch r := n.Rotation; r.Mechanism {
		case "parent", "versions", "consumer", "generated", "key_material":
			if r.By == nil || !r.By.Rotation.Rotated() {
				return n
			}
			n = r.By
		default:
			if r.By != nil {
				return r.By
			}
			return n
		}
	}
	return n
}

func secretName(f *graph.Flow, wholePaths bool) string {
	if f.Attr == "" {
		if !wholePaths {
			return "what it reads of " + f.Source.Address() + ", which holds a secret (this plan's references do not say which attribute; Terraform 1.0 and later do)"
		}
		return "the whole of " + f.Source.Address() + " (including its secret)"
	}
	return "the secret " + code(f.Attr) + " of " + f.Source.Address()
}

// hardCodedFix is the remediation for a secret written into the configuration.
const hardCodedFix = "Take the literal out of the code and rotate the secret: it is in version control and in saved plans. " +
	"Let the service generate it (random_password, a managed master password), or read it at apply time from a secret manager, " +
	"best through an ephemeral resource into a write-only argument (password_wo, secret_string_wo), which keeps it out of state too."

// hardCodedFinding reports a secret written into the configuration as a
// literal. Terraform writes constants into the plan even for sensitive
// attributes, so the secret is in every saved plan as well as in the code.
func hardCodedFinding(h *graph.HardCoded) Finding {
	attrs := make([]string, len(h.Attrs))
	for i, a := range h.Attrs {
		attrs[i] = code(a)
		if h.Via[i] != "" {
			attrs[i] += ", from " + h.Via[i]
		}
	}
	msg := h.Node.Address() + " has its secret written into the configuration as a literal (" + strings.Join(attrs, " and ") + "): " +
		"it is in the code and in every saved plan, where Terraform writes constants even for sensitive attributes"
	if h.InClear != "" {
		msg = h.Node.Address() + " holds " + h.InClear + " written into the configuration as a literal (" + strings.Join(attrs, " and ") + "), " +
			"in a variable no guard protects (masked, protected, sensitive): it is in the code, in every saved plan, and shown in clear in the CI's settings and logs"
	}
	return Finding{Node: h.Node, Case: hardCodedSecret, Attribute: h.Attrs[0], Remediation: hardCodedFix, Message: msg}
}

// inClearFix is the remediation for a credential in a clear-text attribute.
const inClearFix = "Revoke the credential: it is in the plan, the state and the resource's settings. Give the workload an identity of its own " +
	"(a role, a managed identity, workload identity) instead of a key, or have it read the secret at run time from a secret manager."

// providerCredentialFix is the remediation for a credential written into
// a provider block.
const providerCredentialFix = "Take the literal out of the code and revoke the credential: it is in version control and in saved plans. " +
	"Let the provider find its credentials where it runs: a role assumed through OIDC federation in CI " +
	"(assume_role_with_web_identity, the CI's cloud login action), an instance profile or workload identity, " +
	"or environment variables the pipeline sets from a secret manager."

// providerCredentialFinding reports a provider argument written as a
// literal in the form of a live credential. Only where it is, never the
// value.
func providerCredentialFinding(pc plan.ProviderCredential) Finding {
	where := code(pc.Attr)
	if pc.Via != "" {
		where += ", from " + pc.Via
	}
	return Finding{Address: pc.Address, ResourceType: "provider", Case: hardCodedSecret, Attribute: pc.Attr, Remediation: providerCredentialFix,
		Message: pc.Address + " has " + pc.Kind + " written into the configuration as a literal (" + where + "): " +
			"it is in the code and in every saved plan, and whoever reads either holds what this configuration may do"}
}

// outputExists reports whether a root output exists in the world the rule
// judges: an output this plan creates did not exist before it (so exposing
// a secret through it is introduced), and one it deletes is gone after it.
func outputExists(c *Context, sink string) bool {
	o := c.G.Plan.Output(strings.TrimPrefix(sink, "output."))
	if o == nil {
		return true
	}
	if c.G.Opts.World == graph.Before {
		return o.Action != plan.Create
	}
	return o.Action != plan.Delete
}

// markedFix is the remediation for sensitive values in clear text.
const markedFix = "Keep the secret out of tags, labels, descriptions and boot data: have the workload fetch it at run time " +
	"from a secret manager it is allowed to read (its role or service account), and pass only the secret's name. " +
	"If the value is not secret, say so with nonsensitive()."

// maxAlike bounds the resources a default_tags finding lists as related.
const maxAlike = 10

// markedFinding reports clear-text attributes holding values the plan
// marks sensitive (a sensitive variable in tags, a data source's secret
// in user data). Only which attributes, never the value.
func markedFinding(m *graph.MarkedSink) Finding {
	attrs := make([]string, len(m.Attrs))
	for i, a := range m.Attrs {
		attrs[i] = code(a)
	}
	msg := m.R.Address + " puts a sensitive value"
	if len(m.From) > 0 {
		msg += " (from " + strings.Join(m.From, ", ") + ")"
	}
	msg += " into " + strings.Join(attrs, " and ") + ", which is stored and shown in clear"
	// related lists addresses (the report's contract); the references
	// (var.token, module-relative) stay in the message.
	var related []string
	if len(m.Alike) > 0 {
		msg = fmt.Sprintf("the provider's default_tags put a sensitive value into the %s of %s and %d other resources, where it is stored and shown in clear",
			code("tags_all"), m.R.Address, len(m.Alike))
		related = m.Alike[:min(len(m.Alike), maxAlike)]
	}
	// The rule's severity, not a known credential's critical: Terraform
	// marks whatever derives from a sensitive value, which need not be a
	// secret (an identifier read from a module output that is sensitive as
	// a whole; nonsensitive() says so).
	return Finding{Address: m.R.Address, ResourceType: m.R.Type, Action: m.R.ActionLabel(),
		Related: related, Attribute: m.Attrs[0], Message: msg, Remediation: markedFix}
}
