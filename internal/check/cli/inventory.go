package cli

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/nhiguard/terraform-provider-nhi/internal/check/inventory"
)

func init() { commands["inventory"] = runInventory }

// registerPipelineFlags adds the flags that shape a pipeline run (the
// check flags minus outputs, baseline and blocking), for subcommands that
// read a plan.
func registerPipelineFlags(fs *flag.FlagSet, f *checkFlags) {
	fs.StringVar(&f.configPath, "config", "", "policy file (default: $NHIGUARD_CONFIG, or .nhiguard.hcl here or in a parent directory)")
	fs.StringVar(&f.sourceDir, "source-dir", "", "Terraform configuration directory (default: the working directory when it holds .tf files)")
	fs.BoolVar(&f.noSource, "no-source", false, "do not read .tf sources")
	fs.StringVar(&f.terraform, "terraform", "", "Terraform (or OpenTofu) CLI used to read a binary plan")
	fs.StringVar(&f.maxSize, "max-plan-size", "", "largest plan input accepted, e.g. 500MB (default 2GB)")
	fs.StringVar(&f.now, "now", "", "judge expiry as of this RFC 3339 time instead of the clock")
}

// inventoryFormat collects repeated --format / --output pairs for the
// register formats.
type inventoryFormat struct{ specs *[]outputSpec }

func (v inventoryFormat) String() string { return "" }
func (v inventoryFormat) Set(s string) error {
	for _, name := range strings.Split(s, ",") {
		name = strings.TrimSpace(name)
		ok := false
		for _, n := range inventory.Formats {
			ok = ok || n == name
		}
		if !ok {
			return fmt.Errorf("unknown format %q (want one of %s)", name, strings.Join(inventory.Formats, ", "))
		}
		*v.specs = append(*v.specs, outputSpec{format: name})
	}
	return nil
}

func runInventory(args []string, env Env) int {
	fs := flag.NewFlagSet("inventory", flag.ContinueOnError)
	fs.SetOutput(env.Stderr)
	var f checkFlags
	registerPipelineFlags(fs, &f)
	fs.Var(inventoryFormat{&f.outputs}, "format", "output format: "+strings.Join(inventory.Formats, ", ")+" (repeatable; default markdown)")
	fs.Var(outputValue{outputsFlag{&f.outputs}}, "output", "write the preceding --format to this file instead of stdout")
	diff := fs.Bool("diff", false, "compare two registers or plans: nhiguard inventory --diff OLD NEW")
	fs.Usage = func() {
		fmt.Fprintln(env.Stderr, "Usage: nhiguard inventory PLAN [flags]\n       nhiguard inventory --diff OLD NEW [flags]\n\nPLAN is `terraform show -json` output, - for stdin, or a binary plan file.\nOLD and NEW are registers (nhiguard inventory --format json) or plans.\n\nFlags:")
		fs.PrintDefaults()
	}
	pos, err := parseInterleaved(fs, args)
	if err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return ExitOK
		}
		return ExitError
	}
	for i := range f.outputs {
		if f.outputs[i].format == "text" { // --output before any --format
			f.outputs[i].format = "markdown"
		}
		f.outputs[i].path = env.path(f.outputs[i].path)
	}
	if len(f.outputs) == 0 {
		f.outputs = []outputSpec{{format: "markdown"}}
	}
	f.configPath = env.path(f.configPath)
	f.sourceDir = env.path(f.sourceDir)

	fail := func(err error) int {
		fmt.Fprintf(env.Stderr, "nhiguard: %s\n", oneLine(err.Error()))
		return ExitError
	}
	if *diff {
		if len(pos) != 2 {
			fmt.Fprintln(env.Stderr, "nhiguard: inventory --diff takes two arguments, OLD and NEW (registers or plans)")
			return ExitError
		}
		old, err := loadRegister(pos[0], &f, env)
		if err != nil {
			return fail(err)
		}
		cur, err := loadRegister(pos[1], &f, env)
		if err != nil {
			return fail(err)
		}
		d := inventory.Compare(old, cur, pos[0], pos[1])
		if err := writeEach(f.outputs, env, func(w io.Writer, format string) error { return inventory.WriteDiff(w, d, format) }); err != nil {
			return fail(err)
		}
		return ExitOK
	}
	if len(pos) != 1 {
		fmt.Fprintln(env.Stderr, "nhiguard: inventory takes exactly one PLAN argument (a file, or - for stdin), or --diff OLD NEW")
		return ExitError
	}
	res, err := runPipeline(env.path(pos[0]), &f, env)
	if err != nil {
		return fail(err)
	}
	reg := inventory.FromReport(res.Report)
	if err := writeEach(f.outputs, env, func(w io.Writer, format string) error { return inventory.Write(w, reg, format) }); err != nil {
		return fail(err)
	}
	return ExitOK
}

// loadRegister reads a register, or builds one from a plan.
func loadRegister(arg string, f *checkFlags, env Env) (*inventory.Register, error) {
	p := env.path(arg)
	if p != "-" {
		file, err := os.Open(p)
		if err != nil {
			if errors.Is(err, os.ErrNotExist) {
				return nil, fmt.Errorf("%s does not exist", arg)
			}
			return nil, fmt.Errorf("cannot read %s: %v", arg, unwrap(err))
		}
		defer file.Close()
		// Only a register is read whole here: a plan file is checked from
		// its file, as check reads it. A pipe (<(...)) can be read once
		// only: the plan in it is what the sniff read, then the rest.
		var head bytes.Buffer
		var rest io.Reader = io.MultiReader(&head, file)
		if inventory.IsRegister(io.TeeReader(file, &head)) {
			data, err := io.ReadAll(rest)
			if err != nil {
				return nil, fmt.Errorf("cannot read %s: %v", arg, unwrap(err))
			}
			reg, isRegister, err := inventory.Parse(data)
			if err != nil {
				return nil, fmt.Errorf("%s: %v", arg, err)
			}
			if isRegister {
				return reg, nil
			}
			rest = bytes.NewReader(data)
		}
		if st, err := file.Stat(); err == nil && !st.Mode().IsRegular() {
			env.Stdin, p = rest, "-"
		}
	}
	res, err := runPipeline(p, f, env)
	if err != nil {
		return nil, fmt.Errorf("%s: %v", arg, err)
	}
	return inventory.FromReport(res.Report), nil
}

// writeEach writes every --format to stdout or its --output file.
func writeEach(specs []outputSpec, env Env, write func(io.Writer, string) error) error {
	for _, s := range specs {
		t, cw := time.Now(), &countingWriter{}
		if s.path == "" {
			cw.w = env.Stdout
			if err := write(cw, s.format); err != nil {
				return fmt.Errorf("writing %s output: %w", s.format, err)
			}
		} else if err := writeFile(s.path, func(w io.Writer) error { cw.w = w; return write(cw, s.format) }); err != nil {
			return err
		}
		logOutput(env.logger(), s.format, s.path, cw.n, time.Since(t))
	}
	return nil
}
