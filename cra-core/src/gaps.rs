//! The gap report: applicable requirements no component addresses, and claims that are only
//! partially addressed, for the product team and the auditor.
//!
//! A requirement in `not_assessed` has no claim at all; that is not the same as "not met".
//! Which requirements are open follows the one product rule of
//! [`Declaration::requirement_states`], the rule validation uses too: a requirement the product
//! declares not applicable is never a gap, one partially addressed by any component always is.

use serde::{Deserialize, Serialize};

use crate::catalogue::RequirementId;
use crate::claim::{Claim, RequirementState};
use crate::declaration::{ConformityStatus, Declaration};
use crate::validate::Findings;

/// An applicable requirement no component speaks of.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct NotAssessed {
    /// The requirement.
    pub requirement: RequirementId,
    /// Its title.
    pub title: String,
    /// Its annex point.
    pub reference: String,
    /// Why, e.g. that a component's `not_applicable` does not speak for the product.
    pub reason: String,
}

/// A claim that is only partially addressed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct PartialClaim {
    /// The component.
    pub component: String,
    /// The requirement.
    pub requirement: RequirementId,
    /// What is missing.
    pub missing: String,
}

/// A component the build could not decide is compiled in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct UndeterminedComponent {
    /// The component.
    pub component: String,
    /// Why it is undetermined.
    pub reason: String,
}

/// A gap of the declaration itself, not of a requirement: a certificate not yet issued, a
/// certification scheme no act specifies, a Union act without its OJ reference, the CE marking's
/// place not said.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct DeclarationGap {
    /// The validation code (docs/errors.md).
    pub code: String,
    /// The declaration field it is about.
    pub path: String,
    /// What is missing.
    pub message: String,
    /// The article or annex point.
    pub reference: String,
}

/// The gap report of one product.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct GapReport {
    /// Product name.
    pub product: String,
    /// Product version.
    pub version: String,
    /// Requirements with no claim, in catalogue order.
    pub not_assessed: Vec<NotAssessed>,
    /// Partially addressed claims, by component then requirement.
    pub partially_addressed: Vec<PartialClaim>,
    /// Whether the declaration is `complete` or still a `draft` (Art. 28(1)).
    pub status: ConformityStatus,
    /// Components the build could not decide are compiled in, by name.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub undetermined: Vec<UndeterminedComponent>,
    /// Known vulnerabilities of this version and audits that do not show there is none: each
    /// keeps I.2.a open (Annex I Part I(2)(a)).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub vulnerabilities: Vec<crate::known_vulnerabilities::VulnerabilityFinding>,
    /// Gaps of the declaration itself (Annex V, the procedure, the CE marking).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub declaration: Vec<DeclarationGap>,
}

impl GapReport {
    /// Whether there is nothing to report.
    pub fn is_empty(&self) -> bool {
        self.not_assessed.is_empty()
            && self.partially_addressed.is_empty()
            && self.undetermined.is_empty()
            && self.vulnerabilities.is_empty()
            && self.declaration.is_empty()
    }

    /// How many gaps there are (one line of [`GapReport::lines`] each).
    pub fn len(&self) -> usize {
        self.not_assessed.len()
            + self.partially_addressed.len()
            + self.undetermined.len()
            + self.vulnerabilities.len()
            + self.declaration.len()
    }

    /// One line per gap, for build warnings.
    pub fn lines(&self) -> Vec<String> {
        let mut lines: Vec<String> = self.not_assessed.iter().map(NotAssessed::line).collect();
        lines.extend(self.partially_addressed.iter().map(PartialClaim::line));
        lines.extend(self.undetermined.iter().map(UndeterminedComponent::line));
        lines.extend(self.vulnerabilities.iter().map(vulnerability_line));
        lines.extend(self.declaration.iter().map(DeclarationGap::line));
        lines
    }
}

impl NotAssessed {
    /// The gap in one line, as the build prints it.
    pub fn line(&self) -> String {
        fill(self.template())
    }

    /// The line's template, with `{0}`… for its parts, and the parts (SARIF message arguments).
    pub fn template(&self) -> (&'static str, Vec<String>) {
        (
            "requirement `{0}` ({1}) is not assessed: {2} ({3})",
            vec![self.requirement.to_string(), self.title.clone(), self.reason.clone(), self.reference.clone()],
        )
    }
}

impl PartialClaim {
    /// The gap in one line, as the build prints it.
    pub fn line(&self) -> String {
        fill(self.template())
    }

    /// The line's template and its parts, as [`NotAssessed::template`].
    pub fn template(&self) -> (&'static str, Vec<String>) {
        (
            "component `{0}` only partially addresses `{1}`: missing {2}",
            vec![self.component.clone(), self.requirement.to_string(), self.missing.clone()],
        )
    }
}

impl UndeterminedComponent {
    /// The gap in one line, as the build prints it.
    pub fn line(&self) -> String {
        fill(self.template())
    }

    /// The line's template and its parts, as [`NotAssessed::template`].
    pub fn template(&self) -> (&'static str, Vec<String>) {
        (
            "component `{0}` may or may not be compiled in: {1}; the run-time registry check (`declaration_tests!`) settles it",
            vec![self.component.clone(), self.reason.clone()],
        )
    }
}

impl DeclarationGap {
    /// The gap in one line, as the build prints it.
    pub fn line(&self) -> String {
        fill(self.template())
    }

    /// The line's template and its parts, as [`NotAssessed::template`].
    pub fn template(&self) -> (&'static str, Vec<String>) {
        ("{0} [{1}] ({2})", vec![self.message.clone(), self.code.clone(), self.reference.clone()])
    }
}

/// A template with its parts put in: `{n}` is part `n`, as in a SARIF message string.
fn fill((template, parts): (&str, Vec<String>)) -> String {
    let mut text = String::with_capacity(template.len() + parts.iter().map(String::len).sum::<usize>());
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        text.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        if let Some((close, part)) =
            after.find('}').and_then(|close| Some((close, parts.get(after[..close].parse::<usize>().ok()?)?)))
        {
            text.push_str(part);
            rest = &after[close + 1..];
        } else {
            text.push('{');
            rest = after;
        }
    }
    text.push_str(rest);
    text
}

/// A known vulnerability that keeps I.2.a open, in one line, as the build prints it.
pub fn vulnerability_line(v: &crate::known_vulnerabilities::VulnerabilityFinding) -> String {
    fill(vulnerability_template(v))
}

/// The line's template and its parts, as [`NotAssessed::template`].
pub fn vulnerability_template(v: &crate::known_vulnerabilities::VulnerabilityFinding) -> (&'static str, Vec<String>) {
    (
        "requirement `I.2.a` (no known exploitable vulnerabilities) is not met: {0}{1} ({2}; Annex I Part I(2)(a))",
        vec![
            if v.actively_exploited { "actively exploited: ".to_owned() } else { String::new() },
            v.reason.clone(),
            v.source.clone(),
        ],
    )
}

impl Declaration {
    /// The gap report, from one validation run.
    pub fn gap_report(&self) -> GapReport {
        let assessment = self.assess();
        self.gap_report_from(assessment.status, &assessment.findings)
    }

    /// [`Declaration::gap_report`] from a validation run already made.
    pub(crate) fn gap_report_from(&self, conformity: ConformityStatus, findings: &Findings) -> GapReport {
        let states = self.requirement_states();
        let not_assessed = states
            .iter()
            .filter(|(_, state)| **state == RequirementState::NotAssessed)
            .map(|(requirement, _)| NotAssessed {
                requirement: *requirement,
                title: requirement.info().title.to_owned(),
                reference: requirement.info().reference.to_owned(),
                reason: crate::validate::not_assessed_reason(self, *requirement),
            })
            .collect();
        let mut partially_addressed: Vec<PartialClaim> = self
            .components
            .iter()
            .flat_map(|c| c.claims.iter().map(move |claim| (c, claim)))
            .filter_map(|(c, claim)| match claim {
                Claim::PartiallyAddressed { requirement, missing, .. }
                    if states.get(requirement) == Some(&RequirementState::PartiallyAddressed) =>
                {
                    Some(PartialClaim {
                        component: c.name.clone(),
                        requirement: *requirement,
                        missing: missing.clone(),
                    })
                }
                _ => None,
            })
            .collect();
        partially_addressed
            .sort_by(|a, b| (&a.component, a.requirement, &a.missing).cmp(&(&b.component, b.requirement, &b.missing)));
        let mut undetermined: Vec<UndeterminedComponent> = self
            .components
            .iter()
            .filter_map(|c| {
                c.undetermined
                    .as_ref()
                    .map(|reason| UndeterminedComponent { component: c.name.clone(), reason: reason.clone() })
            })
            .collect();
        undetermined.sort_by(|a, b| (&a.component, &a.reason).cmp(&(&b.component, &b.reason)));
        GapReport {
            product: self.product.name.clone(),
            version: self.product.version.clone(),
            not_assessed,
            partially_addressed,
            status: conformity,
            undetermined,
            vulnerabilities: self.vulnerability_findings.clone(),
            declaration: crate::validate::declaration_gaps_in(findings)
                .into_iter()
                .map(|p| DeclarationGap {
                    code: p.code.as_str().to_owned(),
                    path: p.path,
                    message: p.message,
                    reference: p.reference,
                })
                .collect(),
        }
    }
}
