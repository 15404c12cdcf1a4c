package iam

import (
	"encoding/json"
	"slices"
	"testing"

	"github.com/nhiguard/terraform-provider-nhi/internal/check/value"
)

func TestClassStrings(t *testing.T) {
	t.Parallel()
	want := map[Class]string{ClassNone: "none", ClassRead: "read", ClassWrite: "write",
		ClassPermissionsManagement: "permissions-management", ClassAdmin: "admin", ClassUnknown: "unknown"}
	for c, s := range want {
		if c.String() != s {
			t.Errorf("%d.String() = %q, want %q", int(c), c.String(), s)
		}
		p, err := ParseClass(s)
		if err != nil || p != c {
			t.Errorf("ParseClass(%q) = %v, %v", s, p, err)
		}
	}
	if p, err := ParseClass("Permissions_Management"); err != nil || p != ClassPermissionsManagement {
		t.Errorf("underscore spelling: %v %v", p, err)
	}
	if _, err := ParseClass("root"); err == nil {
		t.Error("ParseClass accepted an unknown class")
	}
	if Class(42).String() != "Class(42)" {
		t.Error("out of range String")
	}
	var zero Class
	if zero != ClassUnknown {
		t.Error("the zero value must be unknown")
	}
}

func TestClassOrderAndMax(t *testing.T) {
	t.Parallel()
	if !(ClassNone < ClassRead && ClassRead < ClassWrite && ClassWrite < ClassPermissionsManagement && ClassPermissionsManagement < ClassAdmin) {
		t.Fatal("order")
	}
	if ClassUnknown.Known() || ClassUnknown.AtLeast(ClassNone) || !ClassAdmin.AtLeast(ClassWrite) || ClassRead.AtLeast(ClassWrite) {
		t.Fatal("AtLeast/Known")
	}
	tests := []struct {
		in   []Class
		want Class
	}{
		{nil, ClassUnknown},
		{[]Class{ClassUnknown}, ClassUnknown},
		{[]Class{ClassUnknown, ClassRead}, ClassRead},
		{[]Class{ClassWrite, ClassUnknown, ClassRead}, ClassWrite},
		{[]Class{ClassNone, ClassAdmin}, ClassAdmin},
	}
	for _, tc := range tests {
		if got := Max(tc.in...); got != tc.want {
			t.Errorf("Max(%v) = %s", tc.in, got)
		}
	}
}

func TestClassJSON(t *testing.T) {
	t.Parallel()
	b, err := json.Marshal(Verdict{Class: ClassPermissionsManagement})
	if err != nil || string(b) != `{"class":"permissions-management"}` {
		t.Fatalf("%s %v", b, err)
	}
	var v Verdict
	if err := json.Unmarshal([]byte(`{"class":"admin"}`), &v); err != nil || v.Class != ClassAdmin {
		t.Fatalf("%v %v", v, err)
	}
	if _, err := json.Marshal(Class(9)); err == nil {
		t.Fatal("invalid class marshalled")
	}
}

func TestVerdictChain(t *testing.T) {
	t.Parallel()
	v := Verdict{Evidence: []Evidence{
		{Kind: KindAdmin, Grants: []Grant{{Source: Source{Chain: []string{"m", "g", "a"}}}, {Source: Source{Chain: []string{"m", "x"}}}}},
		{Kind: KindNote, Grants: []Grant{{Source: Source{Chain: []string{"note", ""}}}}},
	}}
	if got := v.Chain(); !slices.Equal(got, []string{"m", "g", "a", "x", "note"}) {
		t.Errorf("Chain() = %v", got)
	}
	if got := v.Chain(KindAdmin); !slices.Equal(got, []string{"m", "g", "a", "x"}) {
		t.Errorf("Chain(admin) = %v", got)
	}
	if !v.Has(KindNote) || v.Has(KindEscalation) || len(v.Of(KindAdmin)) != 1 {
		t.Error("Has/Of")
	}
	if got := AddUnknowns([]string{"a"}, "a", "b"); !slices.Equal(got, []string{"a", "b"}) {
		t.Errorf("AddUnknowns = %v", got)
	}
	if UnknownRef(value.Unknown{Ref: "aws_iam_role.x.arn"}) != "aws_iam_role.x.arn" || UnknownRef(value.Unknown{}) != "(known after apply)" {
		t.Error("UnknownRef")
	}
}
