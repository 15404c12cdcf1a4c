package source

import (
	"testing"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
)

func TestText(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		expr string
		want string
		ok   bool
	}{
		{`"aws iam create-access-key"`, "aws iam create-access-key", true},
		{`"gcloud keys create --iam-account ${var.sa}@p.iam"`, "gcloud keys create --iam-account ${…}@p.iam", true},
		{"<<-EOT\n  a \\\n    b ${local.x}\n  EOT\n", "a \\\n  b ${…}\n", true},
		{`"${var.cmd}"`, "${…}", true},
		{`["set -e", "vault token create -policy=${var.p}"]`, "set -e\nvault token create -policy=${…}", true},
		{`var.cmd`, "", false},
		{`file("make-key.sh")`, "", false},
	} {
		e, diags := hclsyntax.ParseExpression([]byte(c.expr), "x.tf", hcl.InitialPos)
		if diags.HasErrors() {
			t.Fatalf("%s: %s", c.expr, diags)
		}
		got, ok := Text(e)
		if got != c.want || ok != c.ok {
			t.Errorf("Text(%s) = %q, %v; want %q, %v", c.expr, got, ok, c.want, c.ok)
		}
	}
}
