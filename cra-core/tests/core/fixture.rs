//! A complete, valid declaration of a smart door lock (Annex III Class I point 17) to start tests from.

use cra_core::catalogue::{Category, RequirementId};
use cra_core::claim::Claim;
use cra_core::conformity::Procedure;
use cra_core::declaration::{Component, Declaration, Interface, NotifiedBody, Party, Product, Signature};
use cra_core::evidence::{Evidence, EvidenceKind, Location};
use cra_core::support::SupportPeriod;
use jiff::civil::date;

pub fn evidence(kind: EvidenceKind, path: &str) -> Evidence {
    Evidence { kind, location: Location::Path(path.to_owned()), sha256: None, package: None }
}

pub fn addressed(requirement: RequirementId, path: &str) -> Claim {
    Claim::Addressed { requirement, evidence: vec![evidence(EvidenceKind::TestReport, path)] }
}

/// Every requirement addressed by one of two components, and a valid Module B + C set-up.
pub fn door_lock() -> Declaration {
    let mut declaration = Declaration::new(
        Product {
            name: "LockHub".into(),
            product_type: "LH-200".into(),
            identification: "LH-200 firmware 2.1.0".into(),
            version: "2.1.0".into(),
            intended_purpose: "Hub controlling smart door locks in private homes".into(),
            essential_functions: vec!["lock and unlock doors".into()],
            security_properties: vec!["only paired keys unlock".into()],
            license: None,
        },
        Party {
            name: "Example Locks GmbH".into(),
            postal_address: Some("Hauptstrasse 1, 10115 Berlin, Germany".into()),
            contact: Some("support@lockmaker.eu".into()),
            website: Some("https://lockmaker.eu".into()),
        },
        "III.I.17".parse::<Category>().unwrap(),
        Procedure::ModuleBPlusC,
        SupportPeriod {
            placed_on_market: date(2027, 12, 11),
            end: "2033-12".parse().unwrap(),
            shorter_period_justification: None,
            expected_use_time: None,
            reasoning: std::collections::BTreeMap::new(),
        },
    );
    declaration.vulnerability_handling.single_point_of_contact = Some("psirt@lockmaker.eu".into());
    declaration.vulnerability_handling.cvd_policy_url = Some("https://lockmaker.eu/cvd".into());
    declaration.notified_body = Some(NotifiedBody {
        name: "Example Notified Body".into(),
        number: "0000".into(),
        certificate: Some("EU-TEC-0001".into()),
    });
    declaration.user_information.declaration_url = Some("https://lockmaker.eu/doc/lh-200".into());
    declaration.user_information.instructions_url = Some("https://lockmaker.eu/doc/lh-200/instructions".into());
    declaration.user_information.technical_support = Some("security updates over the air".into());
    declaration.user_information.foreseeable_risks = vec!["an unpaired phone near the door".into()];
    declaration.risk_assessment = Some(Location::Path("docs/risk-assessment.md".into()));
    declaration.ce_marking = Some(cra_core::ce_marking::CeMarking::Product);
    let (part_one, part_two): (Vec<&RequirementId>, Vec<&RequirementId>) =
        RequirementId::ALL.iter().partition(|r| r.as_str().starts_with("I."));
    declaration.components = vec![
        Component {
            name: "lock-control".into(),
            description: "Controls the lock actuator".into(),
            version: "2.1.0".into(),
            crate_name: Some("lockhub".into()),
            claims: part_one.into_iter().map(|r| addressed(*r, "docs/tests/lock.md")).collect(),
            depends_on: vec!["updater".into()],
            interfaces: vec![Interface { name: "ble".into(), description: "Bluetooth LE pairing".into() }],
            undetermined: None,
        },
        Component {
            name: "updater".into(),
            description: "Signed firmware updates".into(),
            version: "2.1.0".into(),
            crate_name: Some("lockhub".into()),
            claims: part_two.into_iter().map(|r| addressed(*r, "docs/process/psirt.md")).collect(),
            depends_on: vec![],
            interfaces: vec![],
            undetermined: None,
        },
    ];
    declaration.signature = Some(Signature {
        signed_for: "Example Locks GmbH".into(),
        place: "Berlin".into(),
        date: date(2027, 11, 30),
        name: "A. Example".into(),
        function: "Managing Director".into(),
        additional_information: None,
    });
    declaration.normalize();
    declaration
}
