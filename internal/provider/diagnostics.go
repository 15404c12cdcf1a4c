package provider

import (
	"fmt"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/nhiguard/terraform-provider-nhi/internal/nhi"
)

// Summaries of plan-time diagnostics. Tests match on them, and the plan
// checker's documentation quotes them.
const (
	summaryIdentityExpired       = "Machine Identity Expired"
	summaryRotationDue           = "Credential Rotation Due"
	summaryReviewDue             = "Identity Review Due"
	summaryExceptionExpired      = "Exception Expired"
	summaryExceptionAlreadyEnded = "Exception Expiry In The Past"
)

func identityExpiredDetail(name, owner string, expiresAt, now time.Time) string {
	return fmt.Sprintf("Identity %q (owner %s) expired on %s, %s ago: renew it by moving expires_at later and "+
		"stating the reason in purpose, or remove the identity and its credentials.",
		name, owner, nhi.FormatTimestamp(expiresAt), agoText(expiresAt, now))
}

func rotationDueDetail(name, owner string, due, now time.Time) string {
	return fmt.Sprintf("Identity %q (owner %s) was due for rotation on %s and is %s overdue: this plan "+
		"rotates it, so apply it to replace every credential whose replace_triggered_by uses rotation_trigger.",
		name, owner, nhi.FormatTimestamp(due), agoText(due, now))
}

func rotationDeferredDetail(name, owner string, due, now time.Time) string {
	return fmt.Sprintf("Identity %q (owner %s) is due for rotation since %s (%s overdue), but this plan does not "+
		"rotate it: the refresh was skipped, or this plan shortens the rotation period. The next plan with refresh "+
		"after this one rotates it.",
		name, owner, nhi.FormatTimestamp(due), agoText(due, now))
}

func reviewDueDetail(name, owner string, due, now time.Time) string {
	return fmt.Sprintf("Identity %q (owner %s) was due for review on %s and is %s overdue: review its owner, "+
		"purpose and scope, then set last_reviewed_at to the date of the review.",
		name, owner, nhi.FormatTimestamp(due), agoText(due, now))
}

func exceptionExpiredDetail(rules, resources []string, expiresAt, now time.Time) string {
	return fmt.Sprintf("The exception waiving %s for %s expired on %s, %s ago: renew it by moving expires_at "+
		"later with an updated reason, or remove it and fix the findings it waived.",
		strings.Join(rules, ", "), strings.Join(resources, ", "), nhi.FormatTimestamp(expiresAt), agoText(expiresAt, now))
}

func exceptionAlreadyEndedDetail(expiresAt, now time.Time) string {
	return fmt.Sprintf("expires_at (%s) must be in the future when the exception is created; it is now %s, so set a later date.",
		nhi.FormatTimestamp(expiresAt), nhi.FormatTimestamp(now))
}

// agoText says how long ago t was, in whole days, for messages.
func agoText(t, now time.Time) string {
	days := nhi.DaysOverdue(t, now)
	if days == 0 {
		return "less than a day"
	}
	return nhi.PluralDays(days)
}

// quoted renders a possibly unknown string for messages.
func quoted(s types.String) string {
	switch {
	case s.IsUnknown():
		return "(known after apply)"
	case s.IsNull():
		return "(none)"
	default:
		return fmt.Sprintf("%q", s.ValueString())
	}
}
