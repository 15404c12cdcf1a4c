package plan

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime/debug"
	"strings"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/hashicorp/go-version"
	tfjson "github.com/hashicorp/terraform-json"
)

// DefaultMaxBytes bounds how much input is read, so an endless stdin ends
// with a clear message instead of exhausting memory.
const DefaultMaxBytes int64 = 2 << 30

// Options control loading.
type Options struct {
	// MaxBytes caps the input size (DefaultMaxBytes when zero).
	MaxBytes int64
	// Terraform is the CLI used to convert a binary plan ("terraform" on
	// PATH when empty). OpenTofu's `tofu` works too.
	Terraform string
	// TerraformDir is the directory Terraform converts a binary plan in:
	// the configuration's, whose providers `terraform init` installed (""
	// for the working directory).
	TerraformDir string
	// IsSecret marks attributes whose values are dropped at load (those
	// at the top level) and whose literals in the configuration are (at
	// any depth).
	IsSecret SecretFunc
	// PrivilegeText lists the attributes of a type whose text decides
	// what it grants (policy documents, policy ARNs, roles, members,
	// scopes): the text of sensitive values there is kept for
	// Plan.SensitiveText; every other sensitive value is dropped.
	PrivilegeText TextFunc
	// ProviderSecret marks provider arguments whose literals in the
	// configuration are credentials, dropped at load (redactConfig).
	ProviderSecret ProviderSecretFunc
	// CredentialShape, when set, tells which of those literals have the
	// form of a live credential ("an AWS secret access key"), and ""
	// for placeholders: the plan lists those in ProviderCredentials.
	CredentialShape CredentialShapeFunc
	// CredentialIn, when set, tells what credential a resource's secret
	// literal holds anywhere in it ("" for none): Plan.LiteralShape.
	CredentialIn func(name, literal string) string
	// ValueName, when set, names the attribute that says what a type's
	// secret values are called (a CI variable's key): its literal is the
	// name CredentialIn is given, rather than the secret attribute's.
	ValueName func(typ string) string
	// Reads, when set, names the resource types whose values the caller
	// reads. The values of other types' changes are checked (JSON syntax,
	// duplicate keys, shape) but not decoded: they load as empty objects,
	// so such a resource still exists where the plan says it does. In a
	// monorepo's plan most resources are infrastructure no rule reads.
	Reads func(typ string) bool
	// Spool reads a plan piped in (stdin, or a path that is a pipe)
	// through an unnamed temporary file, mapped as a plan file is, rather
	// than into memory of the process's own: the file's pages are the page
	// cache's, which the kernel reclaims under a container's memory limit,
	// and which decoding releases as it goes (released pages of process
	// memory would read back as zeros). The checker sets it in a container.
	Spool bool

	// Sized, when set, is told the size of the JSON about to be decoded
	// when it was not a plan file's (stdin, a pipe, or a binary plan's
	// JSON), and whether it is held in the heap (read from a pipe) rather
	// than mapped, so that the caller can size the heap for it.
	Sized func(jsonBytes int64, inHeap bool)

	// consumed, when set, is told as decoding proceeds which prefix of
	// the input is decoded (parseMapped drops those pages).
	consumed func(done []byte)
}

// InputError is a problem with the plan input: exit code 2, one line.
type InputError struct{ Msg string }

func (e *InputError) Error() string { return e.Msg }

func inputErr(format string, args ...any) error {
	return &InputError{Msg: fmt.Sprintf(format, args...)}
}

// zipMagic starts every binary plan file (a zip archive).
var zipMagic = []byte("PK\x03\x04")

// IsBinaryPlanFile reports whether the file at path is a binary plan
// (`terraform plan -out`), which Load converts with the Terraform CLI.
func IsBinaryPlanFile(path string) bool {
	f, err := os.Open(path)
	if err != nil {
		return false
	}
	defer f.Close()
	head := make([]byte, len(zipMagic))
	n, _ := io.ReadFull(f, head)
	return bytes.Equal(head[:n], zipMagic)
}

// Load reads a plan from path ("-" for stdin): JSON from `terraform show
// -json`, or a binary plan file, which it converts by running the
// Terraform CLI.
func Load(ctx context.Context, path string, stdin io.Reader, opts Options) (*Plan, error) {
	r, name := stdin, "stdin"
	f, _ := stdin.(*os.File) // stdin redirected from a file is mapped as a plan file is
	if path != "-" {
		var err error
		if f, err = os.Open(path); err != nil {
			if errors.Is(err, os.ErrNotExist) {
				return nil, inputErr("plan file %q does not exist", path)
			}
			return nil, inputErr("cannot read plan file %q: %v", path, unwrapPathErr(err))
		}
		defer f.Close()
		r, name = f, path
	}
	// A plan that is not a regular file, stdin or a pipe such as
	// <(terraform show -json tfplan), can be read only once, and its size
	// is known only once read (the caller sized a plan file's heap).
	stream, regular := path == "-", false
	if f != nil {
		st, err := f.Stat()
		if err == nil && st.IsDir() {
			return nil, inputErr("%q is a directory, not a plan file", path)
		}
		regular = err == nil && st.Mode().IsRegular()
		if err == nil && !regular {
			stream = true
		}
		if regular && st.Size() <= opts.maxBytes() && st.Size() >= mapThreshold && atStart(f) {
			if m, ok := mapFile(f, st.Size()); ok {
				defer m.release()
				if !bytes.HasPrefix(m.data, zipMagic) {
					if path == "-" {
						opts.sized(st.Size(), false)
					}
					opts.consumed = m.drop
					return parseMapped(m.data, opts, name)
				}
			}
		}
	}
	if stream && !regular { // a file's size bounds it: nothing endless to sniff
		var err error
		if r, err = sniffStream(r, displayName(path)); err != nil {
			return nil, err
		}
	}
	if stream && opts.Spool {
		if p, spooled, err := loadSpooled(ctx, path, r, opts, spoolDir()); spooled {
			return p, err
		}
	}
	data, m, err := readBounded(r, opts.maxBytes(), name)
	if err != nil {
		return nil, err
	}
	if m != nil {
		defer m.release()
	}
	if bytes.HasPrefix(data, zipMagic) {
		return loadBinaryPlan(ctx, path, !stream, data, opts)
	}
	if stream {
		opts.sized(int64(len(data)), m == nil)
	}
	return parse(data, opts)
}

// spoolDir is where a piped plan is spooled (Options.Spool): the temporary
// directory, or "" when that is in memory (tmpfs), where a spooled plan
// would take the memory spooling is meant to save.
func spoolDir() string {
	if dir := os.TempDir(); !inMemoryFS(dir) {
		return dir
	}
	return ""
}

// loadSpooled loads a plan read once from in (stdin, or the pipe at path)
// through an unnamed temporary file in dir. spooled is false, and nothing
// is read, when dir is "" or no such file can be made there.
func loadSpooled(ctx context.Context, path string, in io.Reader, opts Options, dir string) (p *Plan, spooled bool, err error) {
	if dir == "" {
		return nil, false, nil
	}
	tmp, err := os.CreateTemp(dir, "nhiguard-stdin-*.json")
	if err != nil {
		return nil, false, nil
	}
	unnamed := os.Remove(tmp.Name()) == nil // on Windows, once closed
	defer func() {
		tmp.Close()
		if !unnamed {
			os.Remove(tmp.Name())
		}
	}()
	limit := opts.maxBytes()
	n, err := io.Copy(tmp, io.LimitReader(in, limit+1))
	switch {
	case err != nil:
		return nil, true, inputErr("cannot read plan from %s into a temporary file: %v", displayName(path), err)
	case n > limit:
		return nil, true, inputErr("plan input from %s exceeds the %s limit (raise it with --max-plan-size)", displayName(path), humanBytes(limit))
	}
	m, mapped := mapFile(tmp, n)
	if !mapped { // empty, or the system maps no files: read it back
		if _, err := tmp.Seek(0, io.SeekStart); err != nil {
			return nil, true, inputErr("cannot read plan from %s into a temporary file: %v", displayName(path), err)
		}
		data, err := io.ReadAll(tmp)
		if err != nil {
			return nil, true, inputErr("cannot read plan from %s into a temporary file: %v", displayName(path), err)
		}
		if bytes.HasPrefix(data, zipMagic) {
			p, err := loadBinaryPlan(ctx, path, false, data, opts)
			return p, true, err
		}
		opts.sized(n, true)
		p, err := parse(data, opts)
		return p, true, err
	}
	defer m.release()
	if bytes.HasPrefix(m.data, zipMagic) {
		p, err := loadBinaryPlan(ctx, path, false, m.data, opts)
		return p, true, err
	}
	opts.sized(n, false)
	opts.consumed = m.drop
	p, err = parseMapped(m.data, opts, displayName(path))
	return p, true, err
}

// sniffLen is how much of its start decides that input is not JSON at
// all (notJSON): a plan read once is refused from these bytes instead of
// being read up to the size bound (`yes | nhiguard check -` spooled 2 GiB
// to disk before it was refused as too large).
const sniffLen = 4 << 10

// sniffStream reads the start of a plan read once (stdin, a pipe). Input
// that cannot be JSON is refused from it, with the message the whole
// input would get; otherwise the returned reader gives the whole input.
func sniffStream(r io.Reader, name string) (io.Reader, error) {
	head := make([]byte, sniffLen+1)
	n, err := io.ReadFull(r, head)
	head = head[:n]
	switch {
	case err == io.EOF || err == io.ErrUnexpectedEOF:
		return bytes.NewReader(head), nil // all of it: the usual path decides
	case err != nil:
		return nil, inputErr("cannot read plan from %s: %v", name, err)
	}
	if err := notJSONStart(head[:sniffLen]); err != nil {
		return nil, err
	}
	return io.MultiReader(bytes.NewReader(head), r), nil
}

// notJSONStart is parse's refusal of UTF-8 input longer than sniffLen
// bytes whose first significant byte cannot start JSON text, decided on
// its first sniffLen bytes (head); nil when that input may be something
// else: JSON, UTF-16, a binary plan, or more whitespace than head holds.
func notJSONStart(head []byte) error {
	base := 0
	switch {
	case bytes.HasPrefix(head, utf8BOM):
		base = len(utf8BOM)
	case looksUTF16(head):
		return nil
	}
	body := head[base:]
	trimmed := bytes.TrimLeft(body, " \t\r\n")
	if len(trimmed) == 0 || mayStartJSON(trimmed[0]) || bytes.HasPrefix(zipMagic, trimmed[:min(len(trimmed), len(zipMagic))]) {
		return nil
	}
	return notJSON(body, base, true)
}

// mayStartJSON tells whether JSON text may start with b.
func mayStartJSON(b byte) bool {
	return strings.IndexByte(`{["tfn-0123456789`, b) >= 0
}

// notJSON refuses input (data, at offset base in it; more when the input
// goes on past data) whose first significant byte cannot start JSON text.
// Its message depends on the input's first sniffLen bytes only, so that a
// stream gets it from them (notJSONStart): invalid UTF-8 there is named,
// and anything else is not JSON. A character cut by that bound is not
// judged.
func notJSON(data []byte, base int, more bool) error {
	head := data[:min(len(data), max(sniffLen-base, 0))]
	cut := more || len(head) < len(data)
	if i := invalidUTF8At(head); i < len(head) && (!cut || utf8.FullRune(head[i:])) {
		return inputErr("plan input is not valid UTF-8 (at byte %d)", base+i)
	}
	return inputErr("plan input is not JSON: %s", notJSONHint(head))
}

// notJSONHint says what non-JSON input looks like, from the shapes users
// most often pass by mistake, and what to give instead. It never quotes
// the input: a .tfvars file or a log may hold a secret.
func notJSONHint(head []byte) string {
	text := bytes.TrimLeft(bytes.TrimPrefix(head, utf8BOM), " \t\r\n")
	for len(text) > 0 && text[0] == 0x1b { // ANSI colour codes of terraform's text output
		if i := bytes.IndexByte(text, 'm'); i > 0 {
			text = text[i+1:]
			continue
		}
		break
	}
	line := text
	if i := bytes.IndexByte(line, '\n'); i >= 0 {
		line = line[:i]
	}
	give := "give nhiguard the output of `terraform show -json PLANFILE`, or the binary plan file (`terraform plan -out=PLANFILE`)"
	switch {
	case hasAnyPrefix(line, "Terraform used the selected providers", "Terraform will perform", "Terraform detected", "No changes.", "Refreshing state", "Plan:", "Acquiring state lock", "Initializing", "Note: ", "Changes to Outputs", "Warning:", "Error:", "─"):
		return "it looks like the text output of `terraform plan`; " + give
	case hasAnyPrefix(line, "resource \"", "data \"", "module \"", "variable \"", "provider \"", "output \"", "terraform {", "locals {", "ephemeral \"", "import {", "moved {"):
		return "it looks like Terraform configuration (.tf); " + give
	case looksLikeLog(line):
		return "it starts with a log line: a wrapper (a CI script, terragrunt) printed logs to stdout, where only the JSON belongs; send logs to stderr, or " + give
	case looksLikeAssignment(line):
		return "it looks like a variables file (.tfvars); " + give
	}
	return give
}

func hasAnyPrefix(b []byte, prefixes ...string) bool {
	for _, p := range prefixes {
		if bytes.HasPrefix(b, []byte(p)) {
			return true
		}
	}
	return false
}

// looksLikeLog recognises the common log line forms: logfmt (time=…
// level=…), bracketed levels ([INFO]) and levels or timestamps first.
func looksLikeLog(line []byte) bool {
	if hasAnyPrefix(line, "time=", "level=", "ts=", "[INFO]", "[DEBUG]", "[WARN]", "[ERROR]", "[TRACE]", "INFO", "DEBUG", "WARN", "ERRO", "TRACE") {
		return true
	}
	// 2006-01-02T15:04:05… or 2006/01/02 15:04:05…
	return len(line) >= 10 && isDigits(line[:4]) && (line[4] == '-' || line[4] == '/') && isDigits(line[5:7]) && line[7] == line[4] && isDigits(line[8:10])
}

func isDigits(b []byte) bool {
	for _, c := range b {
		if c < '0' || c > '9' {
			return false
		}
	}
	return len(b) > 0
}

// looksLikeAssignment recognises `name = value`, the first line of a
// .tfvars file.
func looksLikeAssignment(line []byte) bool {
	i := bytes.IndexByte(line, '=')
	if i <= 0 {
		return false
	}
	name := bytes.TrimSpace(line[:i])
	if len(name) == 0 {
		return false
	}
	for _, c := range name {
		if !(c == '_' || c == '-' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9') {
			return false
		}
	}
	return true
}

// atStart reports whether f is read from its start (stdin redirected from
// a file another process has read part of is not).
func atStart(f *os.File) bool {
	off, err := f.Seek(0, io.SeekCurrent)
	return err == nil && off == 0
}

// loadBinaryPlan loads what `terraform show -json` makes of a binary
// plan. Terraform writes it to a temporary file, which is then read as a
// plan file is (mapped, its pages released as they are decoded): read
// from a pipe, the JSON, many times the size of the binary plan, would be
// in memory whole, and twice over while the buffer grew. The file holds
// what the binary plan beside it holds; it is private to the user, and
// removed as soon as it is open. reread says Terraform can open path
// itself; data read from stdin or a pipe is written to a file for it.
func loadBinaryPlan(ctx context.Context, path string, reread bool, data []byte, opts Options) (*Plan, error) {
	out, err := os.CreateTemp("", "nhiguard-show-*.json")
	if err != nil {
		return nil, inputErr("cannot create a temporary file for `terraform show -json`: %v", err)
	}
	// Unnamed from the start where the system allows it (not Windows,
	// where it is removed once closed): Terraform writes to the open file,
	// and no other process can find it.
	unnamed := os.Remove(out.Name()) == nil
	defer func() {
		out.Close()
		if !unnamed {
			os.Remove(out.Name())
		}
	}()
	if err := showBinaryPlan(ctx, path, reread, data, opts.Terraform, opts.TerraformDir, out); err != nil {
		return nil, err
	}
	st, err := out.Stat()
	if err != nil {
		return nil, inputErr("cannot read the output of `terraform show -json`: %v", err)
	}
	m, mapped := mapFile(out, st.Size())
	opts.sized(st.Size(), !mapped)
	if mapped {
		defer m.release()
		opts.consumed = m.drop
		return parseMapped(m.data, opts, out.Name())
	}
	if _, err := out.Seek(0, io.SeekStart); err != nil {
		return nil, inputErr("cannot read the output of `terraform show -json`: %v", err)
	}
	text, err := io.ReadAll(out)
	if err != nil {
		return nil, inputErr("cannot read the output of `terraform show -json`: %v", err)
	}
	return parse(text, opts)
}

// sized tells Options.Sized the size of JSON about to be decoded.
func (o Options) sized(n int64, inHeap bool) {
	if o.Sized != nil {
		o.Sized(n, inHeap)
	}
}

// mapThreshold is the size from which a plan file is mapped, not read.
const mapThreshold = 1 << 20

// parseMapped parses a mapped file. Should the file shrink while it is
// parsed, reading past its end faults: that becomes an input error, not a
// crash. Nothing parse returns refers to data.
func parseMapped(data []byte, opts Options, path string) (p *Plan, err error) {
	defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
	defer func() {
		if r := recover(); r != nil {
			if _, fault := r.(interface{ Addr() uintptr }); !fault {
				panic(r)
			}
			p, err = nil, inputErr("plan file %q changed while it was read", path)
		}
	}()
	return parse(data, opts)
}

func (o Options) maxBytes() int64 {
	if o.MaxBytes > 0 {
		return o.MaxBytes
	}
	return DefaultMaxBytes
}

// readBounded reads a plan of at most limit bytes. It is in the heap, or
// in m, a mapping to release once the plan is parsed.
func readBounded(r io.Reader, limit int64, name string) (data []byte, m *mapping, err error) {
	var buf bytes.Buffer
	if f, ok := r.(*os.File); ok {
		if st, err := f.Stat(); err == nil && st.Mode().IsRegular() {
			if st.Size() > limit {
				return nil, nil, inputErr("plan %s is %s, over the %s limit (raise it with --max-plan-size)", name, humanBytes(st.Size()), humanBytes(limit))
			}
			// One exact allocation: growing a bytes.Buffer clears (and
			// faults in) twice the plan's size.
			data := make([]byte, st.Size()+1)
			n, err := io.ReadFull(f, data)
			switch {
			case err == io.ErrUnexpectedEOF || err == io.EOF:
				return data[:n], nil, nil
			case err != nil:
				return nil, nil, inputErr("cannot read plan from %s: %v", name, err)
			}
			// The file grew while we read it: read the rest with the bound.
			buf.Write(data)
		}
	}
	if buf.Len() == 0 {
		am, n, ok, err := readAnon(r, limit)
		if err != nil {
			return nil, nil, inputErr("cannot read plan from %s: %v", name, err)
		}
		if ok {
			data, m = am.data[:n], am
		}
	}
	if m == nil {
		if _, err := buf.ReadFrom(io.LimitReader(r, limit+1-int64(buf.Len()))); err != nil {
			return nil, nil, inputErr("cannot read plan from %s: %v", name, err)
		}
		data = buf.Bytes()
	}
	if int64(len(data)) > limit {
		if m != nil {
			m.release()
		}
		return nil, nil, inputErr("plan input from %s exceeds the %s limit (raise it with --max-plan-size)", name, humanBytes(limit))
	}
	return data, m, nil
}

func humanBytes(n int64) string {
	switch {
	case n >= 1<<30 && n%(1<<30) == 0:
		return fmt.Sprintf("%d GiB", n>>30)
	case n >= 1<<20:
		return fmt.Sprintf("%.0f MiB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.0f KiB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d bytes", n)
}

// showBinaryPlan converts a binary plan with `terraform show -json`. It
// must run in the configuration's working directory, where the providers
// are installed, which is the usual place to run the checker.
func showBinaryPlan(ctx context.Context, path string, reread bool, data []byte, tf, dir string, out io.Writer) error {
	if tf == "" {
		tf = "terraform"
	}
	bin, err := exec.LookPath(tf)
	if err != nil {
		return inputErr("%s is a binary plan file; converting it needs the %s CLI on PATH (or run `terraform show -json PLAN > plan.json` and check that)", displayName(path), tf)
	}
	file := path
	if !reread { // stdin or a pipe: Terraform needs a file it can open
		tmp, err := os.CreateTemp("", "nhiguard-plan-*")
		if err != nil {
			return inputErr("cannot write the binary plan from %s to a temporary file: %v", displayName(path), err)
		}
		defer os.Remove(tmp.Name())
		if _, err := tmp.Write(data); err != nil {
			tmp.Close()
			return inputErr("cannot write the binary plan from %s to a temporary file: %v", displayName(path), err)
		}
		tmp.Close()
		file = tmp.Name()
	}
	if dir != "" {
		// Terraform runs there; the plan's path is the caller's.
		if abs, err := filepath.Abs(file); err == nil {
			file = abs
		}
	}
	var stderr bytes.Buffer
	cmd := exec.CommandContext(ctx, bin, "show", "-json", "-no-color", file)
	cmd.Dir, cmd.Stdout, cmd.Stderr = dir, out, &stderr
	if err := cmd.Run(); err != nil {
		hint := ""
		if needsInit(stderr.String()) {
			name := filepath.Base(tf)
			hint = fmt.Sprintf(" (%s show reads a binary plan with the providers `%s init` installed: run nhiguard in the configuration directory or pass it as --source-dir, or check the output of `%s show -json PLAN` instead)", name, name, name)
		}
		return inputErr("`%s show -json %s` failed: %s%s", tf, displayName(path), firstLine(stderr.String(), err.Error()), hint)
	}
	return nil
}

// needsInit tells whether Terraform failed for want of the working
// directory a plan was made in: its providers, lock file or backend.
func needsInit(stderr string) bool {
	for _, s := range []string{"plugin schemas", "Required plugins", "dependency lock file", "Backend initialization", "terraform init", "tofu init", "Missing required provider"} {
		if strings.Contains(stderr, s) {
			return true
		}
	}
	return false
}

func displayName(path string) string {
	if path == "-" {
		return "stdin"
	}
	return path
}

// firstLine picks the error line of a CLI's error output ("Error: ..."),
// or its first meaningful line when it has none: warnings (a missing CLI
// configuration file) can come first.
func firstLine(s, fallback string) string {
	sc := bufio.NewScanner(strings.NewReader(s))
	first := ""
	for sc.Scan() {
		line := strings.Trim(sc.Text(), " \t│╷╵")
		if line == "" {
			continue
		}
		if rest, ok := strings.CutPrefix(line, "Error: "); ok {
			return rest
		}
		if first == "" {
			first = line
		}
	}
	if first != "" {
		return first
	}
	return fallback
}

func unwrapPathErr(err error) error {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// Parse decodes and indexes plan JSON. The plan does not refer to data.
func Parse(data []byte, opts Options) (*Plan, error) {
	return parse(data, opts)
}

// Byte order marks. Windows PowerShell 5.1 writes `terraform show -json`
// output as UTF-16 (with >) or with a UTF-8 byte order mark (Out-File
// -Encoding utf8); the plan inside is the same.
var (
	utf8BOM    = []byte("\xef\xbb\xbf")
	utf16LEBOM = []byte("\xff\xfe")
	utf16BEBOM = []byte("\xfe\xff")
)

func parse(data []byte, opts Options) (*Plan, error) {
	switch {
	case bytes.HasPrefix(data, utf8BOM):
		// A reslice, not a copy; UTF-8 offsets still count the mark.
		return parseUTF8(data[len(utf8BOM):], len(utf8BOM), opts)
	case looksUTF16(data):
		text, err := decodeUTF16(data)
		if err != nil {
			return nil, err
		}
		p, err := parseUTF8(text, 0, opts)
		var ie *InputError
		if errors.As(err, &ie) && strings.Contains(ie.Msg, " at byte ") {
			// JSON offsets count the decoded text, not the file.
			err = inputErr("%s (in the plan decoded from UTF-16 to UTF-8)", ie.Msg)
		}
		return p, err
	}
	return parseUTF8(data, 0, opts)
}

// looksUTF16 tells UTF-16 input: a byte order mark, or, since JSON text
// starts with an ASCII character, a zero in one of its first two bytes and
// not the other (RFC 4627's detection); UTF-8 JSON has no zero bytes
// outside escapes.
func looksUTF16(data []byte) bool {
	return bytes.HasPrefix(data, utf16LEBOM) || bytes.HasPrefix(data, utf16BEBOM) ||
		len(data) >= 2 && (data[0] == 0) != (data[1] == 0)
}

// decodeUTF16 converts UTF-16, with or without a byte order mark, to
// UTF-8. A first pass validates and sizes the output exactly: at most 3
// bytes for 2 of input, 1 for 2 in the usual all-ASCII plan, so memory
// stays bounded by the input limit.
func decodeUTF16(data []byte) ([]byte, error) {
	be, body := data[0] == 0, data
	switch {
	case bytes.HasPrefix(data, utf16LEBOM):
		be, body = false, data[2:]
	case bytes.HasPrefix(data, utf16BEBOM):
		be, body = true, data[2:]
	}
	if len(body)%2 != 0 {
		return nil, inputErr("plan input looks like UTF-16 (a byte order mark, or zero bytes between its first characters) but has an odd number of bytes: it is truncated or not UTF-16")
	}
	unit := func(i int) rune {
		if be {
			return rune(body[i])<<8 | rune(body[i+1])
		}
		return rune(body[i]) | rune(body[i+1])<<8
	}
	n := 0
	for i := 0; i < len(body); i += 2 {
		switch u := unit(i); {
		case u < 0x80:
			n++
		case u < 0x800:
			n += 2
		case utf16.IsSurrogate(u):
			if u < 0xdc00 && i+2 < len(body) {
				if lo := unit(i + 2); lo >= 0xdc00 && lo <= 0xdfff {
					n += 4
					i += 2
					continue
				}
			}
			return nil, inputErr("plan input is UTF-16 but not valid: an unpaired surrogate at byte %d", len(data)-len(body)+i)
		default:
			n += 3
		}
	}
	out := make([]byte, 0, n)
	for i := 0; i < len(body); i += 2 {
		u := unit(i)
		if u < 0x80 {
			out = append(out, byte(u))
			continue
		}
		if utf16.IsSurrogate(u) {
			u = utf16.DecodeRune(u, unit(i+2))
			i += 2
		}
		out = utf8.AppendRune(out, u)
	}
	return out, nil
}

// erroredPlan refuses a plan with "errored": true (Terraform 1.5+ writes
// one when `terraform plan -out` fails): it lacks what the failed part
// would have done.
func erroredPlan() error {
	return inputErr("the plan errored: Terraform could not finish it, so it does not show everything the apply would do; fix the errors and plan again")
}

// parseUTF8 parses plan text; base is the offset of data in the input.
func parseUTF8(data []byte, base int, opts Options) (*Plan, error) {
	notUTF8 := func() error {
		return inputErr("plan input is not valid UTF-8 (at byte %d)", base+invalidUTF8At(data))
	}
	trimmed := bytes.TrimLeft(data, " \t\r\n")
	if len(trimmed) == 0 {
		return nil, inputErr("plan input is empty")
	}
	if bytes.HasPrefix(trimmed, zipMagic) {
		return nil, inputErr("plan input is a binary plan file; pass its path (not stdin) or convert it with `terraform show -json`")
	}
	switch trimmed[0] {
	case '{':
	case '[', '"', 't', 'f', 'n', '-', '0', '1', '2', '3', '4', '5', '6', '7', '8', '9':
		if !utf8.Valid(data) {
			return nil, notUTF8()
		}
		// JSON, but not an object: name what is wrong with it first.
		switch err := json.Unmarshal(trimmed, new(json.RawMessage)); {
		case err == nil:
			return nil, inputErr("plan input is JSON but not a Terraform plan (the top level is not an object)")
		case strings.Contains(err.Error(), "exceeded max depth"), strings.Contains(err.Error(), "unexpected end of JSON input"):
			return nil, decodeError(err)
		}
		return nil, inputErr("plan input is not JSON: %s", notJSONHint(trimmed))
	default:
		return nil, notJSON(data, base, false)
	}
	// The fast decoder handles well-formed plans (and checks that their
	// strings are valid UTF-8: outside strings, JSON is ASCII). Whatever it does not
	// accept goes through the reflective decoder below, whose messages
	// name the problem; the fast decoder's own errors (duplicate keys,
	// trailing data) apply only to input that decoder accepts.
	fd, fail := decodeFast(trimmed, opts.IsSecret, newSensitiveText(opts.PrivilegeText), opts.Reads, opts.consumed)
	if fail != nil && fail.refusal != nil {
		return nil, fail.refusal
	}
	if fail == nil && acceptedPlan(fd.raw) {
		p, err := fd.index(opts.IsSecret)
		if err == nil {
			redactConfig(p, opts)
		}
		return p, err
	}
	if !utf8.Valid(data) {
		return nil, notUTF8()
	}
	var first *decodeFailure
	if fail != nil && fail.policy {
		first = fail
	}
	p, err := reflective(trimmed, opts, first)
	if err != nil {
		return nil, err
	}
	redactConfig(p, opts)
	return p, nil
}

// fastDecoded is what the fast decoder gives index.
type fastDecoded struct {
	data   []byte
	raw    *tfjson.Plan
	lazy   map[*tfjson.StateResource]span
	strs   *strtab
	merged mergedList // by resource_changes position
	// changeErr is the first resource change that is not what Terraform
	// writes; its values are checked before they are merged away.
	changeErr error
	// pruned are the managed resources dropped as they were decoded.
	pruned    prunedAddrs
	sensitive *sensitiveText
}

// decodeFast decodes with the fast decoder. Each change's values are
// merged as soon as they are decoded, so the raw and the merged trees of
// the whole plan are never alive together.
func decodeFast(data []byte, isSecret SecretFunc, sensitive *sensitiveText, reads func(string) bool, consumed func([]byte)) (*fastDecoded, *decodeFailure) {
	var merged mergedList
	var changeErr error
	onChange := func(rc *tfjson.ResourceChange) {
		mv := merged.next() // one per entry, in order
		addr, skip, err := checkChange(merged.n-1, rc)
		if err != nil {
			if changeErr == nil {
				changeErr = err
			}
			return
		}
		if skip {
			mv.done, mv.ephemeral = true, true
			return
		}
		if rc.DeposedKey != "" {
			return // index skips these
		}
		typ := rc.Type
		if typ == "" {
			typ = addr.Type
		}
		ch := rc.Change
		sensitive.keepChange(typ, ch)
		b, a := changeValues(ch, actionOf(ch.Actions), secretFor(typ, isSecret), true)
		sb, sa := sensitiveAttrs(ch)
		*mv = mergedValues{addr: addr, before: b, after: a, sensitiveBefore: sb, sensitiveAfter: sa, done: true}
		ch.Before, ch.After, ch.AfterUnknown, ch.BeforeSensitive, ch.AfterSensitive = nil, nil, nil, nil, nil
	}
	raw, d, fail := runDecoder(data, onChange, true, reads, consumed)
	if fail != nil {
		return nil, fail
	}
	return &fastDecoded{data: data, raw: raw, lazy: d.lazy, strs: d.strs, merged: merged, changeErr: changeErr, pruned: d.pruned, sensitive: sensitive}, nil
}

// index indexes a fast decode, decoding the state values it needs, and
// prunes the state resources it did not read.
func (fd *fastDecoded) index(isSecret SecretFunc) (*Plan, error) {
	if fd.changeErr != nil {
		return nil, fd.changeErr
	}
	raw := fd.raw
	p, err := index(raw, isSecret, fd.sensitive, func(sr *tfjson.StateResource) (map[string]any, error) {
		sp, ok := fd.lazy[sr]
		if !ok {
			return sr.AttributeValues, nil
		}
		m, f := stateValuesOf(fd.data, sp, fd.strs)
		if f != nil {
			if f.policy {
				return nil, f.inputErr()
			}
			return nil, inputErr("plan input cannot be decoded at byte %d: %s", f.off, f.msg)
		}
		sr.AttributeValues = m
		return m, nil
	}, &fd.merged, fd.pruned)
	if err != nil {
		return nil, err
	}
	if raw.PlannedValues != nil {
		pruneUndecoded(raw.PlannedValues.RootModule, fd.lazy)
	}
	if raw.PriorState != nil && raw.PriorState.Values != nil {
		pruneUndecoded(raw.PriorState.Values.RootModule, fd.lazy)
	}
	return p, nil
}

// pruneUndecoded drops from a state module tree the resources whose values
// were never decoded: resource_changes lists them.
func pruneUndecoded(m *tfjson.StateModule, lazy map[*tfjson.StateResource]span) {
	if m == nil {
		return
	}
	kept := m.Resources[:0]
	for _, sr := range m.Resources {
		if _, undecoded := lazy[sr]; !undecoded || sr.AttributeValues != nil {
			kept = append(kept, sr)
		}
	}
	clear(m.Resources[len(kept):])
	m.Resources = kept
	for _, c := range m.ChildModules {
		pruneUndecoded(c, lazy)
	}
}

// acceptedPlan applies the checks the reflective path makes after
// decoding; a plan failing one goes that way, for its message.
func acceptedPlan(raw *tfjson.Plan) bool {
	if raw.FormatVersion == "" {
		return false
	}
	v, err := version.NewVersion(raw.FormatVersion)
	if err != nil || v.Segments()[0] > 1 || raw.Validate() != nil {
		return false
	}
	return raw.PlannedValues != nil || raw.ResourceChanges != nil || raw.Config != nil || raw.OutputChanges != nil
}

// parseReflective decodes with terraform-json (encoding/json), the
// reference behaviour for every input the fast decoder declines.
func parseReflective(trimmed []byte, opts Options) (*Plan, error) {
	return reflective(trimmed, opts, nil)
}

// reflective is parseReflective after the fast decoder refused input that
// encoding/json accepts (a duplicate key, data after the document): first
// is that fault. What the input is (an errored plan, another format, state
// rather than a plan) is still said first; then the fault is named, before
// any problem of the values encoding/json kept (the last of two addresses
// contradicts the resource's type), which it may well have caused.
func reflective(trimmed []byte, opts Options, first *decodeFailure) (*Plan, error) {
	if errored, err := topLevelErrored(trimmed); err != nil {
		return nil, err
	} else if errored {
		return nil, erroredPlan()
	}
	if err := checkFormatVersion(trimmed); err != nil {
		return nil, err
	}
	var raw tfjson.Plan
	raw.UseJSONNumber(true)
	if err := raw.UnmarshalJSON(trimmed); err != nil {
		if first != nil {
			return nil, first.inputErr()
		}
		return nil, decodeError(err)
	}
	if raw.PlannedValues == nil && raw.ResourceChanges == nil && raw.Config == nil && raw.OutputChanges == nil {
		if looksLikeShowState(trimmed) {
			return nil, inputErr("input is Terraform state (`terraform show -json` without a plan), not a plan; run `terraform plan -out=tfplan && terraform show -json tfplan`")
		}
		return nil, inputErr("plan input has no planned_values, resource_changes or configuration: not a Terraform plan")
	}
	if first != nil {
		return nil, first.inputErr()
	}
	return index(&raw, opts.IsSecret, newSensitiveText(opts.PrivilegeText), func(sr *tfjson.StateResource) (map[string]any, error) { return sr.AttributeValues, nil }, &mergedList{}, prunedAddrs{})
}

func invalidUTF8At(b []byte) int {
	for i := 0; i < len(b); {
		r, n := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && n <= 1 {
			return i
		}
		i += n
	}
	return len(b)
}

// header holds the keys that tell a state file from a plan.
type header struct {
	Version json.RawMessage `json:"version"`
	Lineage json.RawMessage `json:"lineage"`
}

// checkFormatVersion finds format_version among the top-level keys without
// decoding the (possibly huge) rest of the document.
func checkFormatVersion(data []byte) error {
	fv, found, err := topLevelString(data, "format_version")
	if err != nil {
		var ie *InputError
		if errors.As(err, &ie) {
			return err
		}
		return decodeError(err)
	}
	if !found {
		var h header
		if json.Unmarshal(data, &h) == nil && len(h.Version) > 0 && len(h.Lineage) > 0 {
			return inputErr("input is a Terraform state file (terraform.tfstate), not a plan; run `terraform plan -out=tfplan && terraform show -json tfplan`")
		}
		if _, log, _ := topLevelString(data, "@level"); log {
			return inputErr("input is Terraform's machine-readable log (`terraform plan -json`), not a plan; run `terraform plan -out=tfplan && terraform show -json tfplan`")
		}
		return inputErr("plan input has no format_version: not `terraform show -json` output of a plan")
	}
	v, err := version.NewVersion(fv)
	if err != nil {
		return inputErr("plan format_version %q is not a version number", clip(fv, 20))
	}
	major := v.Segments()[0]
	if major > 1 {
		return inputErr("unsupported plan format_version %q: nhiguard reads plan formats 0.x and 1.x (Terraform 0.12 and later, OpenTofu)", clip(fv, 20))
	}
	return nil
}

// clip shortens a value quoted in a message to n bytes, on a rune boundary.
func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n] + "..."
}

// topLevelString scans only the top-level object's keys for key and
// returns its string value; other values are skipped with a tokenizer, not
// decoded.
func topLevelString(data []byte, key string) (string, bool, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	tok, err := dec.Token()
	if err != nil {
		return "", false, err
	}
	if d, ok := tok.(json.Delim); !ok || d != '{' {
		return "", false, fmt.Errorf("top level is not an object")
	}
	for dec.More() {
		kt, err := dec.Token()
		if err != nil {
			return "", false, err
		}
		k, _ := kt.(string)
		if k == key {
			var s any
			if err := dec.Decode(&s); err != nil {
				return "", false, err
			}
			str, ok := s.(string)
			if !ok {
				return "", false, inputErr("plan field %q has the wrong type: want a string", key)
			}
			return str, true, nil
		}
		var skip json.RawMessage
		if err := dec.Decode(&skip); err != nil {
			return "", false, err
		}
	}
	// The closing brace: without it the document is truncated.
	if _, err := dec.Token(); err != nil {
		return "", false, err
	}
	return "", false, nil
}

// topLevelErrored reads the top-level "errored" flag, skipping the other
// values with the fast decoder's validating skipper: terraform-json drops
// the key, and an errored plan's other faults (an empty prior_state) must
// not hide it. Input it cannot skip is left to the reflective decoder,
// whose message names that problem. Any "errored": true counts, duplicates
// included. Only this fallback path pays for the extra pass.
func topLevelErrored(data []byte) (errored bool, err error) {
	d := &decoder{buf: data, strs: &strtab{}}
	if len(data) > 0 {
		d.src = unsafeString(data)
	}
	defer func() {
		if r := recover(); r != nil {
			if _, ok := r.(*decodeFailure); !ok {
				panic(r)
			}
			errored, err = false, nil
		}
	}()
	it, ok := d.object()
	if !ok {
		return false, nil
	}
	for {
		k, ok := d.key(&it)
		if !ok {
			return errored, nil
		}
		if k != "errored" {
			d.skip()
			continue
		}
		switch d.peek() {
		case 't', 'f', 'n':
			errored = d.boolean() || errored
		default:
			return false, inputErr("plan field \"errored\" has the wrong type: want a boolean")
		}
	}
}

func looksLikeShowState(data []byte) bool {
	var probe struct {
		Values json.RawMessage `json:"values"`
	}
	return json.Unmarshal(data, &probe) == nil && len(probe.Values) > 0
}

// decodeError turns a decoder error into a one-line message that names the
// problem and never quotes the input.
func decodeError(err error) error {
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case strings.Contains(err.Error(), "exceeded max depth"):
		return inputErr("plan input is nested too deeply to be a Terraform plan")
	case errors.Is(err, io.ErrUnexpectedEOF), errors.Is(err, io.EOF):
		return inputErr("plan input is truncated: the JSON ends early")
	case errors.As(err, &syn):
		if strings.Contains(syn.Error(), "unexpected end of JSON input") {
			return inputErr("plan input is truncated: the JSON ends early")
		}
		return inputErr("plan input is not valid JSON at byte %d: %s", syn.Offset, syn.Error())
	case errors.As(err, &typ):
		field := typ.Field
		if field == "" {
			field = "(top level)"
		}
		want := "another type"
		if typ.Type != nil {
			want = typ.Type.String()
		}
		return inputErr("plan field %q has the wrong type: got %s, want %s", field, typ.Value, want)
	case strings.Contains(err.Error(), "unexpected state input, format version is missing"):
		// terraform-json's wording; a plan's prior_state always has one.
		return inputErr(`plan field "prior_state" has no format_version: it is not the state Terraform writes into a plan (was the plan edited?)`)
	case strings.Contains(err.Error(), "format version"):
		return inputErr("plan %s", err.Error())
	}
	return inputErr("plan input cannot be decoded: %v", err)
}
