//! End-to-end tests of the `cargo cra` binary.

use std::process::{Command, Output};

fn cargo_cra(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_cargo-cra")).arg("cra").args(args).output().expect("cargo-cra runs")
}

fn stdout_of(args: &[&str]) -> String {
    let output = cargo_cra(args);
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    String::from_utf8(output.stdout).unwrap()
}

/// What GitHub code scanning would say of a SARIF log: Microsoft's SARIF multitool (installed by
/// .ci/run into `tests/sarif-multitool`) with the rule kinds `Sarif` and `Ghas`, every finding
/// above a note as `level ruleId: message`. `None` when the tool is not installed outside CI.
fn code_scanning_findings(log: &serde_json::Value, name: &str) -> Option<Vec<String>> {
    let workspace = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap().to_path_buf();
    let tool = workspace.join("tests/sarif-multitool/node_modules/@microsoft/sarif-multitool-linux/Sarif.Multitool");
    if !tool.is_file() {
        assert!(
            std::env::var_os("CI").is_none(),
            "the SARIF multitool is not installed; CI must run it (.ci/run: npm ci --prefix tests/sarif-multitool)"
        );
        eprintln!("skipping the SARIF multitool: run `npm ci --prefix tests/sarif-multitool`");
        return None;
    }
    let dir = std::env::temp_dir().join(format!("cra-sarif-{}-{name}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let input = dir.join(format!("{name}.sarif"));
    let output = dir.join(format!("{name}.validation.sarif"));
    std::fs::write(&input, serde_json::to_vec_pretty(log).unwrap()).unwrap();
    let run = Command::new(&tool)
        .args(["validate", "--rule-kind", "Sarif;Ghas", "--level", "Error;Warning;Note", "-o"])
        .arg(&output)
        .arg(&input)
        .env("DOTNET_SYSTEM_GLOBALIZATION_INVARIANT", "1")
        .output()
        .unwrap();
    let validation: serde_json::Value = serde_json::from_slice(&std::fs::read(&output).unwrap_or_default())
        .unwrap_or_else(|e| panic!("the multitool wrote no log ({e}): {}", String::from_utf8_lossy(&run.stdout)));
    let _ = std::fs::remove_dir_all(&dir);
    let results = validation["runs"][0]["results"].as_array().cloned().unwrap_or_default();
    assert!(run.status.success() || !results.is_empty(), "{}", String::from_utf8_lossy(&run.stdout));
    Some(
        results
            .iter()
            .filter(|r| r["level"] != "note")
            .map(|r| format!("{} {}: {}", r["level"], r["ruleId"], r["message"]["arguments"]))
            .collect(),
    )
}

#[test]
fn catalogue_lists_every_requirement_category_and_procedure() {
    let text = stdout_of(&["catalogue"]);
    for needle in
        ["I.1 ", "I.2.m", "II.8", "secure_by_default", "III.I.19", "III.II.4", "IV.3", "Module B + C", "2027-12-11"]
    {
        assert!(text.contains(needle), "missing {needle}");
    }
}

#[test]
fn catalogue_json_has_22_requirements_26_categories_4_procedures() {
    let json: serde_json::Value = serde_json::from_str(&stdout_of(&["catalogue", "--json"])).unwrap();
    assert_eq!(json["requirements"].as_array().unwrap().len(), 22);
    assert_eq!(json["categories"].as_array().unwrap().len(), 26);
    assert_eq!(json["procedures"].as_array().unwrap().len(), 4);
    assert_eq!(json["requirements"][4]["id"], "I.2.d");
    assert_eq!(json["requirements"][4]["name"], "access_control");
}

#[test]
fn schema_prints_the_declaration_schema() {
    assert_eq!(stdout_of(&["schema"]), cra_core::schema::declaration_schema_json());
}

#[test]
fn unknown_command_is_an_error_with_usage() {
    let output = cargo_cra(&["catalog"]);
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("unrecognized subcommand 'catalog'"), "{stderr}");
    assert!(stderr.contains("catalogue"), "{stderr}");
}

/// `cargo cra build` builds an example product and names its outputs; `cargo cra extract` reads
/// the same declaration back out of the binary's link section without running it.
#[test]
fn build_names_the_outputs_and_extract_reads_the_embedded_declaration() {
    let workspace = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap().to_path_buf();
    let target = nested_target();
    let output = Command::new(env!("CARGO_BIN_EXE_cargo-cra"))
        .args(["cra", "build", "-p", "ledger-desktop"])
        .current_dir(&workspace)
        .env("CARGO_TARGET_DIR", &target)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(output.status.success(), "{stdout}{}", String::from_utf8_lossy(&output.stderr));
    assert!(
        stdout.contains("\nLedger Desktop 3.4.0 — category default, Module A (internal control); 4 components"),
        "{stdout}"
    );
    assert!(stdout.contains("gap: requirement `I.2.k`"), "{stdout}");
    assert!(stdout.contains("DRAFT: 3 open item(s)"), "{stdout}");
    let conformity = target.join("cra/ledger-desktop/documents/eu-declaration-of-conformity.html");
    assert!(stdout.contains(&conformity.display().to_string()), "{stdout}");
    assert!(std::fs::read_to_string(&conformity).unwrap().contains("DRAFT"));
    // Each gap once: Cargo's copy of the build script's warnings is left out.
    assert!(!String::from_utf8_lossy(&output.stderr).contains("cra: requirement `I.2.k`"));
    let strict = Command::new(env!("CARGO_BIN_EXE_cargo-cra"))
        .args(["cra", "build", "-p", "ledger-desktop", "--strict"])
        .current_dir(&workspace)
        .env("CARGO_TARGET_DIR", &target)
        .output()
        .unwrap();
    assert_eq!(strict.status.code(), Some(1), "gaps fail --strict");
    let declaration_path = stdout
        .lines()
        .find_map(|l| l.trim().strip_prefix("declaration").map(str::trim))
        .expect("the declaration's path is printed");
    let declaration = std::fs::read_to_string(declaration_path).unwrap();
    let snapshot =
        std::fs::read_to_string(workspace.join("examples/ledger-desktop/expected/ledger-desktop.declaration.json"))
            .unwrap();
    assert_eq!(declaration, snapshot);
    assert_eq!(std::path::Path::new(declaration_path), target.join("cra/ledger-desktop/declaration.json"));
    let binary = target.join("debug").join(format!("ledger-desktop{}", std::env::consts::EXE_SUFFIX));
    // The final SBOM carries the built binary's SHA-512.
    assert!(stdout.contains("(final: with the hashes of"), "{stdout}");
    let sbom: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(target.join("cra/ledger-desktop/sbom.cdx.json")).unwrap())
            .unwrap();
    let sha512 = {
        use sha2::Digest;
        use std::fmt::Write;
        sha2::Sha512::digest(std::fs::read(&binary).unwrap()).iter().fold(String::new(), |mut s, b| {
            let _ = write!(s, "{b:02x}");
            s
        })
    };
    assert_eq!(sbom["metadata"]["component"]["hashes"][0]["content"], sha512.as_str());
    assert_eq!(stdout_of(&["extract", binary.to_str().unwrap()]), declaration);
    // The documents straight from the binary.
    let from_binary = std::env::temp_dir().join(format!("cra-render-binary-{}", std::process::id()));
    let rendered = cargo_cra(&["render", binary.to_str().unwrap(), "--out", from_binary.to_str().unwrap()]);
    assert!(rendered.status.success(), "{}", String::from_utf8_lossy(&rendered.stderr));
    assert!(from_binary.join("eu-declaration-of-conformity.html").is_file());
    std::fs::remove_dir_all(from_binary).unwrap();
    let not_embedded = cargo_cra(&["extract", env!("CARGO_BIN_EXE_cargo-cra")]);
    assert!(!not_embedded.status.success());
    assert!(String::from_utf8_lossy(&not_embedded.stderr).contains("has no embedded cra-rs declaration"));
    // A package without the build line: the error names what to add, not a guess.
    let library = Command::new(env!("CARGO_BIN_EXE_cargo-cra"))
        .args(["cra", "build", "-p", "lock-ble"])
        .current_dir(&workspace)
        .env("CARGO_TARGET_DIR", &target)
        .output()
        .unwrap();
    assert_eq!(library.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&library.stderr);
    assert!(
        stderr.contains(
            "package `lock-ble` has no `cra-build` in [build-dependencies], so its build writes no declaration"
        ),
        "{stderr}"
    );
}

/// The door lock's cloud component is declared only in a build with the `cloud` feature.
#[test]
fn a_feature_gated_component_is_declared_only_when_its_feature_is_on() {
    let workspace = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap().to_path_buf();
    let build = |extra: &[&str]| {
        let output = Command::new(env!("CARGO_BIN_EXE_cargo-cra"))
            .args(["cra", "build", "-p", "door-lock-hub", "--"])
            .args(extra)
            .current_dir(&workspace)
            .env("CARGO_TARGET_DIR", nested_target())
            .output()
            .unwrap();
        assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
        String::from_utf8(output.stdout).unwrap()
    };
    let without = build(&[]);
    assert!(without.contains("; 5 components"), "{without}");
    let with = build(&["--features", "cloud"]);
    assert!(with.contains("; 6 components"), "{with}");
    let declaration_path = with.lines().find_map(|l| l.trim().strip_prefix("declaration").map(str::trim)).unwrap();
    assert!(std::fs::read_to_string(declaration_path).unwrap().contains("\"name\": \"cloud-sync\""));
}

/// `cargo cra check`: exit 1 with `--strict` on a product with gaps, 0 on a complete one, the
/// gaps printed once; SARIF output valid against the SARIF 2.1.0 schema with each gap at a
/// source line.
#[test]
fn check_exit_status_follows_gaps_and_strict_and_sarif_is_valid() {
    let workspace = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap().to_path_buf();
    let check = |args: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_cargo-cra"))
            .args(["cra", "check"])
            .args(args)
            .current_dir(&workspace)
            .env("CARGO_TARGET_DIR", nested_target())
            .output()
            .unwrap()
    };
    let strict = check(&["-p", "ledger-desktop", "--strict"]);
    let text = String::from_utf8_lossy(&strict.stdout);
    assert_eq!(strict.status.code(), Some(1), "{text}");
    assert_eq!(text.matches("gap: component `ledger-store` only partially addresses `I.2.l`").count(), 1, "{text}");
    assert_eq!(check(&["-p", "ledger-desktop"]).status.code(), Some(0));
    assert_eq!(check(&["-p", "firewall-appliance", "--strict"]).status.code(), Some(0));

    let sarif = check(&["-p", "ledger-desktop", "--format", "sarif"]);
    let log: serde_json::Value = serde_json::from_slice(&sarif.stdout).unwrap();
    let schema: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(workspace.join("tests/fixtures/sarif/sarif-schema-2.1.0.json")).unwrap(),
    )
    .unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    let errors: Vec<String> = validator.iter_errors(&log).map(|e| format!("{e} at {}", e.instance_path())).collect();
    assert!(errors.is_empty(), "{errors:#?}");
    let results: Vec<&serde_json::Value> = log["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["level"] == "warning" && r["ruleId"] != "no_audit" && r["ruleId"] != "reserved_domain")
        .filter(|r| r["ruleId"] != "unsigned_declaration")
        .collect();
    assert_eq!(results.len(), 3, "{results:#?}");
    let partial = results.iter().find(|r| r["ruleId"] == "partially_addressed").unwrap();
    assert_eq!(partial["message"]["id"], "default");
    assert_eq!(partial["message"]["arguments"][1], "I.2.l", "the message's parts: {partial}");
    let place = &partial["locations"][0]["physicalLocation"];
    assert_eq!(place["artifactLocation"]["uri"], "examples/ledger-desktop/src/storage.rs");
    let line = usize::try_from(place["region"]["startLine"].as_u64().unwrap()).unwrap();
    let source = std::fs::read_to_string(workspace.join("examples/ledger-desktop/src/storage.rs")).unwrap();
    assert!(source.lines().nth(line - 1).unwrap().contains("pub struct"), "line {line} is the component's type");
    let bad = validator.iter_errors(&serde_json::json!({"version": "2.1.0", "runs": [{"results": []}]})).count();
    assert!(bad > 0, "the schema check rejects a run without a tool");
    // Every rule carries the catalogue's help, as code scanning requires.
    for rule in log["runs"][0]["tool"]["driver"]["rules"].as_array().unwrap() {
        for key in ["shortDescription", "fullDescription"] {
            assert!(rule[key]["text"].as_str().is_some_and(|t| t.len() > 10), "{key} of {rule}");
        }
        assert!(rule["help"]["markdown"].as_str().unwrap().contains("**Fix:**"), "{rule}");
    }
    // The same fingerprint on a second run: an alert stays the same alert.
    let again: serde_json::Value =
        serde_json::from_slice(&check(&["-p", "ledger-desktop", "--format", "sarif"]).stdout).unwrap();
    assert_eq!(again["runs"][0]["results"], log["runs"][0]["results"]);
    assert!(partial["partialFingerprints"]["craResult/v1"].as_str().is_some_and(|f| f.len() == 64));
    if let Some(findings) = code_scanning_findings(&log, "gaps") {
        assert!(findings.is_empty(), "{findings:#?}");
        // The check sees what code scanning refuses: a rule without its help.
        let mut bare = log.clone();
        bare["runs"][0]["tool"]["driver"]["rules"][0].as_object_mut().unwrap().remove("help");
        let refused = code_scanning_findings(&bare, "bare").unwrap();
        assert!(refused.iter().any(|f| f.contains("GH2012")), "{refused:#?}");
    }
}

/// `cargo cra check` in a product's folder (no `-p`): a mistake in `#[cra(...)]` is exit status
/// 2 with the file, line and column; once fixed, 0.
#[test]
fn check_finds_the_current_package_and_reports_errors_with_status_2() {
    let workspace = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap().to_path_buf();
    let dir = std::env::temp_dir().join(format!("cra-check-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("src")).unwrap();
    let component = workspace.join("cra-component").display().to_string();
    let derive = workspace.join("cra-derive").display().to_string();
    // cra-build without `in-process`: the build script runs the generator `cargo cra check` offers.
    let build = workspace.join("cra-build").display().to_string();
    std::fs::write(
        dir.join("Cargo.toml"),
        format!(
            "[package]\nname = \"checked\"\nversion = \"0.1.0\"\nedition = \"2024\"\n\n[dependencies]\ncra-component = {{ path = {component:?} }}\ncra-derive = {{ path = {derive:?} }}\n\n[build-dependencies]\ncra-build = {{ path = {build:?} }}\n\n[workspace]\n\n[package.metadata.cra]\ntype = \"C-1\"\nintended-purpose = \"test\"\ncategory = \"default\"\nprocedure = \"module_a\"\nplaced-on-market = \"2027-12-11\"\nsupport-end = \"2032-12\"\nrisk-assessment = \"https://example.test/risk\"\nvulnerability-contact = \"psirt@example.test\"\ncvd-policy-url = \"https://example.test/cvd\"\n\n[package.metadata.cra.manufacturer]\nname = \"Test GmbH\"\npostal-address = \"Teststrasse 1, Berlin\"\ncontact = \"support@example.test\"\n"
        ),
    )
    .unwrap();
    std::fs::copy(workspace.join("Cargo.lock"), dir.join("Cargo.lock")).unwrap();
    std::fs::write(dir.join("build.rs"), "fn main() {\n    cra_build::main();\n}\n").unwrap();
    std::fs::write(dir.join("evidence.md"), "report\n").unwrap();
    let lib = "/// Lock.\n#[derive(cra_derive::CraComponent)]\n#[cra(addresses(acess_control, evidence(test_report = \"evidence.md\")))]\npub struct Lock;\n";
    std::fs::write(dir.join("src/lib.rs"), lib).unwrap();
    let check = || {
        Command::new(env!("CARGO_BIN_EXE_cargo-cra"))
            .args(["cra", "check"])
            .current_dir(&dir)
            .env("CARGO_TARGET_DIR", nested_target())
            .output()
            .unwrap()
    };
    let failed = check();
    let text = String::from_utf8_lossy(&failed.stdout);
    assert_eq!(failed.status.code(), Some(2), "{text}{}", String::from_utf8_lossy(&failed.stderr));
    assert!(
        text.contains(&format!(
            "error: {}:3:17: unknown requirement `acess_control`",
            dir.join("src/lib.rs").display()
        )),
        "{text}"
    );
    assert!(text.contains("checked: 1 error(s)"), "{text}");
    std::fs::write(dir.join("src/lib.rs"), lib.replace("acess_control", "access_control")).unwrap();
    let fixed = check();
    assert_eq!(fixed.status.code(), Some(0), "{}", String::from_utf8_lossy(&fixed.stdout));
    std::fs::remove_dir_all(&dir).unwrap();
}

/// `cargo cra verify`: the ledger's binary and declaration agree and every evidence digest holds
/// (0); an evidence file whose recorded digest no longer matches is named with both digests (2);
/// a binary whose embedded declaration is not the file is reported (2).
#[test]
fn verify_rehashes_evidence_and_compares_the_embedded_declaration() {
    let workspace = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap().to_path_buf();
    let target = nested_target();
    let built = Command::new(env!("CARGO_BIN_EXE_cargo-cra"))
        .args(["cra", "build", "-p", "ledger-desktop"])
        .current_dir(&workspace)
        .env("CARGO_TARGET_DIR", &target)
        .output()
        .unwrap();
    assert!(built.status.success(), "{}", String::from_utf8_lossy(&built.stderr));
    let declaration = target.join("cra/ledger-desktop/declaration.json");
    let binary = target.join("debug").join(format!("ledger-desktop{}", std::env::consts::EXE_SUFFIX));
    let verify = |inputs: &[&std::path::Path]| {
        Command::new(env!("CARGO_BIN_EXE_cargo-cra"))
            .args(["cra", "verify"])
            .args(inputs)
            .arg("--root")
            .arg(&workspace)
            .output()
            .unwrap()
    };
    let ok = verify(&[&binary, &declaration]);
    let text = String::from_utf8_lossy(&ok.stdout);
    assert_eq!(ok.status.code(), Some(0), "{text}{}", String::from_utf8_lossy(&ok.stderr));
    assert!(text.contains("verified"), "{text}");

    let original = std::fs::read_to_string(&declaration).unwrap();
    // Files are counted once, however many claims name them.
    let parsed: serde_json::Value = serde_json::from_str(&original).unwrap();
    let mut files = std::collections::BTreeSet::new();
    let mut references = 0;
    for component in parsed["components"].as_array().unwrap() {
        for claim in component["claims"].as_array().unwrap() {
            for evidence in claim["evidence"].as_array().into_iter().flatten() {
                if let (Some(path), Some(root)) =
                    (evidence["location"]["path"].as_str(), evidence["package"]["root"].as_str())
                {
                    files.insert((root.to_owned(), path.to_owned()));
                    references += 1;
                }
            }
        }
    }
    assert!(files.len() < references, "the example names a file from several claims");
    assert!(
        text.contains(&format!("{} evidence file(s) checked ({references} reference(s) from claims)", files.len())),
        "{text}"
    );
    let mut value: serde_json::Value = serde_json::from_str(&original).unwrap();
    let evidence = &mut value["components"][0]["claims"][0]["evidence"][0];
    let path = evidence["location"]["path"].as_str().unwrap().to_owned();
    let actual = evidence["sha256"].as_str().unwrap().to_owned();
    evidence["sha256"] = serde_json::json!("0".repeat(64));
    let edited = std::env::temp_dir().join(format!("cra-verify-{}.json", std::process::id()));
    std::fs::write(&edited, serde_json::to_string_pretty(&value).unwrap()).unwrap();
    let changed = verify(&[&edited]);
    let text = String::from_utf8_lossy(&changed.stdout);
    assert_eq!(changed.status.code(), Some(2), "{text}");
    assert!(text.contains(&path) && text.contains(&format!("recorded {}, now {actual}", "0".repeat(64))), "{text}");
    let differs = verify(&[&binary, &edited]);
    assert_eq!(differs.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&differs.stdout).contains("differs: the declaration in"));
    std::fs::remove_file(edited).unwrap();
}

/// `cargo cra diff`: a removed component, a changed evidence digest, a requirement that lost its
/// only claim (a Part I change, with the Art. 3(30) hint) and crates of two SBOMs.
#[test]
fn diff_names_what_changed_and_hints_at_substantial_modifications() {
    let workspace = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap().to_path_buf();
    let old = workspace.join("examples/ledger-desktop/expected/ledger-desktop.declaration.json");
    let mut value: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&old).unwrap()).unwrap();
    let components = value["components"].as_array_mut().unwrap();
    let updater = components.iter().position(|c| c["name"] == "Updater").unwrap();
    let removed = components.remove(updater);
    components[0]["claims"][0]["evidence"][0]["sha256"] = serde_json::json!("1".repeat(64));
    let dir = std::env::temp_dir().join(format!("cra-diff-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let new = dir.join("new.json");
    std::fs::write(&new, serde_json::to_string_pretty(&value).unwrap()).unwrap();
    let sbom = |crates: &[(&str, &str)]| {
        let components: Vec<serde_json::Value> =
            crates.iter().map(|(n, v)| serde_json::json!({"type": "library", "name": n, "version": v})).collect();
        serde_json::json!({"bomFormat": "CycloneDX", "specVersion": "1.6", "components": components}).to_string()
    };
    std::fs::write(dir.join("old.cdx.json"), sbom(&[("serde", "1.0.1"), ("itoa", "1.0.0")])).unwrap();
    std::fs::write(dir.join("new.cdx.json"), sbom(&[("serde", "1.0.2"), ("memchr", "2.7.0")])).unwrap();
    let text = stdout_of(&[
        "diff",
        old.to_str().unwrap(),
        new.to_str().unwrap(),
        "--sbom",
        dir.join("old.cdx.json").to_str().unwrap(),
        dir.join("new.cdx.json").to_str().unwrap(),
    ]);
    let first_claim = removed["claims"][0]["requirement"].as_str().unwrap();
    assert!(text.contains(&format!("removed  component Updater ({})", removed["version"].as_str().unwrap())), "{text}");
    assert!(text.contains(&format!("changed  requirement {first_claim}: addressed -> not assessed\n         hint: may affect compliance with Annex I Part I")), "{text}");
    assert!(text.contains("changed  evidence ledger-security / "), "{text}");
    assert!(text.contains("changed  crate serde: 1.0.1 -> 1.0.2"), "{text}");
    assert!(text.contains("removed  crate itoa (1.0.0)") && text.contains("added    crate memchr (2.7.0)"), "{text}");
    let json: serde_json::Value =
        serde_json::from_str(&stdout_of(&["diff", old.to_str().unwrap(), new.to_str().unwrap(), "--json"])).unwrap();
    assert!(
        json.as_array()
            .unwrap()
            .iter()
            .any(|c| c["kind"] == "component" && c["subject"] == "Updater" && c["after"].is_null())
    );
    std::fs::remove_dir_all(dir).unwrap();
}

/// `cargo cra init` on a fresh `cargo new` crate: the manifest keeps its comment, the product
/// then builds and its `declaration_tests!` passes; a second run changes nothing; an existing
/// `build.rs` of its own is refused with advice.
#[test]
fn init_makes_a_fresh_crate_a_product_that_builds_and_is_idempotent() {
    let workspace = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap().to_path_buf();
    let root = std::env::temp_dir().join(format!("cra-init-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&root);
    std::fs::create_dir_all(&root).unwrap();
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let created =
        Command::new(&cargo).args(["new", "--quiet", "--vcs", "none", "gadget"]).current_dir(&root).output().unwrap();
    assert!(created.status.success(), "{}", String::from_utf8_lossy(&created.stderr));
    let dir = root.join("gadget");
    let manifest = dir.join("Cargo.toml");
    let original = std::fs::read_to_string(&manifest).unwrap();
    std::fs::write(&manifest, format!("{original}# kept by init\n")).unwrap();
    let init = || {
        Command::new(env!("CARGO_BIN_EXE_cargo-cra"))
            .args(["cra", "init", "--manufacturer", "Gadget GmbH", "--cra-path"])
            .arg(&workspace)
            .current_dir(&dir)
            .output()
            .unwrap()
    };
    let first = init();
    assert!(first.status.success(), "{}", String::from_utf8_lossy(&first.stderr));
    let edited = std::fs::read_to_string(&manifest).unwrap();
    assert!(edited.contains("# kept by init") && edited.contains("[package.metadata.cra]"), "{edited}");
    let files =
        || std::fs::read_to_string(&manifest).unwrap() + &std::fs::read_to_string(dir.join("src/main.rs")).unwrap();
    let before = files();
    let second = init();
    assert!(String::from_utf8_lossy(&second.stdout).contains("nothing to do"));
    assert_eq!(files(), before, "a second run changes nothing");

    std::fs::copy(workspace.join("Cargo.lock"), dir.join("Cargo.lock")).unwrap();
    placeholders_fail_the_check_until_each_is_written(&dir, &manifest);
    // The build script init wrote runs the generator as a program (cra-build without
    // `in-process`): this test's own cargo-cra.
    let generator = env!("CARGO_BIN_EXE_cargo-cra");
    let tested = Command::new(&cargo)
        .args(["test", "--quiet"])
        .current_dir(&dir)
        .env("CARGO_TARGET_DIR", nested_target())
        .env("CRA_GENERATOR", generator)
        .output()
        .unwrap();
    let text = format!("{}{}", String::from_utf8_lossy(&tested.stdout), String::from_utf8_lossy(&tested.stderr));
    assert!(tested.status.success(), "{text}");
    assert!(text.contains("test result: ok. 1 passed"), "{text}");

    the_generator_program_writes_what_the_generator_compiled_in_writes(&dir, &workspace, generator);

    // Module B + C: init writes the notified body the procedure needs (Annex V point 7).
    let created =
        Command::new(&cargo).args(["new", "--quiet", "--vcs", "none", "lockhub"]).current_dir(&root).output().unwrap();
    assert!(created.status.success());
    let written = Command::new(env!("CARGO_BIN_EXE_cargo-cra"))
        .args(["cra", "init", "--category", "III.I.17", "--procedure", "module_b_plus_c"])
        .current_dir(root.join("lockhub"))
        .output()
        .unwrap();
    assert!(written.status.success(), "{}", String::from_utf8_lossy(&written.stderr));
    let lockhub = std::fs::read_to_string(root.join("lockhub/Cargo.toml")).unwrap();
    assert!(
        lockhub.contains("[package.metadata.cra.notified-body]") && lockhub.contains("number = \"FILL IN"),
        "{lockhub}"
    );

    std::fs::write(dir.join("build.rs"), "fn main() {}\n").unwrap();
    let refused = init();
    assert_eq!(refused.status.code(), Some(2));
    let advice = String::from_utf8_lossy(&refused.stderr);
    assert!(advice.contains("add `cra_build::main();`"), "{advice}");
    assert!(
        advice.contains("ends Cargo's default")
            && advice.contains(".watch_package(true)")
            && advice.contains(".git/HEAD"),
        "the advice says what the line changes and how to keep the old reruns: {advice}"
    );
    std::fs::remove_dir_all(root).unwrap();
}

/// What init wrote is not a declaration yet: every placeholder is an error at its key or file,
/// and `check --strict` fails until each is replaced; then the test writes them.
fn placeholders_fail_the_check_until_each_is_written(dir: &std::path::Path, manifest: &std::path::Path) {
    // What init wrote is not a declaration yet: every placeholder is an error at its key or
    // file, and `check --strict` fails until each is replaced.
    let check = Command::new(env!("CARGO_BIN_EXE_cargo-cra"))
        .args(["cra", "check", "--strict"])
        .current_dir(dir)
        .env("CARGO_TARGET_DIR", nested_target())
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&check.stdout);
    assert_eq!(check.status.code(), Some(2), "{text}{}", String::from_utf8_lossy(&check.stderr));
    for key in [
        "type",
        "intended-purpose",
        "placed-on-market",
        "support-end",
        "vulnerability-contact",
        "cvd-policy-url",
        "ce-marking",
        "manufacturer.postal-address",
        "manufacturer.contact",
    ] {
        assert!(text.contains(&format!("`package.metadata.cra.{key}` is still a placeholder")), "{key}: {text}");
    }
    let manifest_text = std::fs::read_to_string(manifest).unwrap();
    let filled = manifest_text
        .replace("type = \"FILL IN\"", "type = \"G-1\"")
        .replace("intended-purpose = \"FILL IN\"", "intended-purpose = \"a gadget\"")
        .replace("\"FILL IN: YYYY-MM-DD\"", "\"2027-12-11\"")
        .replace("\"FILL IN: YYYY-MM\"", "\"2032-12\"")
        .replace("vulnerability-contact = \"FILL IN: email or URL\"", "vulnerability-contact = \"psirt@gadget.eu\"")
        .replace("\"FILL IN: https://...\"", "\"https://gadget.eu/cvd\"")
        .replace("\"FILL IN: product, packaging_and_declaration or declaration\"", "\"declaration\"")
        .replace("postal-address = \"FILL IN\"", "postal-address = \"Gadgetweg 1, Berlin\"")
        .replace("contact = \"FILL IN: email or URL\"", "contact = \"support@gadget.eu\"");
    assert!(!filled.contains("FILL IN"), "{filled}");
    std::fs::write(manifest, filled).unwrap();
    let check = Command::new(env!("CARGO_BIN_EXE_cargo-cra"))
        .args(["cra", "check"])
        .current_dir(dir)
        .env("CARGO_TARGET_DIR", nested_target())
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&check.stdout);
    assert_eq!(check.status.code(), Some(2), "the evidence templates: {text}");
    assert!(text.contains("is still a template"), "{text}");
    for file in ["evidence/risk-assessment.md", "evidence/vulnerability-handling.md"] {
        std::fs::write(dir.join(file), "# Written\n\nThe assessment as the manufacturer wrote it.\n").unwrap();
    }
}

/// `cargo cra build` of a fork: a product `itoa` at the version of the registry's `itoa`, which
/// is in its own graph (through serde_json). Cargo refuses `itoa@<version>` as ambiguous, so
/// the generator names the product by its package ID, and `cargo cra build` picks the product's
/// build script and binary by ID. Its build script runs the generator as a program with
/// `.watch_package(true)`, so the program's `--watch-package` is tested on the way: the build
/// script then watches the README too.
#[test]
fn build_of_a_product_named_like_a_registry_crate_in_its_graph_succeeds_and_lists_both() {
    let workspace = workspace_root();
    let lock = std::fs::read_to_string(workspace.join("Cargo.lock")).unwrap();
    let marker = "name = \"itoa\"\nversion = \"";
    let at = lock.find(marker).expect("the workspace locks itoa") + marker.len();
    let version = &lock[at..at + lock[at..].find('"').unwrap()];
    let dir = std::env::temp_dir().join(format!("cra fork ü-{}", std::process::id())).join("itoa-fork");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("src")).unwrap();
    let cra_build = workspace.join("cra-build").display().to_string();
    std::fs::write(
        dir.join("Cargo.toml"),
        format!(
            "[package]\nname = \"itoa\"\nversion = \"{version}\"\nedition = \"2024\"\nlicense = \"MIT\"\n\n[dependencies]\nserde_json = \"1\"\n\n[build-dependencies]\ncra-build = {{ path = {cra_build:?} }}\n\n[workspace]\n\n[package.metadata.cra]\ntype = \"F-1\"\nintended-purpose = \"test\"\ncategory = \"default\"\nprocedure = \"module_a\"\nplaced-on-market = \"2027-12-11\"\nsupport-end = \"2032-12\"\nrisk-assessment = \"https://example.test/risk\"\nvulnerability-contact = \"psirt@example.test\"\ncvd-policy-url = \"https://example.test/cvd\"\n\n[package.metadata.cra.manufacturer]\nname = \"Test GmbH\"\npostal-address = \"Teststrasse 1, Berlin\"\ncontact = \"support@example.test\"\n"
        ),
    )
    .unwrap();
    std::fs::copy(workspace.join("Cargo.lock"), dir.join("Cargo.lock")).unwrap();
    std::fs::write(
        dir.join("build.rs"),
        "fn main() {\n    if let Err(error) = cra_build::Builder::new().watch_package(true).run() {\n        eprintln!(\"{error}\");\n        std::process::exit(1);\n    }\n}\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("src/main.rs"),
        "fn main() {\n    println!(\"{}\", serde_json::json!({ \"fork\": true }));\n}\n",
    )
    .unwrap();
    std::fs::write(dir.join("README.md"), "A fork.\n").unwrap();
    let built = Command::new(env!("CARGO_BIN_EXE_cargo-cra"))
        .args(["cra", "build", "--", "--offline"])
        .current_dir(&dir)
        .env("CARGO_TARGET_DIR", nested_target())
        .env_remove("SOURCE_DATE_EPOCH")
        .output()
        .unwrap();
    let summary = String::from_utf8_lossy(&built.stdout);
    assert!(built.status.success(), "{summary}{}", String::from_utf8_lossy(&built.stderr));
    let sbom_path = reported_output(&summary, "SBOM");
    assert_eq!(sbom_path, nested_target().join("cra/itoa/sbom.cdx.json"), "{summary}");
    let binary = nested_target().join("debug").join(format!("itoa{}", std::env::consts::EXE_SUFFIX));
    assert!(
        summary.contains(&format!("(final: with the hashes of {})", binary.display())),
        "the fork's binary: {summary}"
    );
    let sbom: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&sbom_path).unwrap()).unwrap();
    assert_eq!(sbom["metadata"]["component"]["name"], "itoa");
    assert_eq!(sbom["metadata"]["component"]["bom-ref"], format!("itoa@{version}+path"));
    let purls: Vec<&str> = sbom["components"].as_array().unwrap().iter().filter_map(|c| c["purl"].as_str()).collect();
    assert!(purls.contains(&format!("pkg:cargo/itoa@{version}").as_str()), "the registry's itoa ships too: {purls:?}");
    // `--watch-package` reached the generator: the build script watches the README.
    let readme = format!("cargo:rerun-if-changed={}", dir.join("README.md").display());
    let watched = std::fs::read_dir(nested_target().join("debug/build"))
        .unwrap()
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().starts_with("itoa-"))
        .filter_map(|e| std::fs::read_to_string(e.path().join("output")).ok())
        .any(|output| output.lines().any(|l| l == readme));
    assert!(watched, "no build script output of the fork has `{readme}`");
    // Named with -p, the product is passed on by its package ID: `-p itoa` alone is ambiguous
    // to Cargo here.
    for command in ["check", "build"] {
        let named = Command::new(env!("CARGO_BIN_EXE_cargo-cra"))
            .args(["cra", command, "-p", "itoa", "--", "--offline"])
            .current_dir(&dir)
            .env("CARGO_TARGET_DIR", nested_target())
            .env_remove("SOURCE_DATE_EPOCH")
            .output()
            .unwrap();
        let printed = format!("{}{}", String::from_utf8_lossy(&named.stdout), String::from_utf8_lossy(&named.stderr));
        assert!(named.status.code().is_some_and(|c| c < 2), "`cargo cra {command} -p itoa`: {printed}");
        assert!(!printed.contains("ambiguous") && !printed.contains("multiple `itoa`"), "{printed}");
    }
    let _ = std::fs::remove_dir_all(dir.parent().unwrap());
}

/// A differential test of the two ways a build script generates: cra-build running `cargo-cra`
/// and cra-build with the generator compiled in (`in-process`) write the same bytes for the
/// product in `dir`. Then the program's failures: a `CRA_GENERATOR` that names no file, and a
/// grammar error, whose diagnostic (the child's) reaches the build's output.
fn the_generator_program_writes_what_the_generator_compiled_in_writes(
    dir: &std::path::Path,
    workspace: &std::path::Path,
    generator: &str,
) {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let build = |generator: &str| {
        let output = Command::new(&cargo)
            .args(["build", "--message-format=json"])
            .current_dir(dir)
            .env("CARGO_TARGET_DIR", nested_target())
            .env("CRA_GENERATOR", generator)
            .output()
            .unwrap();
        let out_dir = String::from_utf8_lossy(&output.stdout)
            .lines()
            .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
            .filter(|m| {
                m["reason"] == "build-script-executed" && m["package_id"].as_str().is_some_and(|p| p.contains("gadget"))
            })
            .find_map(|m| m["out_dir"].as_str().map(|d| std::path::Path::new(d).join("cra")));
        (output, out_dir)
    };
    let outputs = |out_dir: &std::path::Path| -> Vec<(String, Vec<u8>)> {
        ["declaration.json", "gap-report.json", "sbom.cdx.json"]
            .iter()
            .map(|name| ((*name).to_owned(), std::fs::read(out_dir.join(name)).unwrap()))
            .collect()
    };
    let (by_program, program_dir) = build(generator);
    assert!(by_program.status.success(), "{}", String::from_utf8_lossy(&by_program.stderr));
    let program_dir = program_dir.expect("the build script ran");
    let by_program = outputs(&program_dir);

    let manifest_path = dir.join("Cargo.toml");
    let manifest = std::fs::read_to_string(&manifest_path).unwrap();
    let build_dependency = format!("cra-build = {{ path = {:?} }}", workspace.join("cra-build").display().to_string());
    assert!(manifest.contains(&build_dependency), "{manifest}");
    let in_process = build_dependency.replace(" }", ", features = [\"in-process\"] }");
    std::fs::write(&manifest_path, manifest.replace(&build_dependency, &in_process)).unwrap();
    // No program is run in-process: a generator path that names nothing does not matter.
    let (compiled_in, compiled_in_dir) = build("/nonexistent/cargo-cra");
    assert!(compiled_in.status.success(), "{}", String::from_utf8_lossy(&compiled_in.stderr));
    let compiled_in_dir = compiled_in_dir.expect("the build script ran");
    assert_ne!(compiled_in_dir, program_dir, "two build scripts, two folders");
    assert_eq!(outputs(&compiled_in_dir), by_program, "the same bytes either way");
    std::fs::write(&manifest_path, &manifest).unwrap();

    let (missing, _) = build("/nonexistent/cargo-cra");
    let stderr = String::from_utf8_lossy(&missing.stderr);
    assert!(!missing.status.success());
    assert!(stderr.contains("CRA_GENERATOR is `/nonexistent/cargo-cra`, which is not a file"), "{stderr}");
    assert!(stderr.contains("cargo install cargo-cra --version ="), "{stderr}");

    let component = dir.join("src/vulnerability_handling.rs");
    let text = std::fs::read_to_string(&component).unwrap();
    std::fs::write(&component, text.replacen("addresses(", "adresses(", 1)).unwrap();
    let (broken, _) = build(generator);
    let stderr = String::from_utf8_lossy(&broken.stderr);
    assert!(!broken.status.success());
    assert!(stderr.contains("vulnerability_handling.rs") && stderr.contains("adresses"), "{stderr}");
    assert!(stderr.contains(&format!("error: the CRA generator `{generator}` failed (exit status: 1)")), "{stderr}");
    std::fs::write(&component, text).unwrap();
}

/// The generator a build script runs refuses to be another version than the build script's
/// cra-build, and says what to install.
#[test]
fn the_build_script_generator_refuses_another_cra_build_version() {
    let output = cargo_cra(&["build-script", "--expect-version", "9.9.9"]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains(&format!("is cargo-cra {}", env!("CARGO_PKG_VERSION"))), "{stderr}");
    assert!(stderr.contains("uses cra-build 9.9.9"), "{stderr}");
    assert!(stderr.contains("cargo install cargo-cra --version =9.9.9 --locked"), "{stderr}");
}

/// Bad input: a truncated declaration, one of a newer schema version, a binary without an
/// embedded declaration: one line naming the file and what is wrong, exit status 2.
#[test]
fn bad_inputs_are_one_line_errors_with_status_2() {
    let workspace = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap().to_path_buf();
    let snapshot =
        std::fs::read_to_string(workspace.join("examples/ledger-desktop/expected/ledger-desktop.declaration.json"))
            .unwrap();
    let dir = std::env::temp_dir().join(format!("cra-bad-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let truncated = dir.join("truncated.json");
    std::fs::write(&truncated, &snapshot[..300]).unwrap();
    let mut newer: serde_json::Value = serde_json::from_str(&snapshot).unwrap();
    newer["schema_version"] = serde_json::json!(2);
    let newer_path = dir.join("newer.json");
    std::fs::write(&newer_path, newer.to_string()).unwrap();
    let missing = dir.join("missing.json");
    let cases: [(&[&std::ffi::OsStr], &str); 4] = [
        (&[truncated.as_os_str()], "truncated.json`: line "),
        (&[newer_path.as_os_str()], "is a declaration of schema version 2; this cargo-cra reads version 1"),
        (&[std::path::Path::new(env!("CARGO_BIN_EXE_cargo-cra")).as_os_str()], "has no embedded cra-rs declaration"),
        (&[missing.as_os_str()], "cannot read"),
    ];
    for (args, expected) in cases {
        let output = Command::new(env!("CARGO_BIN_EXE_cargo-cra")).args(["cra", "verify"]).args(args).output().unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(2), "{stderr}");
        assert_eq!(stderr.lines().count(), 1, "one line: {stderr}");
        assert!(stderr.contains(expected), "{stderr}");
    }
    std::fs::remove_dir_all(dir).unwrap();
}

/// `cargo cra render` writes the five documents; bad input is one line naming the file, exit
/// code 2, and nothing written.
#[test]
fn render_writes_five_documents_and_rejects_bad_input_with_exit_code_2() {
    let workspace = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap().to_path_buf();
    let declaration = workspace.join("examples/ledger-desktop/expected/ledger-desktop.declaration.json");
    let dir = std::env::temp_dir().join(format!("cargo-cra-render-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let out = dir.join("out");
    let output =
        cargo_cra(&["render", declaration.to_str().unwrap(), "--format", "md", "--out", out.to_str().unwrap()]);
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    assert_eq!(std::fs::read_dir(&out).unwrap().count(), 5);
    assert_eq!(String::from_utf8_lossy(&output.stdout).lines().count(), 5, "one path per document");

    let truncated = dir.join("truncated.json");
    let text = std::fs::read_to_string(&declaration).unwrap();
    std::fs::write(&truncated, &text[..text.len() / 2]).unwrap();
    let bad_out = dir.join("never");
    let output = cargo_cra(&["render", truncated.to_str().unwrap(), "--out", bad_out.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(stderr.contains("truncated.json"), "{stderr}");
    assert!(!bad_out.exists(), "nothing is written for bad input");

    let file_as_dir = dir.join("out/compliance-report.md");
    let output = cargo_cra(&["render", declaration.to_str().unwrap(), "--out", file_as_dir.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("compliance-report.md"));
    std::fs::remove_dir_all(&dir).unwrap();
}

/// The target folder of the nested builds: `cra-e2e` inside this test's own target folder
/// (`CARGO_TARGET_TMPDIR` is its `tmp/`), so wherever `CARGO_TARGET_DIR` puts that, never the
/// workspace's `target/` when it is elsewhere; a nested Cargo cannot share the locked folder of
/// the running test.
fn nested_target() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("cra-e2e")
}

/// Where `cargo cra build` says it wrote `file` (the `declaration`, `gap report` or `SBOM`
/// line of its summary): under the target folder Cargo uses, which is the workspace's
/// `target/` only when neither `CARGO_TARGET_DIR` nor the configuration moves it.
fn reported_output(summary: &str, label: &str) -> std::path::PathBuf {
    let line = summary
        .lines()
        .find_map(|l| l.trim_start().strip_prefix(label))
        .unwrap_or_else(|| panic!("no `{label}` line in the summary:\n{summary}"));
    let path = line.trim_start().split(" (").next().unwrap_or_default();
    std::path::PathBuf::from(path)
}

/// The workspace root, where the examples and fixtures are.
fn workspace_root() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap().to_path_buf()
}

#[test]
fn deadlines_exit_1_when_a_report_is_overdue_and_vulnerability_commands_write_whole_files_art_14() {
    let root = workspace_root();
    let declaration = root.join("examples/door-lock-hub/expected/door-lock-hub.declaration.json");
    let records = root.join("examples/door-lock-hub/security/vulnerabilities");
    let overdue = root.join("tests/fixtures/vuln-overdue");
    let declaration_arg = declaration.to_str().unwrap();
    // The door lock hub sent every report in time: status 0.
    let output = cargo_cra(&[
        "deadlines",
        records.to_str().unwrap(),
        "--declaration",
        declaration_arg,
        "--at",
        "2026-11-28T00:00:00Z",
    ]);
    assert_eq!(output.status.code(), Some(0), "{}", String::from_utf8_lossy(&output.stderr));
    let text = String::from_utf8_lossy(&output.stdout);
    assert!(text.contains("SUBMITTED        DLH-2026-001   final_report"), "{text}");
    // The record without a clock is listed, with why.
    assert!(text.contains("NO CLOCK         DLH-2026-002   not_affected  not actively exploited"), "{text}");
    // Without --at, now in whole seconds.
    let output = cargo_cra(&["deadlines", records.to_str().unwrap(), "--json"]);
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let now = json["at"].as_str().unwrap();
    assert!(now.len() == "2026-11-28T00:00:00Z".len() && now.ends_with('Z'), "{now}");
    assert_eq!(json["without_clock"][0]["record"], "DLH-2026-002", "{json}");
    // An early warning never sent is overdue 24 hours after awareness: status 1, listed first.
    let output = cargo_cra(&["deadlines", overdue.to_str().unwrap(), "--at", "2026-11-28T00:00:00Z", "--json"]);
    assert_eq!(output.status.code(), Some(1));
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(json["deadlines"][0]["state"], "overdue");
    assert_eq!(json["deadlines"][0]["reference"], "Art. 14(2)(a)");
    // Before the 24 hours are up it is open: status 0.
    let output = cargo_cra(&["deadlines", overdue.to_str().unwrap(), "--at", "2026-11-03T09:00:00Z"]);
    assert_eq!(output.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&output.stdout).starts_with("Art. 14 deadlines at 2026-11-03T09:00:00Z"));
    // Against the door lock hub's declaration the fixture's component is unknown: status 2,
    // the file, line and field named.
    let output = cargo_cra(&[
        "deadlines",
        overdue.to_str().unwrap(),
        "--declaration",
        declaration_arg,
        "--at",
        "2026-11-28T00:00:00Z",
    ]);
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains(
            "lh-2026-090.toml:6:15: `components`: the declaration of `LockHub` has no component `debug-console`"
        ),
        "{stderr}"
    );
}

#[test]
fn advisory_report_and_security_txt_write_whole_files_and_refuse_what_the_law_does_not_ask_art_14() {
    let root = workspace_root();
    let declaration = root.join("examples/door-lock-hub/expected/door-lock-hub.declaration.json");
    let records = root.join("examples/door-lock-hub/security/vulnerabilities");
    let declaration_arg = declaration.to_str().unwrap();
    let out = std::env::temp_dir().join(format!("cra-cli-vuln-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&out);
    let record = records.join("dlh-2026-001.toml");
    let written = stdout_of(&[
        "advisory",
        record.to_str().unwrap(),
        "--declaration",
        declaration_arg,
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(written.lines().count(), 2, "{written}");
    let report = final_report(&record, &declaration, &out);
    let written = String::from_utf8_lossy(&report.stdout);
    assert!(report.status.success(), "{}", String::from_utf8_lossy(&report.stderr));
    assert!(written.contains("dlh-2026-001.actively-exploited-vulnerability.final-report.md"), "{written}");
    let expected = root.join("examples/door-lock-hub/expected/security");
    for name in [
        "dlh-2026-001.csaf.json",
        "dlh-2026-001.vex.csaf.json",
        "dlh-2026-001.actively-exploited-vulnerability.final-report.json",
    ] {
        assert_eq!(
            std::fs::read_to_string(out.join(name)).unwrap(),
            std::fs::read_to_string(expected.join(name)).unwrap(),
            "{name}"
        );
    }
    let entries: Vec<String> =
        std::fs::read_dir(&out).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    assert!(entries.iter().all(|e| !e.starts_with('.')), "no temporary file left: {entries:?}");
    // No report for a record that is neither exploited nor an incident.
    let output = cargo_cra(&[
        "report",
        records.join("dlh-2026-002.toml").to_str().unwrap(),
        "--stage",
        "notification",
        "--declaration",
        declaration_arg,
    ]);
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("Art. 14 asks for no report"));
    // security.txt as checked in, and a stale one refused.
    let manifest = root.join("examples/door-lock-hub/Cargo.toml");
    let text = stdout_of(&[
        "security-txt",
        "--manifest",
        manifest.to_str().unwrap(),
        "--declaration",
        declaration_arg,
        "--at",
        "2026-11-28T00:00:00Z",
    ]);
    assert_eq!(text, std::fs::read_to_string(root.join("examples/door-lock-hub/security/security.txt")).unwrap());
    let output = cargo_cra(&[
        "security-txt",
        "--manifest",
        manifest.to_str().unwrap(),
        "--declaration",
        declaration_arg,
        "--at",
        "2027-10-01T00:00:00Z",
    ]);
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("has passed"));
    std::fs::remove_dir_all(&out).unwrap();
}

#[test]
fn audit_matches_the_shipped_crates_against_rustsec_unsound_included_and_a_match_without_record_is_a_gap_i_2_a() {
    let root = workspace_root();
    // The SBOM of the door lock hub's build, as `cargo cra build` writes it.
    let built = stdout_of(&["build", "-p", "door-lock-hub"]);
    let sbom = reported_output(&built, "SBOM");
    assert!(sbom.ends_with("cra/door-lock-hub/sbom.cdx.json") && sbom.is_file(), "{built}");
    let records = root.join("examples/door-lock-hub/security/vulnerabilities");
    let db = |name: &str| root.join("tests/fixtures/advisory-db").join(name);
    let audit = |extra: &[&str]| {
        let mut args = vec!["audit", "--sbom", sbom.to_str().unwrap(), "--on", "2026-11-28", "--ignores", "none.toml"];
        args.extend_from_slice(extra);
        cargo_cra(&args)
    };
    let json = |output: &Output| -> serde_json::Value {
        let text = String::from_utf8_lossy(&output.stdout);
        serde_json::from_str(text.split("\ngap: ").next().unwrap()).unwrap()
    };
    // Clean: the serde_json advisory is patched before the shipped version.
    let output = audit(&["--db", db("clean").to_str().unwrap(), "--records", records.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(0), "{}", String::from_utf8_lossy(&output.stderr));
    let clean = json(&output);
    assert_eq!(clean["result"], "no_known_vulnerability");
    assert_eq!(clean["checked_on"], "2026-11-28");
    assert_eq!(clean["database"]["content_sha256"].as_str().unwrap().len(), 64, "the revision is named");
    // Matching, settled by the door lock hub's not-affected record: no gap.
    let output = audit(&["--db", db("matching").to_str().unwrap(), "--records", records.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(0));
    let matching = json(&output);
    assert_eq!(matching["result"], "matches");
    assert_eq!(matching["matches"].as_array().unwrap().len(), 1, "the long-patched smallvec advisory does not match");
    assert_eq!(matching["matches"][0]["covered_by"], "DLH-2026-002");
    // Without records the match is a gap: status 1.
    let output = audit(&["--db", db("matching").to_str().unwrap(), "--records", "no-records"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&output.stdout).contains("gap: RUSTSEC-2099-0001 affects serde_json"));
    // `cargo audit --json` output: only what the product ships counts (syn is build-time).
    let output = audit(&["--cargo-audit-json", db("cargo-audit.json").to_str().unwrap(), "--records", "no-records"]);
    assert_eq!(output.status.code(), Some(1));
    let from_json = json(&output);
    let kinds: Vec<(&str, &str)> = from_json["matches"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| (m["advisory"].as_str().unwrap(), m["kind"].as_str().unwrap_or("vulnerability")))
        .collect();
    assert_eq!(
        kinds,
        [("RUSTSEC-2099-0001", "vulnerability"), ("RUSTSEC-2099-0004", "unsound")],
        "unmaintained does not count"
    );
    assert_eq!(from_json["database"]["git_commit"], "0123456789abcdef0123456789abcdef01234567");
    // An unsound advisory counts until a record settles it; an unmaintained one does not; the
    // evidence says it covers RustSec only.
    let output = audit(&["--db", db("unsound").to_str().unwrap(), "--records", records.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(1));
    let unsound = json(&output);
    assert_eq!(unsound["matches"].as_array().unwrap().len(), 1, "{unsound}");
    assert_eq!(unsound["matches"][0]["kind"], "unsound");
    assert!(unsound["scope"].as_str().unwrap().contains("RustSec advisory database only"), "{unsound}");
    assert!(
        String::from_utf8_lossy(&output.stdout).contains("gap: RUSTSEC-2099-0004 (unsound) affects itoa 1.0.19"),
        "{}",
        String::from_utf8_lossy(&output.stdout)
    );
    // A folder that is not an advisory database, and an ignore without a reason: status 2.
    let output = audit(&["--db", root.join("docs").to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("not a RustSec advisory database"));
    let deny = std::env::temp_dir().join(format!("cra-deny-{}.toml", std::process::id()));
    std::fs::write(&deny, "[advisories]\nignore = [\"RUSTSEC-2099-0007\", { id = \"RUSTSEC-2099-0008\", reason = \"only in tests\" }, \"RUSTSEC-2099-0001\"]\n").unwrap();
    let output = cargo_cra(&[
        "audit",
        "--sbom",
        sbom.to_str().unwrap(),
        "--db",
        db("clean").to_str().unwrap(),
        "--records",
        records.to_str().unwrap(),
        "--ignores",
        deny.to_str().unwrap(),
    ]);
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    // RUSTSEC-2099-0001 has a record; 0008 has a reason; only 0007 is unjustified.
    assert!(stderr.contains("advisories ignored without a reason: RUSTSEC-2099-0007;"), "{stderr}");
    std::fs::remove_file(deny).unwrap();
}

/// A temporary product for `cargo cra check` trials: a library with one component per Part I(1)
/// and Part II requirement it needs, complete as written.
struct TrialProduct {
    dir: std::path::PathBuf,
    workspace: std::path::PathBuf,
}

impl TrialProduct {
    fn new(name: &str) -> TrialProduct {
        let workspace = workspace_root();
        let dir = std::env::temp_dir().join(format!("cra-trial-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join("src")).unwrap();
        let path = |krate: &str| workspace.join(krate).display().to_string();
        std::fs::write(
            dir.join("Cargo.toml"),
            format!(
                "[package]\nname = \"{name}\"\nversion = \"1.1.0\"\nedition = \"2024\"\n\n[features]\nbroken = []\n\n[dependencies]\ncra-component = {{ path = {:?} }}\ncra-derive = {{ path = {:?} }}\n\n[build-dependencies]\ncra-build = {{ path = {:?} }}\n\n[workspace]\n\n[package.metadata.cra]\ntype = \"V-1\"\nintended-purpose = \"test\"\ncategory = \"default\"\nprocedure = \"module_a\"\nce-marking = \"declaration\"\nplaced-on-market = \"2027-12-11\"\nsupport-end = \"2032-12\"\nrisk-assessment = \"https://vaults.eu/risk\"\nvulnerability-contact = \"psirt@vaults.eu\"\ncvd-policy-url = \"https://vaults.eu/cvd\"\ntechnical-support = \"security updates for the support period\"\nsecurity-properties = [\"none beyond the test\"]\n\n[package.metadata.cra.manufacturer]\nname = \"Vault GmbH\"\npostal-address = \"Teststrasse 1, Berlin\"\ncontact = \"support@vaults.eu\"\n\n[package.metadata.cra.signature]\nsigned-for = \"Vault GmbH\"\nplace = \"Berlin\"\ndate = 2027-12-01\nname = \"A. Person\"\nfunction = \"CEO\"\n",
                path("cra-component"),
                path("cra-derive"),
                path("cra-build")
            ),
        )
        .unwrap();
        std::fs::copy(workspace.join("Cargo.lock"), dir.join("Cargo.lock")).unwrap();
        std::fs::write(dir.join("build.rs"), "fn main() {\n    cra_build::main();\n}\n").unwrap();
        std::fs::write(dir.join("evidence.md"), "the report\n").unwrap();
        let requirements = cra_core::RequirementId::ALL.iter().map(|r| r.name()).collect::<Vec<_>>().join(", ");
        std::fs::write(
            dir.join("src/lib.rs"),
            format!("/// Everything.\n#[derive(cra_derive::CraComponent)]\n#[cra(addresses({requirements}, evidence(test_report = \"evidence.md\")))]\npub struct Vault;\n\n#[cfg(feature = \"broken\")]\npub fn broken() -> u32 {{ \"not a number\" }}\n"),
        )
        .unwrap();
        TrialProduct { dir, workspace }
    }

    fn check_output(&self, args: &[&str]) -> Output {
        Command::new(env!("CARGO_BIN_EXE_cargo-cra"))
            .args(["cra", "check"])
            .args(args)
            .current_dir(&self.dir)
            .env("CARGO_TARGET_DIR", nested_target())
            .output()
            .unwrap()
    }

    fn check(&self, args: &[&str]) -> (Option<i32>, String) {
        let output = self.check_output(args);
        (
            output.status.code(),
            format!("{}{}", String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr)),
        )
    }

    fn write(&self, file: &str, text: &str) {
        let path = self.dir.join(file);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
}

impl Drop for TrialProduct {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// A validation error reaches SARIF under the rule of its code, at the line of the manifest key
/// it is about, and the JSON report carries the code: nothing is lumped under one rule.
#[test]
fn sarif_and_json_name_each_validation_error_by_its_code_at_its_key() {
    let product = TrialProduct::new("sarif-codes");
    let manifest = std::fs::read_to_string(product.dir.join("Cargo.toml")).unwrap();
    let wrong = manifest.replace("category = \"default\"", "category = \"III.II.2\"");
    product.write("Cargo.toml", &wrong);
    let procedure_line = wrong.lines().position(|l| l.starts_with("procedure =")).unwrap() + 1;

    let output = product.check_output(&["--format", "sarif"]);
    assert_eq!(output.status.code(), Some(2), "{}", String::from_utf8_lossy(&output.stderr));
    let log: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let schema: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(product.workspace.join("tests/fixtures/sarif/sarif-schema-2.1.0.json")).unwrap(),
    )
    .unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    let errors: Vec<String> = validator.iter_errors(&log).map(|e| format!("{e} at {}", e.instance_path())).collect();
    assert!(errors.is_empty(), "{errors:#?}");
    let run = &log["runs"][0];
    let results = run["results"].as_array().unwrap();
    let forbidden = results
        .iter()
        .find(|r| r["ruleId"] == "forbidden_procedure")
        .unwrap_or_else(|| panic!("no result under the code's rule: {results:#?}"));
    let place = &forbidden["locations"][0]["physicalLocation"];
    assert!(place["artifactLocation"]["uri"].as_str().unwrap().ends_with("Cargo.toml"), "{place}");
    assert_eq!(place["region"]["startLine"], procedure_line, "at the `procedure` key: {place}");
    assert!(
        run["tool"]["driver"]["rules"].as_array().unwrap().iter().any(|r| r["id"] == "forbidden_procedure"
            && r["name"] == "ForbiddenProcedure"
            && r["fullDescription"]["text"].as_str().unwrap().starts_with("The product's category")),
        "the rule is declared with the catalogue's text"
    );
    assert!(
        !results.iter().any(|r| r["ruleId"] == "manifest_error"),
        "no validation error is left under the rule of uncoded mistakes"
    );
    if let Some(findings) = code_scanning_findings(&log, "codes") {
        assert!(findings.is_empty(), "{findings:#?}");
    }

    let output = product.check_output(&["--format", "json"]);
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let codes: Vec<&str> = report["errors"].as_array().unwrap().iter().filter_map(|e| e["code"].as_str()).collect();
    assert_eq!(codes, ["forbidden_procedure"], "{report:#}");

    // Mistakes without a code are filed by where they are: a key of the wrong form in the
    // manifest, a misspelt requirement in an attribute; each under its rule, at its token.
    product.write("Cargo.toml", &manifest.replace("cvd-policy-url = ", "sbom-url = 42\ncvd-policy-url = "));
    let source = std::fs::read_to_string(product.dir.join("src/lib.rs")).unwrap();
    product.write("src/lib.rs", &source.replacen("addresses(", "addresses(acess_control, ", 1));
    // In git with a remote: paths from the repository's root, and the commit checked.
    let git = |args: &[&str]| {
        let out = Command::new("git").args(args).current_dir(&product.dir).output().unwrap();
        assert!(out.status.success(), "git {args:?}: {}", String::from_utf8_lossy(&out.stderr));
        String::from_utf8_lossy(&out.stdout).trim().to_owned()
    };
    git(&["init", "-q", "-b", "main"]);
    git(&["remote", "add", "origin", "https://user:secret@git.vaults.eu/vault/firmware.git"]);
    git(&["add", "-A"]);
    git(&["-c", "user.name=T", "-c", "user.email=t@vaults.eu", "commit", "-q", "-m", "trial"]);
    let head = git(&["rev-parse", "HEAD"]);
    let output = product.check_output(&["--format", "sarif"]);
    let log: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let results = log["runs"][0]["results"].as_array().unwrap();
    let rule_of = |uri: &str| {
        results
            .iter()
            .find(|r| r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == uri)
            .map(|r| r["ruleId"].as_str().unwrap().to_owned())
    };
    assert_eq!(rule_of("Cargo.toml").as_deref(), Some("manifest_error"), "{results:#?}");
    assert_eq!(rule_of("src/lib.rs").as_deref(), Some("attribute_error"), "{results:#?}");
    let attribute = results.iter().find(|r| r["ruleId"] == "attribute_error").unwrap();
    let region = &attribute["locations"][0]["physicalLocation"]["region"];
    assert_eq!((region["startLine"].as_u64(), region["startColumn"].as_u64()), (Some(3), Some(17)), "{attribute}");
    let provenance = &log["runs"][0]["versionControlProvenance"][0];
    assert_eq!(provenance["revisionId"], head.as_str());
    assert_eq!(provenance["branch"], "main");
    assert_eq!(provenance["repositoryUri"], "https://git.vaults.eu/vault/firmware.git", "no credentials");
    if let Some(findings) = code_scanning_findings(&log, "uncoded") {
        assert!(findings.is_empty(), "{findings:#?}");
    }
}

/// The gate is never green on a product that does not compile: a type error (behind a feature),
/// an unknown feature, a crate with a component but without cra-component; each is status 2 with
/// rustc's or Cargo's message, in text and in SARIF. The same product compiling is complete.
#[test]
fn check_fails_with_status_2_and_rustc_s_message_when_the_product_does_not_compile() {
    let product = TrialProduct::new("gate");
    let (status, text) = product.check(&["--strict"]);
    assert_eq!(status, Some(0), "{text}");
    assert!(text.contains("gate: 0 error(s), 0 gap(s)"), "{text}");

    let (status, text) = product.check(&["--strict", "--", "--features", "broken"]);
    assert_eq!(status, Some(2), "{text}");
    assert!(text.contains("error[E0308]: mismatched types"), "rustc's own rendering: {text}");
    assert!(text.contains("rustc: [E0308] mismatched types"), "{text}");
    assert!(text.contains("errors: the product does not compile"), "{text}");
    let output = product.check_output(&["--strict", "--format", "sarif", "--", "--features", "broken"]);
    assert_eq!(output.status.code(), Some(2));
    let sarif = String::from_utf8_lossy(&output.stdout);
    let log: serde_json::Value = serde_json::from_str(&sarif).unwrap_or_else(|e| panic!("{e}: {sarif}"));
    let compile: Vec<&serde_json::Value> =
        log["runs"][0]["results"].as_array().unwrap().iter().filter(|r| r["ruleId"] == "compile_error").collect();
    assert_eq!(compile.len(), 1, "{sarif}");
    assert_eq!(compile[0]["level"], "error");
    assert_eq!(compile[0]["locations"][0]["physicalLocation"]["region"]["startLine"], 7);
    if let Some(findings) = code_scanning_findings(&log, "compile") {
        assert!(findings.is_empty(), "{findings:#?}");
    }

    let (status, text) = product.check(&["--", "--features", "no-such-feature"]);
    assert_eq!(status, Some(2), "{text}");
    assert!(text.contains("cargo: ") && text.contains("no-such-feature"), "{text}");

    // A component whose crate lacks cra-component: the derive's code does not resolve.
    let manifest = std::fs::read_to_string(product.dir.join("Cargo.toml")).unwrap();
    let without_core: String =
        manifest.lines().filter(|l| !l.starts_with("cra-component =")).fold(String::new(), |mut text, line| {
            text.push_str(line);
            text.push('\n');
            text
        });
    product.write("Cargo.toml", &without_core);
    let (status, text) = product.check(&["--strict"]);
    assert_eq!(status, Some(2), "{text}");
    assert!(text.contains("cra_component"), "{text}");
}

/// Release 1.1.0 with a record that says it is affected, actively exploited, is a draft naming
/// I.2.a and the record; `fixed` in 1.1.0 settles it. An audit of other crates, or an old one, is
/// a gap too; an audit of this build, current and clean, is not (Annex I Part I(2)(a)).
#[test]
fn a_known_exploitable_vulnerability_or_a_foreign_or_stale_audit_keeps_i_2_a_open() {
    let product = TrialProduct::new("vaultctl");
    let record = "id = \"V-2026-001\"\ntitle = \"Unlock without key\"\ndescription = \"d\"\ncomponents = [\"Vault\"]\naffected-versions = \">=1.0.0, <1.2.0\"\nstatus = \"affected\"\naware-at = 2026-09-20T07:30:00Z\n\n[exploited]\nevidence = \"seen\"\n";
    product.write("security/vulnerabilities/v-2026-001.toml", record);
    let (status, text) = product.check(&["--strict"]);
    assert_eq!(status, Some(1), "{text}");
    assert!(
        text.contains("gap: requirement `I.2.a` (no known exploitable vulnerabilities) is not met: actively exploited: V-2026-001 (Unlock without key): the record says version 1.1.0 is affected"),
        "{text}"
    );
    let json = String::from_utf8_lossy(&product.check_output(&["--format", "json"]).stdout).into_owned();
    let report: serde_json::Value = serde_json::from_str(&json).unwrap_or_else(|e| panic!("{e}: {json}"));
    assert_eq!(report["gaps"]["vulnerabilities"][0]["id"], "V-2026-001", "{json}");
    assert!(report["warnings"].as_array().unwrap().iter().any(|w| w["code"] == "no_audit"), "{json}");
    // A record naming a component the declaration does not have: an error with did-you-mean.
    product.write("security/vulnerabilities/v-2026-001.toml", &record.replace("[\"Vault\"]", "[\"Vualt\"]"));
    let (status, text) = product.check(&[]);
    assert_eq!(status, Some(2), "{text}");
    assert!(text.contains("did you mean `Vault`?"), "{text}");
    // Fixed in this version: settled.
    let fixed = record.replace("status = \"affected\"", "status = \"fixed\"").replace("<1.2.0", "<1.1.0")
        + "\n[fix]\ndescription = \"f\"\nversion = \"1.1.0\"\navailable-at = 2026-09-24T12:00:00Z\n";
    product.write("security/vulnerabilities/v-2026-001.toml", &fixed);
    let (status, text) = product.check(&["--strict"]);
    assert_eq!(status, Some(0), "{text}");

    // An audit of this build's SBOM (written by `cargo cra build`), clean and current: complete.
    let built = Command::new(env!("CARGO_BIN_EXE_cargo-cra"))
        .args(["cra", "build"])
        .current_dir(&product.dir)
        .env("CARGO_TARGET_DIR", nested_target())
        .output()
        .unwrap();
    assert!(built.status.success(), "{}", String::from_utf8_lossy(&built.stderr));
    let sbom = nested_target().join("cra/vaultctl/sbom.cdx.json");
    let today_date = jiff::tz::Offset::UTC.to_datetime(jiff::Timestamp::now()).date();
    let today = today_date.to_string();
    let audit = |on: &str| {
        let output = Command::new(env!("CARGO_BIN_EXE_cargo-cra"))
            .args(["cra", "audit", "--sbom"])
            .arg(&sbom)
            .arg("--db")
            .arg(product.workspace.join("tests/fixtures/advisory-db/clean"))
            .args([
                "--records",
                "security/vulnerabilities",
                "--ignores",
                "none.toml",
                "--on",
                on,
                "--out",
                "security/audit.json",
            ])
            .current_dir(&product.dir)
            .output()
            .unwrap();
        assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    };
    audit(&today);
    let evidence = std::fs::read_to_string(product.dir.join("security/audit.json")).unwrap();
    assert!(evidence.contains("\"source\": \"clean\""), "no local path in the evidence: {evidence}");
    let (status, text) = product.check(&["--strict"]);
    assert_eq!(status, Some(0), "{text}");
    assert!(!text.contains("no_audit"), "{text}");
    // 40 days old: stale.
    audit(&today_date.checked_sub(jiff::Span::new().days(40)).unwrap().to_string());
    let (status, text) = product.check(&["--strict"]);
    assert_eq!(status, Some(1), "{text}");
    assert!(text.contains("days before") && text.contains("audit-max-age-days"), "{text}");
    // Current, but of the crates of an earlier release: a new dependency is not covered.
    audit(&today);
    product.write("dep/Cargo.toml", "[package]\nname = \"vault-dep\"\nversion = \"0.3.0\"\nedition = \"2024\"\n");
    product.write("dep/src/lib.rs", "");
    let manifest = std::fs::read_to_string(product.dir.join("Cargo.toml")).unwrap();
    product
        .write("Cargo.toml", &manifest.replace("[dependencies]\n", "[dependencies]\nvault-dep = { path = \"dep\" }\n"));
    let (status, text) = product.check(&["--strict"]);
    assert_eq!(status, Some(1), "{text}");
    assert!(text.contains("checked other crates than this build ships (not checked: vault-dep@0.3.0)"), "{text}");
}

/// Whether the standard library of `target` is installed; without it a test that needs it fails
/// in CI (which installs it: `.ci/run`) and is skipped elsewhere, saying what to run.
fn target_installed(target: &str) -> bool {
    let rustc = std::env::var("RUSTC").unwrap_or_else(|_| "rustc".into());
    let sysroot = Command::new(rustc).args(["--print", "sysroot"]).output().expect("rustc runs");
    let sysroot = String::from_utf8_lossy(&sysroot.stdout).trim().to_owned();
    let installed = std::path::Path::new(&sysroot).join("lib/rustlib").join(target).join("lib").is_dir();
    if !installed {
        assert!(std::env::var_os("CI").is_none(), "CI needs the target: `rustup target add {target}`");
        eprintln!("skipped: the target {target} is not installed (`rustup target add {target}`)");
    }
    installed
}

/// The `#![no_std]` firmware example builds for a Cortex-M4F; its ELF holds the declaration
/// (in flash) and one record per component compiled in, in the binary and in its `no_std`
/// driver crate; `extract` prints the declaration, `verify` holds the records against it and
/// names a component the declaration lacks; a binary without the sections gets an error that
/// says what to add.
/// A firmware that asks for the run-time registry, or ships the model, gets errors that say
/// what to do: at the call, rustc's error with cra-component's message; for the model, the
/// generator's error naming the crate that pulls it in (the gate runs Cargo with
/// `--keep-going`, so it is reported beside Cargo's "can't find crate for `std`").
#[test]
fn bare_metal_mistakes_are_errors_that_say_what_to_do_instead() {
    const TARGET: &str = "thumbv7em-none-eabihf";
    if !target_installed(TARGET) {
        return;
    }
    let product = TrialProduct::new("bare-metal-registry");
    let lib = std::fs::read_to_string(product.dir.join("src/lib.rs")).unwrap();
    product.write(
        "src/lib.rs",
        &format!(
            "#![no_std]\n{lib}\npub fn count() -> usize {{\n    cra_component::registered().count()\n}}\n\npub fn own() -> bool {{\n    <Vault as cra_component::CraComponent>::descriptor().is_some()\n}}\n"
        ),
    );
    let (status, text) = product.check(&["--", "--target", TARGET]);
    assert_eq!(status, Some(2), "{text}");
    let message =
        "the registry of components exists on hosted targets only; on bare metal components are records in the image";
    assert!(text.contains(&format!("src/lib.rs:11:5: rustc: [E0277] {message}")), "at `registered()`: {text}");
    assert!(text.contains(&format!("src/lib.rs:15:6: rustc: [E0277] {message}")), "at `descriptor()`: {text}");
    assert!(text.contains("read them with `cargo cra extract <elf>`"), "{text}");
    // The same code for the host compiles: there the registry exists.
    let (status, text) = product.check(&[]);
    assert_eq!(status, Some(0), "{text}");

    product.write("src/lib.rs", &format!("#![no_std]\n{lib}"));
    let manifest = std::fs::read_to_string(product.dir.join("Cargo.toml")).unwrap();
    let model = product.workspace.join("cra-core").display().to_string();
    product.write(
        "Cargo.toml",
        &manifest.replace("[dependencies]\n", &format!("[dependencies]\ncra-core = {{ path = {model:?} }}\n")),
    );
    let (status, text) = product.check(&["--", "--target", TARGET]);
    assert_eq!(status, Some(2), "{text}");
    assert!(
        text.contains("`cra-core` needs `std`, but the product is built for `thumbv7em-none-eabihf`, a bare-metal target (`target_os = \"none\"`); it is compiled in through `bare-metal-registry 1.1.0`"),
        "{text}"
    );
}

#[test]
fn firmware_image_holds_its_declaration_and_components_and_extract_and_verify_read_them() {
    const TARGET: &str = "thumbv7em-none-eabihf";
    if !target_installed(TARGET) {
        return;
    }
    let target = nested_target();
    let output = Command::new(env!("CARGO_BIN_EXE_cargo-cra"))
        .args(["cra", "build", "-p", "thermostat", "--", "--target", TARGET])
        .current_dir(workspace_root())
        .env("CARGO_TARGET_DIR", &target)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(output.status.success(), "{stdout}{}", String::from_utf8_lossy(&output.stderr));
    assert!(
        stdout.contains("TH-10 Room Thermostat 1.2.0 — category default, Module A (internal control); 4 components"),
        "{stdout}"
    );
    let elf = target.join(TARGET).join("debug/thermostat");
    assert!(stdout.contains(&format!("(final: with the hashes of {})", elf.display())), "{stdout}");
    let declaration = std::fs::read_to_string(reported_output(&stdout, "declaration")).unwrap();
    assert_eq!(
        declaration,
        std::fs::read_to_string(workspace_root().join("examples/thermostat/expected/thermostat.declaration.json"))
            .unwrap(),
        "the firmware build declares what the host build does"
    );
    assert_eq!(stdout_of(&["extract", elf.to_str().unwrap()]), declaration);
    // The image's component records against the declaration.
    let declaration_file = reported_output(&stdout, "declaration");
    let verified = cargo_cra(&["verify", elf.to_str().unwrap(), declaration_file.to_str().unwrap()]);
    let text = String::from_utf8_lossy(&verified.stdout);
    assert_eq!(verified.status.code(), Some(0), "{text}{}", String::from_utf8_lossy(&verified.stderr));
    assert!(text.contains("its 4 component record(s) match the declaration"), "{text}");
    // A declaration without the driver's component: the image has one the declaration lacks.
    let mut edited: serde_json::Value = serde_json::from_str(&declaration).unwrap();
    edited["components"].as_array_mut().unwrap().retain(|c| c["name"] != "temperature-sensor");
    edited["components"].as_array_mut().unwrap().iter_mut().for_each(|c| {
        c.as_object_mut().unwrap().remove("depends_on");
    });
    let lacking = std::env::temp_dir().join(format!("cra-firmware-{}.json", std::process::id()));
    std::fs::write(&lacking, serde_json::to_string_pretty(&edited).unwrap()).unwrap();
    let differs = cargo_cra(&["verify", lacking.to_str().unwrap(), elf.to_str().unwrap()]);
    std::fs::remove_file(&lacking).unwrap();
    let text = String::from_utf8_lossy(&differs.stdout);
    assert_eq!(differs.status.code(), Some(2), "{text}");
    assert!(
        text.contains("only in the image's component records (compiled in, not found by the generator): `temperature-sensor` (crate `thermo_sensor`)"),
        "{text}"
    );
    // The same image without its component section (renamed in the section names): the check
    // is not silently skipped.
    let bytes = std::fs::read(&elf).unwrap();
    let renamed: Vec<u8> = {
        let (from, to) = (b".cra_components", b".cra_xomponents");
        let mut out = bytes.clone();
        let mut i = 0;
        while i + from.len() <= out.len() {
            if &out[i..i + from.len()] == from {
                out[i..i + from.len()].copy_from_slice(to);
                i += from.len();
            } else {
                i += 1;
            }
        }
        out
    };
    assert_ne!(renamed, bytes, "the section name was found");
    let unkept = target.join("thermostat-without-components");
    std::fs::write(&unkept, renamed).unwrap();
    let noted = cargo_cra(&["verify", unkept.to_str().unwrap(), declaration_file.to_str().unwrap()]);
    let text = String::from_utf8_lossy(&noted.stdout);
    assert!(
        text.contains("is a bare-metal image without a `.cra_components` section, so its components cannot be checked"),
        "{text}"
    );
    // The derive's output compiles for RISC-V bare metal too (the driver crate).
    if target_installed("riscv32imc-unknown-none-elf") {
        let riscv = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
            .args(["build", "--locked", "-p", "thermo-sensor", "--target", "riscv32imc-unknown-none-elf"])
            .current_dir(workspace_root())
            .env("CARGO_TARGET_DIR", &target)
            .output()
            .unwrap();
        assert!(riscv.status.success(), "{}", String::from_utf8_lossy(&riscv.stderr));
    }
    // A binary without the sections (this tool itself) gets the error that says what to add.
    let missing = cargo_cra(&["extract", env!("CARGO_BIN_EXE_cargo-cra")]);
    assert_eq!(missing.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&missing.stderr);
    assert!(
        stderr.contains("no embedded cra-rs declaration: call `cra_component::embed_declaration!()` from `main`"),
        "{stderr}"
    );
}

/// `trestle validate` (compliance-trestle, installed by .ci/run into `tests/trestle/venv`) on an
/// OSCAL file, in a trestle workspace laid out as it wants: `kind` is `catalogs` or
/// `component-definitions`. `None` when trestle is not installed outside CI.
fn trestle_validates(file: &std::path::Path, kind: &str, model: &str) -> Option<String> {
    let trestle = workspace_root().join("tests/trestle/venv/bin/trestle");
    if !trestle.is_file() {
        assert!(std::env::var_os("CI").is_none(), "trestle is not installed; CI must install it (.ci/run)");
        eprintln!("skipping trestle: run .ci/run's install step");
        return None;
    }
    let dir = std::env::temp_dir().join(format!("cra-trestle-{}-{model}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let init = Command::new(&trestle).arg("init").current_dir(&dir).output().unwrap();
    assert!(init.status.success(), "{}", String::from_utf8_lossy(&init.stderr));
    let place = dir.join(kind).join("cra").join(format!("{model}.json"));
    std::fs::create_dir_all(place.parent().unwrap()).unwrap();
    std::fs::copy(file, &place).unwrap();
    let output = Command::new(&trestle).arg("validate").arg("-f").arg(&place).current_dir(&dir).output().unwrap();
    let _ = std::fs::remove_dir_all(&dir);
    Some(format!("{}{}", String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr)))
}

/// Every error of the OSCAL document `file` against NIST's OSCAL 1.1.2 JSON Schema `schema`
/// (tests/fixtures/oscal, README there says where it comes from).
fn oscal_schema_errors(file: &std::path::Path, schema: &str) -> Vec<String> {
    let read = |path: &std::path::Path| -> serde_json::Value {
        serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap()
    };
    let schema = read(&workspace_root().join("tests/fixtures/oscal").join(schema));
    let validator = jsonschema::options().should_validate_formats(true).build(&schema).expect("NIST's schema compiles");
    validator.iter_errors(&read(file)).map(|e| format!("{e} at {}", e.instance_path())).collect()
}

/// `cargo cra export --format oscal`: the CRA catalog and the door lock hub's component
/// definition, which compliance-trestle accepts; a draft is exported and marked as one; the same
/// declaration gives the same bytes; the product's state of every requirement is there,
/// `not_assessed` included, and every piece of evidence is a resource with its SHA-256.
#[test]
fn oscal_export_is_accepted_by_trestle_and_marks_a_draft() {
    let root = workspace_root();
    let declaration = root.join("examples/door-lock-hub/expected/door-lock-hub.declaration.json");
    let out = std::env::temp_dir().join(format!("cra-oscal-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&out);
    let export =
        || cargo_cra(&["export", "--format", "oscal", "--out", out.to_str().unwrap(), declaration.to_str().unwrap()]);
    let output = export();
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    assert!(String::from_utf8_lossy(&output.stderr).contains("is a draft"));
    let catalog_path = out.join("cra-catalog.json");
    let definition_path = out.join("lockhub.component-definition.json");
    let first = std::fs::read(&definition_path).unwrap();
    assert!(export().status.success());
    assert_eq!(std::fs::read(&definition_path).unwrap(), first, "same declaration, same bytes");

    let catalog: serde_json::Value = serde_json::from_slice(&std::fs::read(&catalog_path).unwrap()).unwrap();
    let controls: usize =
        catalog["catalog"]["groups"].as_array().unwrap().iter().map(|g| g["controls"].as_array().unwrap().len()).sum();
    assert_eq!(controls, cra_core::RequirementId::ALL.len());
    let definition: serde_json::Value = serde_json::from_slice(&first).unwrap();
    let definition = &definition["component-definition"];
    assert!(definition["metadata"]["title"].as_str().unwrap().ends_with("(DRAFT)"));
    assert!(definition["metadata"]["remarks"].as_str().unwrap().starts_with("DRAFT"));
    let product = &definition["components"][0];
    let states = product["control-implementations"][0]["implemented-requirements"].as_array().unwrap();
    assert_eq!(states.len(), cra_core::RequirementId::ALL.len());
    assert!(states.iter().all(|r| r["props"].as_array().unwrap().iter().any(|p| p["name"] == "requirement-state")));
    let resources = definition["back-matter"]["resources"].as_array().unwrap();
    assert!(!resources.is_empty());
    for resource in resources {
        let link = &resource["rlinks"][0];
        let href = link["href"].as_str().unwrap();
        if !href.starts_with("http") {
            assert!(href.starts_with("examples/"), "from the workspace root: {href}");
            assert_eq!(link["hashes"][0]["algorithm"], "SHA-256", "{resource}");
        }
    }
    for (file, schema) in
        [(&catalog_path, "oscal_catalog_schema.json"), (&definition_path, "oscal_component_schema.json")]
    {
        let errors = oscal_schema_errors(file, schema);
        assert!(errors.is_empty(), "{} against NIST's {schema}:\n{}", file.display(), errors.join("\n"));
    }
    for (file, kind, model) in
        [(&catalog_path, "catalogs", "catalog"), (&definition_path, "component-definitions", "component-definition")]
    {
        if let Some(said) = trestle_validates(file, kind, model) {
            assert!(said.contains("VALID: Model") && !said.contains("INVALID"), "{said}");
        }
    }
    // trestle refuses what OSCAL does not allow: the check can fail.
    let mut broken = serde_json::from_slice::<serde_json::Value>(&first).unwrap();
    broken["component-definition"]["metadata"].as_object_mut().unwrap().remove("oscal-version");
    let broken_path = out.join("broken.json");
    std::fs::write(&broken_path, broken.to_string()).unwrap();
    assert!(!oscal_schema_errors(&broken_path, "oscal_component_schema.json").is_empty(), "the schema can fail");
    if let Some(said) = trestle_validates(&broken_path, "component-definitions", "component-definition") {
        assert!(!said.contains("VALID: Model") || said.contains("INVALID"), "{said}");
    }
    std::fs::remove_dir_all(&out).unwrap();
}

/// `cargo cra report <record> --stage final --declaration <declaration> --out <out>`.
fn final_report(record: &std::path::Path, declaration: &std::path::Path, out: &std::path::Path) -> Output {
    cargo_cra(&[
        "report",
        record.to_str().unwrap(),
        "--stage",
        "final",
        "--declaration",
        declaration.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ])
}

/// A submitted report is made as of its submission and never rewritten: the same command again
/// changes nothing; the copy made before the submission was recorded is completed; a stored copy
/// with other content is kept, and the command refuses (Art. 14).
#[test]
fn a_submitted_report_is_never_rewritten_art_14() {
    let root = workspace_root();
    let declaration = root.join("examples/door-lock-hub/expected/door-lock-hub.declaration.json");
    let record = root.join("examples/door-lock-hub/security/vulnerabilities/dlh-2026-001.toml");
    let out = std::env::temp_dir().join(format!("cra-cli-submitted-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&out);
    // A submitted report is made as of its submission and never rewritten: the same command
    // again changes nothing; a stored copy with other content is kept, and the command refuses.
    let report = |out: &std::path::Path| final_report(&record, &declaration, out);
    assert!(report(&out).status.success());
    let stored = out.join("dlh-2026-001.actively-exploited-vulnerability.final-report.md");
    // The copy made before the submission was recorded differs only in that line: accepted.
    let before_recorded: String = std::fs::read_to_string(&stored)
        .unwrap()
        .lines()
        .filter(|l| !l.starts_with("- Submitted:"))
        .fold(String::new(), |text, l| text + l + "\n");
    std::fs::write(&stored, &before_recorded).unwrap();
    assert!(report(&out).status.success(), "{}", String::from_utf8_lossy(&report(&out).stderr));
    assert!(std::fs::read_to_string(&stored).unwrap().contains("- Submitted: 2026-10-02T10:00:00Z"));
    std::fs::write(&stored, "# the report as submitted, edited by hand\n").unwrap();
    let refused = report(&out);
    assert_eq!(refused.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&refused.stderr).contains("a submitted report is never rewritten"));
    assert_eq!(std::fs::read_to_string(&stored).unwrap(), "# the report as submitted, edited by hand\n");
    std::fs::remove_dir_all(&out).unwrap();
}

/// Runs an independent verifier (`tests/jsf-verify` on Node.js, `tests/dsse` on the Python of
/// `tests/trestle/venv`, both installed by .ci/run): `None` when it is not installed outside CI.
fn independent_verifier(program: &str, args: &[&std::path::Path]) -> Option<(bool, String)> {
    let root = workspace_root();
    let (command, script, installed) = match program {
        "jsf" => ("node".into(), root.join("tests/jsf-verify/verify.mjs"), root.join("tests/jsf-verify/node_modules")),
        _ => (
            root.join("tests/trestle/venv/bin/python"),
            root.join("tests/dsse/verify.py"),
            root.join("tests/trestle/venv/bin/python"),
        ),
    };
    if !installed.exists() {
        assert!(
            std::env::var_os("CI").is_none(),
            "the {program} verifier is not installed; CI must install it (.ci/run)"
        );
        eprintln!("skipping the {program} verifier: run .ci/run's install steps");
        return None;
    }
    let output = Command::new(command).arg(script).args(args).output().unwrap();
    Some((
        output.status.success(),
        format!("{}{}", String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr)),
    ))
}

/// A key made for this test by OpenSSL (no key is committed): `kind` is `ed25519`, `p256` or `rsa`.
fn openssl_key(dir: &std::path::Path, kind: &str) -> (std::path::PathBuf, std::path::PathBuf) {
    let key = dir.join(format!("{kind}.pem"));
    let public = dir.join(format!("{kind}.pub.pem"));
    let algorithm: &[&str] = match kind {
        "ed25519" => &["-algorithm", "ed25519"],
        "p256" => &["-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256"],
        _ => &["-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048"],
    };
    let made = Command::new("openssl").arg("genpkey").args(algorithm).arg("-out").arg(&key).output().unwrap();
    assert!(made.status.success(), "{}", String::from_utf8_lossy(&made.stderr));
    let exported =
        Command::new("openssl").args(["pkey", "-pubout", "-in"]).arg(&key).arg("-out").arg(&public).output().unwrap();
    assert!(exported.status.success());
    (key, public)
}

/// `cargo cra build` signs the SBOM (JSF) and the bundle of declaration, SBOM and documents
/// (DSSE), with Ed25519 from the variable `signing-key-env` names and with P-256 from `--sign`.
/// Independent verifiers accept both; one changed byte, a changed document, an added file, an
/// unknown algorithm or another signer make each signature invalid, in cargo cra verify and in
/// the independent tools; bad keys are errors naming the file.
#[test]
fn signed_outputs_verify_in_independent_tools_and_any_change_is_invalid() {
    let target = nested_target();
    let keys = std::env::temp_dir().join(format!("cra-keys-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&keys);
    std::fs::create_dir_all(&keys).unwrap();
    let build =
        |env_key: Option<&std::path::Path>, flag: Option<&std::path::Path>| build_door_lock_hub(&target, env_key, flag);
    let out = target.join("cra/door-lock-hub");
    let (sbom, bundle) = (out.join("sbom.cdx.json"), out.join("bundle.dsse.json"));
    let unsigned = build(None, None);
    assert!(String::from_utf8_lossy(&unsigned.stdout).contains("unsigned: `LOCKHUB_SIGNING_KEY`"));

    for (kind, algorithm, from_env) in [("ed25519", "Ed25519", true), ("p256", "ES256", false)] {
        let (key, public) = openssl_key(&keys, kind);
        let output = if from_env { build(Some(&key), None) } else { build(None, Some(&key)) };
        let stdout = String::from_utf8_lossy(&output.stdout);
        assert!(output.status.success(), "{stdout}{}", String::from_utf8_lossy(&output.stderr));
        let key_id = stdout.split(&format!("with {algorithm} key `")).nth(1).and_then(|s| s.split('`').next()).unwrap();
        let verified = cargo_cra(&[
            "verify",
            "--public-key",
            public.to_str().unwrap(),
            sbom.to_str().unwrap(),
            out.join("attestation.cdx.json").to_str().unwrap(),
            bundle.to_str().unwrap(),
            // The binary's embedded declaration is held against the bundle's signed one.
            target.join(format!("debug/door-lock-hub{}", std::env::consts::EXE_SUFFIX)).to_str().unwrap(),
        ]);
        let said = String::from_utf8_lossy(&verified.stdout);
        assert!(verified.status.success(), "{said}");
        assert_eq!(said.matches("signature verified").count(), 3, "{said}");
        assert!(!said.contains("differs") && said.ends_with("; verified\n"), "{said}");
        for signed in [&sbom, &out.join("attestation.cdx.json")] {
            if let Some((valid, said)) = independent_verifier("jsf", &[signed, &public]) {
                assert!(valid && said.contains(&format!("valid {algorithm} {key_id}")), "{signed:?}: {said}");
            }
        }
        if let Some((valid, said)) = independent_verifier("dsse", &[&bundle, &public, std::path::Path::new(key_id)]) {
            assert!(valid, "{said}");
        }

        // One changed byte of the SBOM (a version's digit) is invalid everywhere.
        let copy = keys.join(format!("copy-{kind}"));
        copy_dir(&out, &copy);
        let text = std::fs::read_to_string(copy.join("sbom.cdx.json")).unwrap();
        let at = text.find("\"version\": \"").unwrap() + "\"version\": \"".len();
        let mut bytes = text.into_bytes();
        bytes[at] = if bytes[at] == b'9' { b'8' } else { b'9' };
        std::fs::write(copy.join("sbom.cdx.json"), &bytes).unwrap();
        let tampered = cargo_cra(&["verify", copy.join("sbom.cdx.json").to_str().unwrap()]);
        assert_eq!(tampered.status.code(), Some(2));
        assert!(String::from_utf8_lossy(&tampered.stdout).contains("was changed after it was signed"));
        if let Some((valid, said)) = independent_verifier("jsf", &[&copy.join("sbom.cdx.json")]) {
            assert!(!valid, "{said}");
        }
        let bundled = cargo_cra(&["verify", copy.to_str().unwrap()]);
        assert_eq!(bundled.status.code(), Some(2));
        assert!(String::from_utf8_lossy(&bundled.stdout).contains("changed: `sbom.cdx.json`"));
        if let Some((valid, said)) =
            independent_verifier("dsse", &[&copy.join("bundle.dsse.json"), &public, std::path::Path::new(key_id)])
        {
            assert!(!valid && said.contains("sbom.cdx.json changed"), "{said}");
        }
        std::fs::remove_dir_all(&copy).unwrap();
    }

    verify_as_an_authority_and_refuse_what_is_not_signed(&out, &keys);

    // A document changed or added after signing; an unknown algorithm; another signer.
    let copy = keys.join("copy");
    copy_dir(&out, &copy);
    std::fs::write(copy.join("documents/extra.md"), "added").unwrap();
    let mut declaration = std::fs::read(copy.join("declaration.json")).unwrap();
    declaration.push(b' ');
    std::fs::write(copy.join("declaration.json"), declaration).unwrap();
    let said = String::from_utf8_lossy(&cargo_cra(&["verify", copy.to_str().unwrap()]).stdout).into_owned();
    assert!(said.contains("added: `documents/extra.md`") && said.contains("changed: `declaration.json`"), "{said}");
    let mut document: serde_json::Value =
        serde_json::from_slice(&std::fs::read(copy.join("sbom.cdx.json")).unwrap()).unwrap();
    document["signature"]["algorithm"] = "RS256".into();
    std::fs::write(copy.join("sbom.cdx.json"), document.to_string()).unwrap();
    let unknown = cargo_cra(&["verify", copy.join("sbom.cdx.json").to_str().unwrap()]);
    assert_eq!(unknown.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&unknown.stdout).contains("algorithm `RS256` is not one cra-rs verifies"));
    let other =
        cargo_cra(&["verify", "--public-key", keys.join("ed25519.pub.pem").to_str().unwrap(), sbom.to_str().unwrap()]);
    assert_eq!(other.status.code(), Some(2), "signed by the P-256 key, not the Ed25519 one");
    assert!(String::from_utf8_lossy(&other.stdout).contains("not by the trusted key"));
    // An unsigned build after a signed one leaves no signature over what it rewrote.
    assert!(build(None, None).status.success());
    assert!(!bundle.exists() && !out.join("signing-key.pub.pem").exists());

    std::fs::remove_dir_all(&keys).unwrap();
}

/// What an authority does with the output folder `out` of a build signed with `keys/p256.pem`,
/// and inputs `verify` must refuse: a trusted key but nothing signed, a key twice in one object,
/// a bundle whose public key is gone.
fn verify_as_an_authority_and_refuse_what_is_not_signed(out: &std::path::Path, keys: &std::path::Path) {
    // An authority holds the output folder, not the sources: from an empty folder the signatures
    // and files verify, and the evidence files are said not to be hashed again.
    let authority = keys.join("authority");
    copy_dir(out, &authority.join("door-lock-hub"));
    let offline = Command::new(env!("CARGO_BIN_EXE_cargo-cra"))
        .args([
            "cra",
            "verify",
            "--public-key",
            keys.join("p256.pub.pem").to_str().unwrap(),
            "door-lock-hub",
            "door-lock-hub/sbom.cdx.json",
        ])
        .current_dir(&authority)
        .output()
        .unwrap();
    let said = String::from_utf8_lossy(&offline.stdout);
    assert!(offline.status.success(), "{said}{}", String::from_utf8_lossy(&offline.stderr));
    assert!(
        said.contains("note: the evidence files were not hashed again") && said.contains("not checked; verified"),
        "{said}"
    );
    // A trusted key but nothing signed; a key twice in one object; the key beside a bundle gone.
    let unsigned_only = cargo_cra(&[
        "verify",
        "--public-key",
        keys.join("p256.pub.pem").to_str().unwrap(),
        out.join("declaration.json").to_str().unwrap(),
    ]);
    assert_eq!(unsigned_only.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&unsigned_only.stdout).contains("no input is signed"));
    // A declaration whose text names "bomFormat" looks like CycloneDX at first sight, so the
    // workspace root is not looked for ahead: it is afterwards, and the evidence is checked.
    let mut named: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("declaration.json")).unwrap()).unwrap();
    named["product"]["name"] = "bomFormat".into();
    let named_path = authority.join("named-bomformat.json");
    std::fs::write(&named_path, serde_json::to_vec_pretty(&named).unwrap()).unwrap();
    let said = stdout_of(&["verify", named_path.to_str().unwrap()]);
    assert!(said.contains("bomFormat 2.1.0: ") && said.contains("evidence file(s) checked"), "{said}");
    let sbom_text = std::fs::read_to_string(out.join("sbom.cdx.json")).unwrap();
    let duplicated = authority.join("duplicated.cdx.json");
    std::fs::write(&duplicated, sbom_text.replacen('{', "{\"bomFormat\": \"CycloneDX\", ", 1)).unwrap();
    let twice = cargo_cra(&["verify", duplicated.to_str().unwrap()]);
    assert_eq!(twice.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&twice.stdout).contains("the key `bomFormat` appears twice"));
    // The same for a bundle named by its folder: the same verdict as for its file.
    let folder = authority.join("bundle-twice");
    copy_dir(out, &folder);
    let bundle_text = std::fs::read_to_string(folder.join("bundle.dsse.json")).unwrap();
    std::fs::write(folder.join("bundle.dsse.json"), bundle_text.replacen('{', "{\"payloadType\": \"x\", ", 1)).unwrap();
    let bundle_twice = cargo_cra(&["verify", folder.to_str().unwrap()]);
    assert_eq!(bundle_twice.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bundle_twice.stdout).contains("the key `payloadType` appears twice"));
    std::fs::remove_file(authority.join("door-lock-hub").join("signing-key.pub.pem")).unwrap();
    let keyless = cargo_cra(&["verify", authority.join("door-lock-hub").to_str().unwrap()]);
    assert_eq!(keyless.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&keyless.stderr).contains("signing-key.pub.pem"));
}

/// Bad keys, given with `--sign` or through `signing-key-env`: each an error naming the file and
/// what would be right, before anything is built.
#[test]
fn bad_signing_keys_are_errors_naming_the_file_before_anything_is_built() {
    let keys = std::env::temp_dir().join(format!("cra-bad-keys-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&keys);
    std::fs::create_dir_all(&keys).unwrap();
    let target = nested_target();
    let build =
        |env_key: Option<&std::path::Path>, flag: Option<&std::path::Path>| build_door_lock_hub(&target, env_key, flag);
    let (rsa, _) = openssl_key(&keys, "rsa");
    let (_, public) = openssl_key(&keys, "p256");
    let missing = keys.join("missing.pem");
    let openssl = |args: &[&str], out: &str| {
        let path = keys.join(out);
        let made = Command::new("openssl").args(args).arg("-out").arg(&path).output().unwrap();
        assert!(made.status.success(), "{}", String::from_utf8_lossy(&made.stderr));
        path
    };
    let p384 = openssl(&["genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-384"], "p384.pem");
    let sec1 = openssl(&["ecparam", "-genkey", "-noout", "-name", "prime256v1"], "sec1.pem");
    let encrypted =
        openssl(&["genpkey", "-algorithm", "ed25519", "-aes-256-cbc", "-pass", "pass:secret"], "encrypted.pem");
    let not_pem = keys.join("not-pem.key");
    std::fs::write(&not_pem, [0x30, 0x2e, 0x02, 0x01]).unwrap();
    for (key, expected) in [
        (&rsa, "is a PKCS#8 key of RSA; cra-rs signs with Ed25519 or P-256 only"),
        (&p384, "is a PKCS#8 key of ECDSA P-384"),
        (&sec1, "is a `EC PRIVATE KEY` (SEC1/PKCS#1), not PKCS#8; convert it"),
        (&encrypted, "it is an encrypted private key"),
        (&not_pem, "it is not PEM"),
        (&public, "it is a public key; signing needs the private key"),
        (&missing, "cannot read the key"),
    ] {
        let output = build(None, Some(key));
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(2), "{stderr}");
        assert!(stderr.contains(expected) && stderr.contains(&key.display().to_string()), "{stderr}");
    }
    let from_env = build(Some(&rsa), None);
    assert!(
        String::from_utf8_lossy(&from_env.stderr)
            .contains("the key file `signing-key-env = \"LOCKHUB_SIGNING_KEY\"` names")
    );
    // A release job whose key variable is missing does not ship unsigned under --strict.
    let strict = Command::new(env!("CARGO_BIN_EXE_cargo-cra"))
        .args(["cra", "build", "-p", "door-lock-hub", "--strict"])
        .current_dir(workspace_root())
        .env("CARGO_TARGET_DIR", &target)
        .env_remove("LOCKHUB_SIGNING_KEY")
        .output()
        .unwrap();
    assert_eq!(strict.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&strict.stderr).contains("--strict does not build unsigned"));
    std::fs::remove_dir_all(&keys).unwrap();
}

/// `cargo cra build -p door-lock-hub`, with the key file in the variable its `signing-key-env`
/// names and with `--sign`, as given.
fn build_door_lock_hub(
    target: &std::path::Path,
    env_key: Option<&std::path::Path>,
    flag: Option<&std::path::Path>,
) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_cargo-cra"));
    command.args(["cra", "build", "-p", "door-lock-hub"]).current_dir(workspace_root()).env("CARGO_TARGET_DIR", target);
    command.env_remove("LOCKHUB_SIGNING_KEY");
    if let Some(key) = env_key {
        command.env("LOCKHUB_SIGNING_KEY", key);
    }
    if let Some(key) = flag {
        command.arg("--sign").arg(key);
    }
    command.output().unwrap()
}

fn copy_dir(from: &std::path::Path, to: &std::path::Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap().flatten() {
        let path = entry.path();
        if path.is_dir() {
            copy_dir(&path, &to.join(entry.file_name()));
        } else {
            std::fs::copy(&path, to.join(entry.file_name())).unwrap();
        }
    }
}
