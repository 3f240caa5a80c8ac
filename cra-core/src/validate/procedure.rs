//! The conformity assessment route: the procedure the category allows (Art. 32), certification
//! schemes and levels (Art. 27(8)–(9)), the route for free and open-source software stewards
//! (Art. 32(5)) and the importer's duties (Art. 19).

use super::{Findings, Severity, ValidationCode, blank};
use crate::conformity::{AssuranceLevel, Procedure, ProcedureKind, check_procedure, scheme_act};
use crate::declaration::Declaration;

pub(super) fn check_procedure_rules(declaration: &Declaration, report: &mut Findings) {
    if let Err(error) = check_procedure(&declaration.assessment_facts(), &declaration.procedure) {
        report.push(
            Severity::Error,
            ValidationCode::ForbiddenProcedure,
            "procedure",
            format!("{}: {}", error.procedure, error.reason),
            &error.reference,
        );
    }
    let needs_body = matches!(declaration.procedure.kind(), ProcedureKind::ModuleBPlusC | ProcedureKind::ModuleH);
    if needs_body && declaration.notified_body.is_none() {
        report.push(
            Severity::Error,
            ValidationCode::MissingNotifiedBody,
            "notified_body",
            format!("{} involves a notified body, but none is named", declaration.procedure.kind()),
            "Annex V point 7; Annex VIII",
        );
    }
    if let Some(body) = declaration.notified_body.as_ref().filter(|b| needs_body && blank(b.certificate.as_ref())) {
        let what = crate::conformity::notified_body_certificate(declaration.procedure.kind()).unwrap_or("certificate");
        report.push(
            Severity::Gap,
            ValidationCode::CertificateNotIssued,
            "notified_body.certificate",
            format!(
                "the {what} issued by {} is not identified: until the notified body has issued it, the declaration is a draft",
                body.name
            ),
            "Annex V point 7; Annex VIII",
        );
    }
}

pub(super) fn check_certification(declaration: &Declaration, report: &mut Findings) {
    if let Procedure::EuCertification { scheme, level, certificate, designated_by } = &declaration.procedure {
        if scheme.trim().is_empty() {
            report.push(
                Severity::Error,
                ValidationCode::MissingCertificationScheme,
                "procedure.scheme",
                "the European cybersecurity certification scheme is not named",
                "Art. 32(1)(d); Annex V point 7",
            );
        } else if scheme_act(scheme).is_none() {
            report.push(
                Severity::Warning,
                ValidationCode::UnknownCertificationScheme,
                "procedure.scheme",
                format!(
                    "certification scheme `{scheme}` is not one cra-rs knows (EUCC, Implementing Regulation (EU) 2024/482); check that it is a European cybersecurity certification scheme adopted under Reg. (EU) 2019/881"
                ),
                "Art. 27(9); Art. 32(1)(d)",
            );
        }
        if blank(certificate.as_ref()) {
            report.push(
                Severity::Error,
                ValidationCode::MissingCertificate,
                "procedure.certificate",
                format!(
                    "the certificate under scheme `{scheme}` at level `{}` is not identified",
                    crate::conformity::level_name(*level)
                ),
                "Annex V point 7",
            );
        }
        // A scheme counts for this route only as specified by a delegated act under Art. 27(9)
        // (for critical products, the Art. 8(1) act); cra-rs presumes no scheme has one.
        if blank(designated_by.as_ref()) && declaration.delegated_act.is_none() && !scheme.trim().is_empty() {
            report.push(
                Severity::Gap,
                ValidationCode::SchemeNotDesignated,
                "procedure.designated_by",
                format!(
                    "no delegated act is named that specifies scheme `{scheme}` for the conformity assessment of this product: a European cybersecurity certification scheme is a route of Art. 32 only once a delegated act under Art. 27(9) (for a critical product, under Art. 8(1)) specifies it; name the act (`designated-by`) or choose another procedure"
                ),
                "Art. 27(9); Art. 32(1)(d), 32(3)(c)",
            );
        }
    }
    if let Some(act) = &declaration.delegated_act {
        if act.reference.trim().is_empty() {
            report.push(
                Severity::Error,
                ValidationCode::MissingDelegatedActReference,
                "delegated_act.reference",
                "the delegated act under Art. 8(1) has no reference",
                "Art. 8(1)",
            );
        }
        if act.level < AssuranceLevel::Substantial {
            report.push(
                Severity::Error,
                ValidationCode::DelegatedActLevelTooLow,
                "delegated_act.level",
                "a delegated act under Art. 8(1) requires assurance level `substantial` or higher",
                "Art. 8(1)",
            );
        }
    }
}

pub(super) fn check_foss_route(declaration: &Declaration, report: &mut Findings) {
    if !declaration.foss_with_public_documentation {
        return;
    }
    let licence = declaration.product.license.as_deref().unwrap_or("");
    let licence_ok = declaration.open_source_license() == Some(true);
    let documentation_ok = declaration.documentation_public();
    let source_ok = declaration.source_shared();
    if !(licence_ok && documentation_ok && source_ok) {
        let licence_part = if licence.trim().is_empty() {
            "no licence is recorded (the package's `license`)".to_owned()
        } else if licence_ok {
            format!("the licence `{licence}` is free and open-source")
        } else {
            format!(
                "the licence `{licence}` is not a free and open-source licence (no OSI-approved or FSF free/libre SPDX licence satisfies it)"
            )
        };
        let documentation_part = if documentation_ok {
            "the technical documentation is public".to_owned()
        } else {
            "no URL says where the technical documentation is public (`technical-documentation-url`)".to_owned()
        };
        let source_part = if source_ok {
            "the source code is openly shared"
        } else {
            "no URL says where the source code is openly shared (`source-code-url`; Art. 3(48))"
        };
        report.push(
            Severity::Error,
            ValidationCode::FossRouteUnsupported,
            "foss_with_public_documentation",
            format!(
                "the product relies on Art. 32(5), which needs free and open-source software (source code openly shared under a free and open-source licence, Art. 3(48)) with public technical documentation: {licence_part}; {source_part}; {documentation_part}"
            ),
            "Art. 32(5)",
        );
    }
}

/// The product's own risk assessment (Art. 13(2)–(4)): it covers the product, its intended and
/// foreseeable use and every Part I requirement, so a component's threat model or risk
/// assessment, filed as evidence of a claim, does not stand in for it.
/// The importer's identification with the product (Art. 19(4)): name, postal address and a
/// digital contact.
pub(super) fn check_importer(declaration: &Declaration, report: &mut Findings) {
    let Some(importer) = &declaration.importer else { return };
    let mut missing = Vec::new();
    if importer.name.trim().is_empty() {
        missing.push("name");
    }
    if blank(importer.postal_address.as_ref()) {
        missing.push("postal address");
    }
    if blank(importer.contact.as_ref()) {
        missing.push("email address or other digital contact");
    }
    if !missing.is_empty() {
        report.push(
            Severity::Error,
            ValidationCode::IncompleteImporter,
            "importer",
            format!(
                "the importer's {} is missing: the importer gives its name, postal address and digital contact with the product",
                missing.join(", ")
            ),
            "Art. 19(4)",
        );
    }
}
