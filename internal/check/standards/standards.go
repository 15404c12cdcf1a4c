// Package standards names the external references the rules map to: the
// OWASP Non-Human Identities Top 10 (2025) and NIST Cybersecurity
// Framework 2.0 subcategories. The rules hold the ids; this package holds
// the titles and links that explain, the SARIF rule help and docs/rules show.
package standards

import "strings"

// Ref is one external reference.
type Ref struct {
	ID    string
	Title string
	URL   string
}

// OWASPURL is the OWASP Non-Human Identities Top 10 (2025) page.
const OWASPURL = "https://owasp.org/www-project-non-human-identities-top-10/2025/"

// NISTURL is the NIST Cybersecurity Framework 2.0 (NIST CSWP 29).
const NISTURL = "https://doi.org/10.6028/NIST.CSWP.29"

var owasp = map[string]string{
	"NHI1:2025":  "Improper Offboarding",
	"NHI2:2025":  "Secret Leakage",
	"NHI3:2025":  "Vulnerable Third-Party NHI",
	"NHI4:2025":  "Insecure Authentication",
	"NHI5:2025":  "Overprivileged NHI",
	"NHI6:2025":  "Insecure Cloud Deployment Configurations",
	"NHI7:2025":  "Long-Lived Secrets",
	"NHI8:2025":  "Environment Isolation",
	"NHI9:2025":  "NHI Reuse",
	"NHI10:2025": "Human Use of NHI",
}

// nist holds the CSF 2.0 subcategories the rules cite (and their neighbours).
var nist = map[string]string{
	"GV.OV-03": "Organizational cybersecurity risk management performance is evaluated and reviewed for adjustments needed",
	"GV.RR-02": "Roles, responsibilities, and authorities related to cybersecurity risk management are established, communicated, understood, and enforced",
	"ID.AM-01": "Inventories of hardware managed by the organization are maintained",
	"ID.AM-02": "Inventories of software, services, and systems managed by the organization are maintained",
	"ID.AM-08": "Systems, hardware, software, services, and data are managed throughout their life cycles",
	"ID.IM-02": "Improvements are identified from security tests and exercises, including those done in coordination with suppliers and relevant third parties",
	"ID.RA-07": "Changes and exceptions are managed, assessed for risk impact, recorded, and tracked",
	"PR.AA-01": "Identities and credentials for authorized users, services, and hardware are managed by the organization",
	"PR.AA-02": "Identities are proofed and bound to credentials based on the context of interactions",
	"PR.AA-03": "Users, services, and hardware are authenticated",
	"PR.AA-05": "Access permissions, entitlements, and authorizations are defined in a policy, managed, enforced, and reviewed, and incorporate the principles of least privilege and separation of duties",
	"PR.DS-01": "The confidentiality, integrity, and availability of data-at-rest are protected",
	"DE.CM-09": "Computing hardware and software, runtime environments, and their data are monitored to find potentially adverse events",
}

// OWASP returns an OWASP NHI Top 10 item ("NHI7:2025"); Title is empty
// for an id it does not know.
func OWASP(id string) Ref {
	return Ref{ID: id, Title: owasp[strings.ToUpper(id)], URL: OWASPURL}
}

// NIST returns a NIST CSF 2.0 subcategory ("PR.AA-05"); Title is empty
// for an id it does not know.
func NIST(id string) Ref {
	return Ref{ID: id, Title: nist[strings.ToUpper(id)], URL: NISTURL}
}

// String renders "ID Title" (or the id alone when the title is unknown).
func (r Ref) String() string {
	if r.Title == "" {
		return r.ID
	}
	return r.ID + " " + r.Title
}
