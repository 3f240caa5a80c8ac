//! Vulnerability handling on the door lock hub's records (examples/door-lock-hub/security):
//! the CSAF advisories and VEX pass the OASIS CSAF 2.0 schema and the mandatory tests of BSI's
//! reference validator (`@secvisogram/csaf-validator-lib`, installed by `.ci/run` into
//! `tests/csaf-validator`), the CycloneDX VEX passes the official CycloneDX 1.6 schema and
//! names the SBOM's `bom-ref`s, and every output equals its checked-in copy under
//! `examples/door-lock-hub/expected/security/` (`CRA_BLESS=1` rewrites them).

use std::path::PathBuf;

use cra_core::report_clocks::Stage;
use cra_core::vuln::{self, CsafKind, Record};

use super::fixtures::{build_example, cra_outputs, workspace};
use super::sbom::assert_valid_cyclonedx;

fn example() -> PathBuf {
    workspace().join("examples/door-lock-hub")
}

pub(super) fn records() -> Vec<Record> {
    vuln::read_records(&example().join("security/vulnerabilities"))
        .unwrap()
        .into_iter()
        .map(|(path, record)| record.unwrap_or_else(|e| panic!("{}: {e}", path.display())))
        .collect()
}

pub(super) fn declaration() -> cra_core::Declaration {
    let text = std::fs::read_to_string(example().join("expected/door-lock-hub.declaration.json")).unwrap();
    cra_core::read::declaration_from_json(&text).unwrap().value
}

fn pretty(value: &serde_json::Value) -> String {
    let mut text = serde_json::to_string_pretty(value).unwrap();
    text.push('\n');
    text
}

/// One finding of the validator: its test (`6.3.8`), level, message and where.
#[derive(Debug, Clone)]
pub(super) struct Finding {
    test: String,
    level: String,
    message: String,
    at: String,
}

/// The validator's verdict on each file: `(file, valid, findings)`, every test run (schema,
/// mandatory, optional, informative).
pub(super) fn csaf_validator(files: &[PathBuf]) -> Option<Vec<(String, bool, Vec<Finding>)>> {
    let dir = workspace().join("tests/csaf-validator");
    if !dir.join("node_modules/@secvisogram/csaf-validator-lib").is_dir() {
        assert!(
            std::env::var_os("CI").is_none(),
            "the CSAF validator is not installed; CI must run it (.ci/run: npm ci --prefix tests/csaf-validator)"
        );
        eprintln!("skipping the CSAF validator: run `npm ci --prefix tests/csaf-validator`");
        return None;
    }
    let output = std::process::Command::new("node")
        .arg("validate.mjs")
        .args(files)
        .current_dir(&dir)
        .output()
        .expect("node runs");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(!stdout.trim().is_empty(), "the validator printed nothing: {}", String::from_utf8_lossy(&output.stderr));
    Some(
        stdout
            .lines()
            .map(|line| {
                let result: serde_json::Value = serde_json::from_str(line).unwrap();
                assert!(result["tests"].as_u64().unwrap() > 70, "every test ran: {line}");
                let mut findings = Vec::new();
                for test in result["failed"].as_array().unwrap() {
                    let name = test["name"].as_str().unwrap();
                    let number = name.rsplit("Test_").next().unwrap().replace('_', ".");
                    for level in ["errors", "warnings", "infos"] {
                        for item in test[level].as_array().into_iter().flatten() {
                            findings.push(Finding {
                                test: number.clone(),
                                level: level.trim_end_matches('s').to_owned(),
                                message: item["message"].as_str().unwrap_or_default().to_owned(),
                                at: item["instancePath"].as_str().unwrap_or_default().to_owned(),
                            });
                        }
                    }
                }
                (result["file"].as_str().unwrap().to_owned(), result["isValid"] == true, findings)
            })
            .collect(),
    )
}

/// The validator's findings docs/vulnerability-handling.md lists as staying, with why:
/// `(test, the message's start)`.
fn documented_exceptions() -> Vec<(String, String)> {
    let docs = std::fs::read_to_string(workspace().join("docs/vulnerability-handling.md")).unwrap();
    docs.lines()
        .filter_map(|line| {
            let cells: Vec<&str> = line.strip_prefix("| 6.")?.split(" | ").collect();
            Some((format!("6.{}", cells[0].trim()), cells.get(1)?.trim().trim_matches('`').to_owned()))
        })
        .collect()
}

#[test]
fn the_door_lock_hubs_advisories_vex_reports_and_security_txt_are_valid_and_match_their_copies() {
    let declaration = declaration();
    let records = records();
    assert_eq!(records.len(), 2);
    let expected = example().join("expected/security");
    let mut failures = Vec::new();
    let mut check = |name: String, text: &str| {
        if let Err(difference) = cra_core::testing::snapshot(&expected.join(&name), text) {
            failures.push(difference.to_string());
        }
        expected.join(name)
    };
    let mut csaf_files = Vec::new();
    for record in &records {
        for (kind, suffix) in [(CsafKind::SecurityAdvisory, "csaf.json"), (CsafKind::Vex, "vex.csaf.json")] {
            let document = vuln::csaf(record, &declaration, kind).unwrap();
            csaf_files.push(check(format!("{}.{suffix}", record.id.to_lowercase()), &pretty(&document)));
        }
        for stage in [Stage::EarlyWarning, Stage::Notification, Stage::FinalReport] {
            for report in vuln::report(record, &declaration, stage, "2026-11-28T00:00:00Z".parse().unwrap()).unwrap() {
                let stem = report.file_stem();
                check(format!("{stem}.json"), &pretty(&serde_json::to_value(&report).unwrap()));
                check(format!("{stem}.md"), &report.to_markdown());
            }
        }
    }
    // security.txt, checked in where the product's evidence points (II.5, II.6).
    let settings = vuln::SecurityTxt::from_manifest(&example().join("Cargo.toml")).unwrap();
    let text = vuln::security_txt(&declaration, &settings, "2026-11-28T00:00:00Z".parse().unwrap()).unwrap();
    if let Err(difference) = cra_core::testing::snapshot(&example().join("security/security.txt"), &text) {
        failures.push(difference.to_string());
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));

    // The other statuses too: affected without a fix, and under investigation.
    let dir = std::env::temp_dir().join(format!("cra-csaf-statuses-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let mut affected = vuln::read_record(&workspace().join("tests/fixtures/vuln-overdue/lh-2026-090.toml")).unwrap();
    for status in [vuln::Status::Affected, vuln::Status::UnderInvestigation] {
        affected.status = status;
        for kind in [CsafKind::SecurityAdvisory, CsafKind::Vex] {
            let path = dir.join(format!("{status:?}-{kind:?}.json"));
            std::fs::write(&path, pretty(&vuln::csaf(&affected, &declaration, kind).unwrap())).unwrap();
            csaf_files.push(path);
        }
    }
    if let Some(results) = csaf_validator(&csaf_files) {
        assert_eq!(results.len(), 8);
        for (file, valid, findings) in &results {
            assert!(valid, "{file} fails the CSAF validator: {findings:#?}");
        }
        // The door lock hub's documents: nothing but the documented exceptions, and each of
        // those still occurs (a fixed one is taken out of the docs).
        let exceptions = documented_exceptions();
        assert!(exceptions.len() >= 4, "the table was read: {exceptions:?}");
        let mut seen = vec![false; exceptions.len()];
        for (file, _, findings) in &results[..4] {
            for finding in findings {
                match exceptions
                    .iter()
                    .position(|(test, start)| *test == finding.test && finding.message.starts_with(start))
                {
                    Some(i) => seen[i] = true,
                    None => panic!(
                        "{file}: an undocumented finding of the CSAF validator: {} {} at {}: {}",
                        finding.test, finding.level, finding.at, finding.message
                    ),
                }
                assert_eq!(finding.level, "info", "{file}: only informative findings stay: {finding:?}");
            }
        }
        let stale: Vec<_> = exceptions.iter().zip(&seen).filter(|(_, seen)| !**seen).map(|(e, _)| e).collect();
        assert!(stale.is_empty(), "documented exceptions that no longer occur: {stale:?}");
        // The validator is not a rubber stamp: a VEX with an affected product and no action
        // statement, and a wrong version, fail its mandatory tests 6.1.16 and 6.1.27.10.
        let mut broken: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(&csaf_files[1]).unwrap()).unwrap();
        broken["vulnerabilities"][0].as_object_mut().unwrap().remove("remediations");
        broken["document"]["tracking"]["version"] = "2".into();
        let path = std::env::temp_dir().join(format!("cra-broken-{}.json", std::process::id()));
        std::fs::write(&path, pretty(&broken)).unwrap();
        let results = csaf_validator(std::slice::from_ref(&path)).unwrap();
        let tests: Vec<&str> = results[0].2.iter().map(|f| f.test.as_str()).collect();
        assert!(!results[0].1 && tests.contains(&"6.1.16") && tests.contains(&"6.1.27.10"), "{results:?}");
        std::fs::remove_file(path).unwrap();
    }
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn the_cyclonedx_vex_names_the_sboms_bom_refs_and_is_valid_cyclonedx() {
    let outputs = cra_outputs(&build_example("door-lock-hub", &[]), "door-lock-hub");
    let sbom: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(outputs.join("sbom.cdx.json")).unwrap()).unwrap();
    let vex_text = vuln::cyclonedx_vex(&records(), &sbom).unwrap();
    let vex: serde_json::Value = serde_json::from_str(&vex_text).unwrap();
    let copy = example().join("expected/security/door-lock-hub.vex.cdx.json");
    assert_valid_cyclonedx(&vex, &copy);
    cra_core::testing::snapshot(&copy, &vex_text).unwrap();
    let refs: Vec<&str> =
        vex["vulnerabilities"].as_array().unwrap().iter().map(|v| v["affects"][0]["ref"].as_str().unwrap()).collect();
    let serde_json_ref =
        sbom["components"].as_array().unwrap().iter().find(|c| c["name"] == "serde_json").unwrap()["bom-ref"]
            .as_str()
            .unwrap();
    assert_eq!(refs, [sbom["metadata"]["component"]["bom-ref"].as_str().unwrap(), serde_json_ref]);
    let states: Vec<&str> =
        vex["vulnerabilities"].as_array().unwrap().iter().map(|v| v["analysis"]["state"].as_str().unwrap()).collect();
    assert_eq!(states, ["resolved", "not_affected"]);
    assert_eq!(vex["vulnerabilities"][1]["analysis"]["justification"], "code_not_reachable");
    // A record naming a crate the SBOM does not list is refused, not bound to nothing.
    let mut stray = records()[1].clone();
    stray.dependency.as_mut().unwrap().name = "openssl".into();
    assert!(vuln::cyclonedx_vex(&[stray], &sbom).unwrap_err().to_string().contains("lists no `openssl`"));
}
