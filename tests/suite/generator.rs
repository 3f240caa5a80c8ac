//! The build-time generator on crates written into temporary folders, run in-process with a
//! given build-script environment: module walking, cfg, metadata errors, outputs, cargo lines.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use cra_core::build::{BuildEnv, BuildError, Builder, Outputs};

/// A throwaway crate in a temporary folder, removed when dropped (also used by `depends_on.rs`).
pub(crate) struct TempCrate {
    pub(crate) dir: PathBuf,
    name: String,
}

use super::depinfo;
use super::fixtures::METADATA;

impl TempCrate {
    pub(crate) fn new(name: &str) -> TempCrate {
        let dir = std::env::temp_dir().join(format!("cra-generator-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join("src")).unwrap();
        let crate_ = TempCrate { dir, name: name.to_owned() };
        crate_.write("Cargo.toml", &format!("[package]\nname = \"{name}\"\nversion = \"1.2.3\"\nedition = \"2024\"\n\n[features]\ncloud = []\n{METADATA}"));
        crate_.write("evidence.md", "evidence\n");
        crate_
    }

    pub(crate) fn write(&self, relative: &str, text: &str) -> &TempCrate {
        let path = self.dir.join(relative);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
        self
    }

    fn env(&self, extra: &[(&str, &str)]) -> BuildEnv {
        let mut vars: Vec<(String, String)> = vec![
            ("CARGO_MANIFEST_DIR".into(), self.dir.display().to_string()),
            ("OUT_DIR".into(), self.dir.join("out").display().to_string()),
            ("CARGO_PKG_NAME".into(), self.name.clone()),
            ("CARGO_PKG_VERSION".into(), "1.2.3".into()),
            ("TARGET".into(), super::fixtures::host().to_owned()),
            ("CARGO".into(), super::fixtures::cargo()),
            ("CARGO_CFG_UNIX".into(), String::new()),
            ("CARGO_CFG_TARGET_OS".into(), "linux".into()),
        ];
        vars.extend(extra.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())));
        BuildEnv::from_vars(vars).unwrap()
    }

    /// Brings Cargo.lock up to date as Cargo would before running a build script. Offline,
    /// starting from the workspace's lockfile: the throwaway crates depend only on packages the
    /// workspace already has, and resolve to the same versions.
    fn lock(&self) {
        let lockfile = self.dir.join("Cargo.lock");
        if !lockfile.is_file() {
            let workspace = Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap();
            std::fs::copy(workspace.join("Cargo.lock"), &lockfile).unwrap();
        }
        let output = std::process::Command::new(super::fixtures::cargo())
            .args(["update", "--workspace", "--offline", "--quiet"])
            .current_dir(&self.dir)
            .output()
            .unwrap();
        assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    }

    pub(crate) fn run(&self, extra: &[(&str, &str)]) -> (Result<Outputs, BuildError>, String) {
        self.lock();
        let mut lines = Vec::new();
        let result = Builder::new().emit_to(&self.env(extra), &mut lines);
        (result, String::from_utf8(lines).unwrap())
    }

    fn component_names(&self) -> Vec<String> {
        let text = std::fs::read_to_string(self.dir.join("out/cra/declaration.json")).unwrap();
        let declaration = cra_core::read::declaration_from_json(&text).unwrap().value;
        declaration
            .components
            .iter()
            .map(|c| format!("{}@{}", c.name, c.crate_name.clone().unwrap_or_default()))
            .collect()
    }
}

impl Drop for TempCrate {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

fn component(name: &str) -> String {
    format!(
        "/// {name} component.\n#[derive(cra_derive::CraComponent)]\n#[cra(name = \"{name}\", addresses(integrity, evidence(test_report = \"evidence.md\")))]\npub struct {name};\n"
    )
}

#[test]
fn follows_the_module_tree_with_cfg_path_and_inline_modules() {
    let krate = TempCrate::new("walk");
    krate
        .write(
            "src/lib.rs",
            &format!(
                "mod a;\n#[path = \"elsewhere/b_impl.rs\"]\nmod b;\n#[cfg(feature = \"cloud\")]\nmod cloud;\n#[cfg(windows)]\nmod win;\nmod inline {{\n{}\n    #[cfg(not(unix))]\n    mod off {{ }}\n}}\n{}",
                component("Inline"),
                component("Root")
            ),
        )
        .write("src/a.rs", &format!("mod nested;\n{}", component("A")))
        .write("src/a/nested.rs", &component("Nested"))
        .write("src/elsewhere/b_impl.rs", &component("B"))
        .write("src/cloud.rs", &component("Cloud"))
        .write("src/win.rs", &component("Windows"))
        .write("src/unused.rs", &component("NotInTree"))
        .write(
            "src/main.rs",
            &format!("fn main() {{}}\nfn helper() {{\n{}}}\n#[cfg_attr(unix, derive(cra_derive::CraComponent))]\n#[cfg_attr(unix, cra(addresses(integrity, evidence(test_report = \"evidence.md\"))))]\n/// Conditional derive.\npub struct ViaCfgAttr;\n", component("InFn")),
        );
    let (result, _) = krate.run(&[]);
    result.unwrap();
    assert_eq!(
        krate.component_names(),
        ["A@walk", "B@walk", "InFn@walk", "Inline@walk", "Nested@walk", "Root@walk", "ViaCfgAttr@walk"]
    );
    let (result, _) = krate.run(&[("CARGO_FEATURE_CLOUD", "1")]);
    result.unwrap();
    assert!(krate.component_names().contains(&"Cloud@walk".to_owned()));
}

#[test]
fn prints_rerun_lines_for_every_file_and_variable_read() {
    let krate = TempCrate::new("rerun");
    krate
        .write("src/lib.rs", &format!("mod a;\nmod plain;\n{}", component("Root")))
        .write("src/a.rs", &component("A"))
        .write("src/plain.rs", "pub fn nothing() {}\n");
    let (result, lines) = krate.run(&[]);
    result.unwrap();
    let rerun: Vec<String> = lines
        .lines()
        .filter_map(|l| l.strip_prefix("cargo:rerun-if-changed="))
        .map(|p| Path::new(p).strip_prefix(&krate.dir).unwrap().display().to_string())
        .collect();
    assert_eq!(rerun, ["Cargo.lock", "Cargo.toml", "evidence.md", "src/a.rs", "src/lib.rs", "src/plain.rs"]);
    assert!(lines.contains("cargo:rerun-if-env-changed=SOURCE_DATE_EPOCH\n"), "{lines}");
}

#[test]
fn evidence_digests_and_gaps_reach_the_outputs() {
    let krate = TempCrate::new("outputs");
    krate.write("src/lib.rs", &component("Root"));
    let (result, lines) = krate.run(&[]);
    let outputs = result.unwrap();
    let declaration = std::fs::read_to_string(&outputs.declaration).unwrap();
    let value: serde_json::Value = serde_json::from_str(&declaration).unwrap();
    let digest = &value["components"][0]["claims"][0]["evidence"][0]["sha256"];
    assert_eq!(
        digest, "bdcf4c994585af6dd6cb1cfbff78bcc73ab27dc30a299db5bb83766ca05b5de4",
        "sha256 of the evidence file's bytes"
    );
    let gaps: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&outputs.gap_report).unwrap()).unwrap();
    assert_eq!(gaps["not_assessed"].as_array().unwrap().len(), 21, "only I.2.f is claimed");
    assert_eq!(outputs.gaps, 21);
    assert!(
        lines.contains("cargo:warning=cra: requirement `I.1` (Cybersecurity appropriate to the risks) is not assessed"),
        "{lines}"
    );
    // Strict mode turns gaps into errors.
    let strict = Builder::new().strict(true).emit_to(&krate.env(&[]), &mut Vec::new()).unwrap_err().render();
    assert!(strict.contains("[strict mode]"), "{strict}");
}

#[test]
fn outputs_are_written_only_when_their_bytes_change() {
    let krate = TempCrate::new("stable");
    krate.write("src/lib.rs", &component("Root"));
    krate.run(&[]).0.unwrap();
    let path = krate.dir.join("out/cra/declaration.json");
    let first = std::fs::metadata(&path).unwrap().modified().unwrap();
    let bytes = std::fs::read(&path).unwrap();
    std::thread::sleep(std::time::Duration::from_millis(20));
    krate.run(&[]).0.unwrap();
    assert_eq!(std::fs::metadata(&path).unwrap().modified().unwrap(), first, "unchanged output is not rewritten");
    assert_eq!(std::fs::read(&path).unwrap(), bytes);
}

#[test]
fn grammar_errors_are_rendered_like_rustc_with_file_line_and_caret() {
    let krate = TempCrate::new("grammar");
    krate.write(
        "src/lib.rs",
        "/// Lock.\n#[derive(cra_derive::CraComponent)]\n#[cra(addresses(acess_control, evidence(test_report = \"evidence.md\")))]\npub struct Lock;\n",
    );
    let error = krate.run(&[]).0.unwrap_err();
    let BuildError::Source(errors) = &error else { panic!("{error}") };
    assert_eq!(errors.len(), 1);
    assert_eq!(errors[0].line_column(), (3, 17));
    let rendered = error.render();
    assert!(
        rendered.contains("error: unknown requirement `acess_control`, did you mean `access_control`?"),
        "{rendered}"
    );
    assert!(rendered.contains("src/lib.rs:3:17"), "{rendered}");
    assert!(rendered.contains("#[cra(addresses(acess_control, evidence"), "{rendered}");
    assert!(rendered.contains("^^^^^^^^^^^^^"), "{rendered}");
}

#[test]
fn a_file_that_does_not_parse_is_skipped_unless_it_may_hold_a_component() {
    let krate = TempCrate::new("broken");
    krate
        .write("src/lib.rs", &format!("mod broken;\nmod candidate;\n{}", component("Root")))
        .write("src/broken.rs", "mod inner;\nfn oops( {\n")
        .write("src/candidate.rs", "#[derive(CraComponent)] struct X {\n");
    let error = krate.run(&[]).0.unwrap_err().render();
    assert!(error.contains("cannot parse this item"), "{error}");
    assert!(error.contains("candidate.rs"), "{error}");
    assert!(!error.contains("broken.rs:"), "{error}");
    krate.write("src/candidate.rs", "");
    let (result, lines) = krate.run(&[]);
    result.unwrap();
    assert!(lines.contains("broken.rs:2: does not parse"), "{lines}");
}

#[test]
fn metadata_mistakes_name_the_file_line_and_key_with_a_suggestion() {
    let krate = TempCrate::new("metadata");
    krate.write("src/lib.rs", &component("Root"));
    let manifest = std::fs::read_to_string(krate.dir.join("Cargo.toml")).unwrap();
    krate.write("Cargo.toml", &manifest.replace("intended-purpose =", "intended-purpos ="));
    let error = krate.run(&[]).0.unwrap_err();
    let BuildError::Source(errors) = &error else { panic!("{error}") };
    let rendered = error.render();
    assert!(rendered.contains("error: unknown field `intended-purpos` in `[package.metadata.cra]`"), "{rendered}");
    assert!(rendered.contains("help: did you mean `intended-purpose`?"), "{rendered}");
    assert!(rendered.contains("Cargo.toml:"), "{rendered}");
    assert_eq!(errors[0].line_column(), (11, 1));

    krate.write("Cargo.toml", &manifest.replace("support-end = \"2032-12\"", "support-end = 2032"));
    let rendered = krate.run(&[]).0.unwrap_err().render();
    assert!(
        rendered.contains("error: `package.metadata.cra.support-end`: invalid type: integer `2032`, expected a year and month as a string `YYYY-MM`"),
        "{rendered}"
    );

    krate.write("Cargo.toml", &manifest.replace("category = \"default\"", "category = \"III.I.71\""));
    let rendered = krate.run(&[]).0.unwrap_err().render();
    assert!(
        rendered.contains("unknown product category `III.I.71`, did you mean `III.I.7`?")
            || rendered.contains("unknown product category `III.I.71`"),
        "{rendered}"
    );

    krate.write("Cargo.toml", &manifest.replace("procedure = \"module_a\"", "procedure = \"module_b\""));
    let rendered = krate.run(&[]).0.unwrap_err().render();
    assert!(rendered.contains("unknown procedure `module_b`"), "{rendered}");

    krate.write("Cargo.toml", &manifest.replace("type = \"T-1\"\n", ""));
    let rendered = krate.run(&[]).0.unwrap_err().render();
    assert!(rendered.contains("missing key `type` in `[package.metadata.cra]`"), "{rendered}");
}

#[test]
fn a_forbidden_procedure_fails_the_build_with_its_article() {
    let krate = TempCrate::new("procedure");
    krate.write("src/lib.rs", &component("Root"));
    let manifest = std::fs::read_to_string(krate.dir.join("Cargo.toml")).unwrap();
    krate.write("Cargo.toml", &manifest.replace("category = \"default\"", "category = \"III.II.2\""));
    let error = krate.run(&[]).0.unwrap_err().render();
    assert!(error.contains("[forbidden_procedure]"), "{error}");
    assert!(error.contains("Art. 32(3)"), "{error}");
}

#[test]
fn the_sbom_lists_what_ships_with_licence_purl_checksum_and_graph_and_only_source_date_epoch_as_time() {
    let krate = TempCrate::new("sbom");
    let manifest = std::fs::read_to_string(krate.dir.join("Cargo.toml")).unwrap();
    krate
        .write(
            "Cargo.toml",
            &manifest.replace(
                "[features]\ncloud = []\n",
                "[features]\ncloud = []\n\n[dependencies]\nitoa = \"1\"\nradio = { path = \"radio\" }\n\n[build-dependencies]\nstrsim = \"0.11\"\n\n[dev-dependencies]\nmemchr = \"2\"\n",
            ),
        )
        .write("src/lib.rs", &component("Root"))
        .write(
            "radio/Cargo.toml",
            "[package]\nname = \"radio\"\nversion = \"2.0.0\"\nedition = \"2024\"\nlicense = \"MIT\"\nauthors = [\"Radio Team <radio@example.test>\"]\n",
        )
        .write("radio/src/lib.rs", "");
    let outputs = krate.run(&[]).0.unwrap();
    let sbom: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(outputs.sbom.unwrap()).unwrap()).unwrap();
    assert_eq!(sbom["specVersion"], "1.6");
    assert!(sbom["metadata"].get("timestamp").is_none());
    let refs: Vec<&str> =
        sbom["components"].as_array().unwrap().iter().map(|c| c["bom-ref"].as_str().unwrap()).collect();
    assert_eq!(refs.len(), 2, "itoa and radio ship; the build- and dev-dependency do not: {refs:?}");
    let itoa = &sbom["components"][0];
    assert!(itoa["purl"].as_str().unwrap().starts_with("pkg:cargo/itoa@1."), "{itoa}");
    assert_eq!(itoa["hashes"][0]["alg"], "SHA-256");
    assert_eq!(itoa["hashes"][0]["content"].as_str().unwrap().len(), 64);
    assert_eq!(itoa["licenses"][0]["expression"], "MIT OR Apache-2.0");
    assert_eq!(itoa["scope"], "required");
    assert!(itoa["externalReferences"].as_array().unwrap().iter().any(|r| r["type"] == "distribution"
        && r["url"].as_str().unwrap().starts_with("https://crates.io/api/v1/crates/itoa/1.")));
    assert_eq!(sbom["compositions"][0]["aggregate"], "complete");
    assert_eq!(sbom["compositions"][0]["dependencies"].as_array().unwrap().len(), 3);
    let radio = &sbom["components"][1];
    assert_eq!(radio["purl"], "pkg:cargo/radio@2.0.0?download_url=file%3Aradio");
    assert_eq!(radio["authors"][0]["email"], "radio@example.test");
    assert_eq!(radio["supplier"]["name"], "Test GmbH", "the manufacturer supplies its own packages");
    assert_eq!(sbom["metadata"]["component"]["name"], "sbom");
    let product = sbom["dependencies"].as_array().unwrap().iter().find(|d| d["ref"] == "sbom@1.2.3").unwrap();
    assert_eq!(product["dependsOn"].as_array().unwrap().len(), 2);
    let radio_deps = sbom["dependencies"].as_array().unwrap().iter().find(|d| d["ref"] == "radio@2.0.0").unwrap();
    assert_eq!(radio_deps["dependsOn"], serde_json::json!([]), "no dependencies is said explicitly");
    let outputs = krate.run(&[("SOURCE_DATE_EPOCH", "1800000000"), ("PROFILE", "release")]);
    assert!(!outputs.1.contains("sbom_without_timestamp"), "{}", outputs.1);
    let sbom: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(outputs.0.unwrap().sbom.unwrap()).unwrap()).unwrap();
    assert_eq!(sbom["metadata"]["timestamp"], "2027-01-15T08:00:00Z");
    // A release without the time (a tarball, no git): the SBOM stays without timestamp, and the
    // warning says so and how to give it; a debug build is not a release and is not warned of.
    let (release, lines) = krate.run(&[("PROFILE", "release")]);
    release.unwrap();
    let warned: Vec<&str> = lines.lines().filter(|l| l.contains("[sbom_without_timestamp]")).collect();
    assert_eq!(warned.len(), 1, "{lines}");
    assert!(warned[0].contains("BSI TR-03183-2") && warned[0].contains("SOURCE_DATE_EPOCH="), "{lines}");
    let (_, lines) = krate.run(&[("PROFILE", "debug")]);
    assert!(!lines.contains("sbom_without_timestamp"), "{lines}");
}

#[test]
fn builder_options_add_crates_and_move_the_outputs() {
    let krate = TempCrate::new("options");
    krate.write("src/lib.rs", &component("Root"));
    // A sibling crate that is not a dependency of the product.
    krate
        .write("plugins/Cargo.toml", "[package]\nname = \"plugins\"\nversion = \"0.3.0\"\nedition = \"2024\"\n")
        .write("plugins/evidence.md", "plugin evidence\n")
        .write("plugins/src/lib.rs", &component("Plugin"));
    let elsewhere = krate.dir.join("declarations");
    krate.lock();
    let outputs =
        Builder::new().include_crate("plugins").out_dir(&elsewhere).emit_to(&krate.env(&[]), &mut Vec::new()).unwrap();
    assert_eq!(outputs.declaration, elsewhere.join("declaration.json"));
    let text = std::fs::read_to_string(&outputs.declaration).unwrap();
    let declaration = cra_core::read::declaration_from_json(&text).unwrap().value;
    let names: Vec<(String, String)> =
        declaration.components.iter().map(|c| (c.name.clone(), c.version.clone())).collect();
    assert_eq!(names, [("Plugin".to_owned(), "0.3.0".to_owned()), ("Root".to_owned(), "1.2.3".to_owned())]);
}

/// Two mistakes of a firmware's build, each an error that says what to do instead of Cargo's
/// own words alone: a target Cargo does not know, and the model (`cra-core`, which needs
/// `std`) among the crates that ship for bare metal.
#[test]
fn an_unknown_target_or_the_model_shipped_for_bare_metal_is_an_error_that_says_what_to_add() {
    let krate = TempCrate::new("bare-metal");
    krate.write("src/lib.rs", &format!("#![no_std]\n{}", component("Root")));
    let error = krate.run(&[("TARGET", "thumbv7em-none-eabihfx"), ("CARGO_CFG_TARGET_OS", "none")]).0.unwrap_err();
    let BuildError::UnknownTarget { target, .. } = &error else { panic!("{error}") };
    assert_eq!(target, "thumbv7em-none-eabihfx");
    let rendered = error.render();
    assert!(rendered.contains("Cargo does not know the target `thumbv7em-none-eabihfx`"), "{rendered}");
    assert!(rendered.contains("`rustc --print target-list` lists the built-in targets"), "{rendered}");
    assert!(rendered.contains("RUST_TARGET_PATH"), "{rendered}");
    assert!(rendered.contains("could not find specification for target"), "Cargo's words are kept: {rendered}");

    // The same crate for a real bare-metal target builds (rustc knows the target's cfg even
    // where its library is not installed).
    let bare_metal = [("TARGET", "thumbv7em-none-eabihf"), ("CARGO_CFG_TARGET_OS", "none")];
    krate.run(&bare_metal).0.unwrap();

    // With the model as a normal dependency: named, with who pulls it in and the fix.
    let manifest = std::fs::read_to_string(krate.dir.join("Cargo.toml")).unwrap();
    let model = Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap().join("cra-core");
    krate.write(
        "Cargo.toml",
        &manifest.replace(
            "[features]\ncloud = []\n",
            &format!(
                "[features]\ncloud = []\n\n[dependencies]\ncra-core = {{ path = {:?} }}\n",
                model.display().to_string()
            ),
        ),
    );
    let error = krate.run(&bare_metal).0.unwrap_err();
    let BuildError::StdOnlyOnBareMetal { package, dependents, .. } = &error else { panic!("{error}") };
    assert_eq!((package.as_str(), dependents.as_slice()), ("cra-core", &["bare-metal 1.2.3".to_owned()][..]));
    let rendered = error.render();
    assert!(
        rendered.contains("`cra-core` needs `std`, but the product is built for `thumbv7em-none-eabihf`"),
        "{rendered}"
    );
    assert!(rendered.contains("in [dependencies] name `cra-component`"), "{rendered}");
    // On a hosted target the model may ship (a service that reads its own declaration).
    krate.run(&[]).0.unwrap();
}

#[test]
fn path_dependencies_join_the_declaration_with_the_features_the_product_asks_for() {
    let krate = TempCrate::new("features");
    let manifest = std::fs::read_to_string(krate.dir.join("Cargo.toml")).unwrap();
    krate
        .write(
            "Cargo.toml",
            &manifest.replace(
                "[features]\ncloud = []\n",
                "[features]\ncloud = []\nfull = [\"radio/extra\"]\n\n[dependencies]\nradio = { path = \"radio\" }\n",
            ),
        )
        .write("src/lib.rs", &component("Root"))
        .write(
            "radio/Cargo.toml",
            "[package]\nname = \"radio\"\nversion = \"2.0.0\"\nedition = \"2024\"\n\n[features]\nextra = []\n",
        )
        .write("radio/evidence.md", "radio evidence\n")
        .write("radio/src/lib.rs", &format!("{}#[cfg(feature = \"extra\")]\nmod extra;\n", component("Radio")))
        .write("radio/src/extra.rs", &component("Extra"));
    krate.run(&[]).0.unwrap();
    assert_eq!(krate.component_names(), ["Radio@radio", "Root@features"]);
    krate.run(&[("CARGO_FEATURE_FULL", "1")]).0.unwrap();
    assert_eq!(krate.component_names(), ["Extra@radio", "Radio@radio", "Root@features"]);
}

#[test]
#[cfg(unix)] // symbolic links
fn evidence_outside_the_package_is_an_error_at_the_token_by_path_or_by_link() {
    let krate = TempCrate::new("outside");
    let outside = std::env::temp_dir().join(format!("cra-outside-secret-{}.md", std::process::id()));
    std::fs::write(&outside, "not the product's\n").unwrap();
    std::os::unix::fs::symlink(&outside, krate.dir.join("link.md")).unwrap();
    let with_evidence = |path: &str| {
        format!(
            "/// Leaky.\n#[derive(cra_derive::CraComponent)]\n#[cra(addresses(integrity, evidence(test_report = \"{path}\")))]\npub struct Leaky;\n"
        )
    };
    krate.write("src/lib.rs", &with_evidence("link.md"));
    let error = krate.run(&[]).0.unwrap_err().render();
    assert!(error.contains("evidence file `link.md` is a link to a file outside the package"), "{error}");
    assert!(error.contains("src/lib.rs:3:"), "{error}");
    krate.write("src/lib.rs", &with_evidence("src/../../etc/passwd"));
    let error = krate.run(&[]).0.unwrap_err().render();
    assert!(error.contains("evidence path `src/../../etc/passwd` leads out of the package"), "{error}");
    // A path that climbs and comes back stays inside: allowed.
    krate.write("src/lib.rs", &with_evidence("src/../evidence.md"));
    krate.run(&[]).0.unwrap();
    std::fs::remove_file(outside).unwrap();
}

#[test]
fn a_failed_run_leaves_the_previous_outputs_intact_and_no_stray_files() {
    let krate = TempCrate::new("intact");
    krate.write("src/lib.rs", &component("Root"));
    let outputs = krate.run(&[]).0.unwrap();
    let before = std::fs::read(&outputs.declaration).unwrap();
    krate.write("src/lib.rs", &component("Root").replace("integrity", "integrityy"));
    krate.run(&[]).0.unwrap_err();
    assert_eq!(std::fs::read(&outputs.declaration).unwrap(), before, "the previous declaration stays");
    let files: Vec<String> = std::fs::read_dir(krate.dir.join("out/cra"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(files.iter().all(|f| Path::new(f).extension().is_none_or(|e| e != "tmp")), "{files:?}");
}

/// The generator's run on a crate in place (outputs in `out`), with the host's cfg as Cargo
/// passes it to build scripts and the given features: the `.rs` files it read, its warnings, and
/// the components it declared.
fn generate_in_place(dir: &Path, out: &Path, features: &[&str]) -> (BTreeSet<PathBuf>, Vec<String>, Vec<String>) {
    let mut vars: Vec<(String, String)> = vec![
        ("CARGO_MANIFEST_DIR".into(), dir.display().to_string()),
        ("OUT_DIR".into(), out.display().to_string()),
        ("CARGO_PKG_NAME".into(), "module-rules".into()),
        ("CARGO_PKG_VERSION".into(), "0.1.0".into()),
    ];
    vars.extend(depinfo::host_cfg_vars());
    // Read by later versions of the generator (`cargo tree` for the SBOM).
    vars.push(("TARGET".into(), depinfo::host_triple()));
    vars.push(("CARGO".into(), std::env::var("CARGO").unwrap_or_else(|_| "cargo".into())));
    vars.extend(features.iter().map(|f| (format!("CARGO_FEATURE_{}", f.to_ascii_uppercase()), "1".to_owned())));
    let mut lines = Vec::new();
    let outputs = Builder::new().emit_to(&BuildEnv::from_vars(vars).unwrap(), &mut lines).unwrap();
    let lines = String::from_utf8(lines).unwrap();
    let read = lines
        .lines()
        .filter_map(|l| l.strip_prefix("cargo:rerun-if-changed="))
        .map(PathBuf::from)
        .filter(|p| p.extension().is_some_and(|e| e == "rs"))
        .collect();
    let warnings = lines.lines().filter_map(|l| l.strip_prefix("cargo:warning=cra: ")).map(str::to_owned).collect();
    let text = std::fs::read_to_string(&outputs.declaration).unwrap();
    let declaration = cra_core::read::declaration_from_json(&text).unwrap().value;
    (read, warnings, declaration.components.iter().map(|c| c.name.clone()).collect())
}

/// The acceptance test of the module walker: on a fixture that exercises each of rustc's module
/// rules, the generator reads exactly the files rustc reads (its dep-info), feature on and off.
#[test]
#[cfg(unix)]
fn module_files_are_the_files_rustc_reads() {
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/module-rules");
    let temp = TempCrate::new("module-rules-rustc");
    let derive = depinfo::stub_cra_derive(&temp.dir.join("stub"));
    let relative = |files: &BTreeSet<PathBuf>| -> Vec<String> {
        files.iter().map(|p| p.strip_prefix(&fixture).unwrap_or(p).display().to_string()).collect()
    };
    for (features, cfgs) in [(&[][..], &[][..]), (&["extra"][..], &["feature=\"extra\""][..])] {
        let dep_info = temp.dir.join(format!("rules-{}.d", features.len()));
        depinfo::rustc_dep_info(
            &fixture.join("src/lib.rs"),
            "module_rules",
            cfgs,
            &[("cra_derive", &derive)],
            &dep_info,
        );
        let by_rustc = depinfo::rust_sources(&dep_info);
        assert!(by_rustc.len() >= 28, "{by_rustc:?}");
        let (by_generator, warnings, components) = generate_in_place(&fixture, &temp.dir.join("out"), features);
        assert_eq!(relative(&by_generator), relative(&by_rustc), "features {features:?}");
        assert!(!warnings.iter().any(|w| w.contains(".rs:")), "{warnings:#?}");
        let mut expected = vec![
            "Child",
            "ChosenUnix",
            "Deeper",
            "DeeperInlineW",
            "DirMod",
            "DirModInlX",
            "DirModSub",
            "GatedOn",
            "GatedOnChild",
            "Grandchild",
            "InClosure",
            "InConst",
            "InFn",
            "InFnDeep",
            "InIf",
            "InImpl",
            "InTrait",
            "Inside",
            "OnlyUnix",
            "OuterByPath",
            "OuterLeaf",
            "Pathed",
            "PdirQ",
            "Plain",
            "PlainFn",
            "PlainSibling",
            "RawType",
            "Renamed",
            "RenamedInlZ",
            "Root",
            "Sibling",
            "SubSub",
        ];
        if !features.is_empty() {
            expected.extend(["Extra", "ExtraChild", "GatedChild", "GatedInner"]);
        }
        expected.sort_unstable();
        assert_eq!(components, expected, "features {features:?}");
    }
}

/// Scans the library of the crate in `dir` alone with `unix` and `target_os = "linux"` set.
fn scan_lib(dir: &Path) -> cra_core::build::walk::Scan {
    let mut scan = cra_core::build::walk::Scan::default();
    scan_root_into(dir, "bad", "src/lib.rs", &mut scan);
    scan
}

/// Scans the crate `name` rooted at `dir/root` into `scan` (several crates share one scan, as
/// in a build).
fn scan_root_into(dir: &Path, name: &str, root: &str, scan: &mut cra_core::build::walk::Scan) {
    let info = cra_core::build::walk::CrateInfo {
        package: name.into(),
        version: "1.0.0".into(),
        dir: dir.to_path_buf(),
        roots: vec![(name.into(), dir.join(root))],
        features: BTreeSet::new(),
        build_script: true,
        externs: std::collections::BTreeMap::new(),
    };
    let target = [("unix", ""), ("target_os", "linux")]
        .into_iter()
        .map(|(k, v)| (k.to_owned(), v.split(',').filter(|v| !v.is_empty()).map(str::to_owned).collect()))
        .collect();
    let cfg = cra_core::build::walk::CfgContext { features: BTreeSet::new(), target, own_build_script: true };
    cra_core::build::walk::scan_crate(&info, &cfg, scan);
}

#[test]
fn a_file_under_several_names_or_in_two_crates_is_walked_once_and_every_name_is_watched() {
    let krate = TempCrate::new("aliases");
    krate
        .write("src/lib.rs", "mod a;\n#[path = \"./a.rs\"]\nmod b;\n")
        .write("src/a.rs", &component("A"))
        .write("src/other.rs", "#[path = \"a.rs\"]\nmod shared;\n");
    #[cfg(unix)]
    std::fs::write(krate.dir.join("src/lib.rs"), "mod a;\n#[path = \"./a.rs\"]\nmod b;\nmod c;\n").unwrap();
    #[cfg(unix)]
    std::os::unix::fs::symlink("a.rs", krate.dir.join("src/c.rs")).unwrap();
    let mut scan = cra_core::build::walk::Scan::default();
    scan_root_into(&krate.dir, "one", "src/lib.rs", &mut scan);
    scan_root_into(&krate.dir, "two", "src/other.rs", &mut scan);
    let found: Vec<(&str, &str)> =
        scan.components.iter().map(|c| (c.component.name.as_str(), c.module_path.as_str())).collect();
    assert_eq!(found, [("A", "one::a")], "{:#?}", scan.warnings);
    let mut names = vec!["src/lib.rs", "src/a.rs", "src/./a.rs", "src/other.rs"];
    if cfg!(unix) {
        names.push("src/c.rs");
    }
    for name in names {
        assert!(scan.files.contains(krate.dir.join(name).as_os_str()), "{name} not watched: {:#?}", scan.files);
    }
    assert!(scan.warnings.is_empty(), "{:#?}", scan.warnings);
}

/// The warning that starts with `at` (`src/lib.rs:3`), which must exist and contain `text`.
fn warning_at(scan: &cra_core::build::walk::Scan, dir: &Path, at: &str, text: &str) -> String {
    let prefix = format!("{}:", dir.join(at).display());
    scan.warnings
        .iter()
        .map(ToString::to_string)
        .find(|w| w.starts_with(&prefix) && w.contains(text))
        .unwrap_or_else(|| panic!("no warning at {at} with {text:?} in {:#?}", scan.warnings))
}

#[test]
fn bad_module_trees_are_warnings_with_file_and_line_never_a_panic_or_a_hang() {
    let krate = TempCrate::new("bad-trees");
    krate
        .write(
            "src/lib.rs",
            "mod a;\n#[path = \"missing.rs\"]\nmod gone;\nmod both;\nmod absent;\nmod latin1;\nmod unclosed;\nfn f() {\n    mod in_block;\n}\n#[path = \"lib.rs\"]\nmod again;\nmod looping;\nmod dirloop;\nmod hidden;\nmod spelled;\n",
        )
        .write("src/a.rs", &format!("#[path = \"b.rs\"]\nmod b;\n{}", component("A")))
        .write("src/b.rs", "#[path = \"a.rs\"]\nmod a;\n")
        .write("src/both.rs", "")
        .write("src/both/mod.rs", "")
        .write("src/unclosed.rs", "mod x;\nfn f() {\n    (\n}\n")
        .write("src/in_block.rs", &component("NotInTree"))
        .write("src/hidden.rs", &format!("macro_rules! hidden {{\n    () => {{\n{}    }};\n}}\n", component("Hidden")))
        // The same file under a new spelling in every round: a cycle all the same.
        .write("src/spelled.rs", "#[path = \"./spelled.rs\"]\nmod again;\n");
    std::fs::write(krate.dir.join("src/latin1.rs"), b"mod x;\n// caf\xe9\n").unwrap();
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink("looping.rs", krate.dir.join("src/looping.rs")).unwrap();
        std::os::unix::fs::symlink("dirloop", krate.dir.join("src/dirloop")).unwrap();
    }
    let scan = scan_lib(&krate.dir);
    assert!(scan.errors.is_empty());
    let names: Vec<&str> = scan.components.iter().map(|c| c.component.name.as_str()).collect();
    assert_eq!(names, ["A"]);
    warning_at(&scan, &krate.dir, "src/b.rs:2", "circular modules");
    warning_at(&scan, &krate.dir, "src/lib.rs:3", "no `#[path]` file for module `gone` found");
    warning_at(&scan, &krate.dir, "src/lib.rs:4", "both");
    warning_at(&scan, &krate.dir, "src/lib.rs:5", "no file for module `absent` found");
    warning_at(&scan, &krate.dir, "src/latin1.rs", "is not UTF-8");
    warning_at(&scan, &krate.dir, "src/unclosed.rs:2", "does not parse (unbalanced brackets)");
    warning_at(&scan, &krate.dir, "src/lib.rs:9", "`mod in_block;` in a block needs `#[path]`");
    warning_at(&scan, &krate.dir, "src/lib.rs:12", "circular modules");
    #[cfg(unix)]
    {
        warning_at(&scan, &krate.dir, "src/lib.rs:13", "cannot read");
        warning_at(&scan, &krate.dir, "src/lib.rs:14", "cannot read");
    }
    warning_at(&scan, &krate.dir, "src/hidden.rs:1", "cra-rs does not look inside it");
    warning_at(&scan, &krate.dir, "src/spelled.rs:2", "circular modules");
    assert!(!scan.warnings.iter().any(|w| w.to_string().contains("nest more than")), "{:#?}", scan.warnings);
    for warning in scan.warnings.iter().filter(|w| !w.to_string().contains("hidden.rs")) {
        assert!(warning.message.contains("rustc will usually report the same as an error"), "{warning}");
    }
}

#[test]
fn undecidable_cfg_marks_components_undetermined_and_warns() {
    let krate = TempCrate::new("undecidable");
    krate
        .write(
            "src/lib.rs",
            &format!(
                "#[cfg(has_custom)]\nmod maybe;\n#[cfg(any(windows, not(other_custom)))]\n{}#[cfg(all(windows, has_custom))]\nmod never;\n{}",
                component("Direct"),
                component("Certain")
            ),
        )
        .write("src/maybe.rs", &component("Maybe"))
        .write("src/never.rs", &component("Never"));
    let scan = scan_lib(&krate.dir);
    let found: Vec<(&str, Option<&str>)> =
        scan.components.iter().map(|c| (c.component.name.as_str(), c.component.undetermined.as_deref())).collect();
    assert_eq!(
        found,
        [
            ("Maybe", Some("cfg(`has_custom`) at src/lib.rs:2 cannot be decided at build time")),
            ("Direct", Some("cfg(`other_custom`) at src/lib.rs:7 cannot be decided at build time")),
            ("Certain", None),
        ]
    );
    warning_at(&scan, &krate.dir, "src/lib.rs:2", "cfg(`has_custom`) cannot be decided");
    warning_at(&scan, &krate.dir, "src/lib.rs:7", "cfg(`other_custom`) cannot be decided");
}

#[test]
#[cfg(unix)]
fn a_crate_under_a_non_utf8_directory_name_is_scanned_with_a_warning() {
    use std::os::unix::ffi::OsStrExt;
    let base = TempCrate::new("non-utf8");
    let dir = base.dir.join(std::ffi::OsStr::from_bytes(b"caf\xe9"));
    std::fs::create_dir_all(dir.join("src")).unwrap();
    std::fs::write(dir.join("src/lib.rs"), format!("mod a;\n{}", component("Root"))).unwrap();
    std::fs::write(dir.join("src/a.rs"), component("A")).unwrap();
    std::fs::write(dir.join("evidence.md"), "evidence\n").unwrap();
    let scan = scan_lib(&dir);
    let names: Vec<&str> = scan.components.iter().map(|c| c.component.name.as_str()).collect();
    assert_eq!(names, ["A", "Root"]);
    assert!(scan.warnings.iter().any(|w| w.to_string().contains("the path is not UTF-8")), "{:#?}", scan.warnings);
}

#[test]
fn a_50_mb_generated_file_is_read_in_full_with_a_warning() {
    let krate = TempCrate::new("large");
    let mut big = String::with_capacity(51 << 20);
    let mut i = 0;
    while big.len() < 50 << 20 {
        use std::fmt::Write as _;
        let _ = writeln!(big, "pub const C{i}: [u32; 4] = [{i}, {i}, {i}, {i}]; // mod fake; {{ (");
        i += 1;
    }
    big.push_str(&component("AtTheEnd"));
    big.push_str("#[derive(CraComponent)]\nstruct Deep { a: ");
    big.push_str(&"[".repeat(20_000));
    big.push_str("u8");
    big.push_str(&"; 1]".repeat(20_000));
    big.push_str(" }\n");
    krate.write("src/lib.rs", "mod big;\n").write("src/big.rs", &big);
    let started = std::time::Instant::now();
    let scan = scan_lib(&krate.dir);
    assert!(started.elapsed().as_secs() < 120, "{:?}", started.elapsed());
    let names: Vec<&str> = scan.components.iter().map(|c| c.component.name.as_str()).collect();
    assert_eq!(names, ["AtTheEnd"]);
    warning_at(&scan, &krate.dir, "src/big.rs", "MB of source, read in full");
    assert_eq!(scan.errors.len(), 1);
    assert!(scan.errors[0].message.contains("this item is not read: it has more than"), "{}", scan.errors[0].message);
}

/// A shape of nesting: its name, the text nested `n` tokens deep, and whether that parses.
type NestingShape = (&'static str, fn(usize) -> String, bool);

/// A component whose one field has the type `ty`.
fn deep_component(ty: &str) -> String {
    format!(
        "#[derive(CraComponent)]\n#[cra(name = \"Deep\", description = \"Deep.\")]\npub struct Deep {{ a: {ty} }}\n"
    )
}

/// syn parses recursively; the walk runs on a large stack and gives syn only items whose
/// nesting that stack holds. Each shape is the deepest the budget admits (the generic one, the
/// most stack per token measured, 49.5 KiB unoptimized, at half the stack), then one token more:
/// parsed (or a syntax error) below the budget, an error naming the item above it, never a
/// stack overflow of the build script.
#[test]
fn items_nested_up_to_the_budget_are_parsed_and_deeper_ones_are_an_error_never_a_stack_overflow() {
    // The budget: 1 GiB / 96 KiB per counted token (`build/walk/stack.rs`).
    let budget = (1usize << 30) / (96 << 10);
    let shapes: [NestingShape; 5] = [
        // `A<` is one counted token; the field, braces and attribute take the rest.
        ("unclosed generics", |n| deep_component(&"A<".repeat(n)), false),
        ("closures", |n| deep_component(&format!("[u8; {}0]", "|| ".repeat(n / 2))), true),
        ("unary minus", |n| deep_component(&format!("[u8; {}0]", "-".repeat(n))), true),
        ("qualified paths", |n| deep_component(&format!("{}u8", "<".repeat(n))), false),
        ("brackets", |n| deep_component(&format!("{}u8{}", "[".repeat(n / 2), "; 1]".repeat(n / 2))), true),
    ];
    for (shape, text, parses) in shapes {
        let krate = TempCrate::new("nesting");
        // The attribute, struct, braces and field name: the same in every shape.
        let overhead = 30;
        krate.write("src/lib.rs", &text(budget - overhead));
        let scan = scan_lib(&krate.dir);
        if parses {
            assert!(
                scan.errors.is_empty(),
                "{shape}: {:?}",
                scan.errors.iter().map(|e| &e.message).collect::<Vec<_>>()
            );
            assert_eq!(scan.components.len(), 1, "{shape}");
        } else {
            assert_eq!(scan.errors.len(), 1, "{shape}");
            assert!(
                scan.errors[0].message.starts_with("cannot parse this item"),
                "{shape}: {}",
                scan.errors[0].message
            );
        }
        krate.write("src/lib.rs", &text(budget + 2));
        let scan = scan_lib(&krate.dir);
        assert!(scan.components.is_empty(), "{shape}");
        assert_eq!(scan.errors.len(), 1, "{shape}");
        let message = &scan.errors[0].message;
        assert!(
            message.contains(&format!("at most {budget} such tokens per item on its 1024 MiB stack")),
            "{shape}: {message}"
        );
    }
    // A macro invocation that holds a component is read too: over the budget, an error.
    let krate = TempCrate::new("nesting-macro");
    let deep = deep_component(&format!("[u8; {}0]", "-".repeat(budget)));
    krate.write("src/lib.rs", &format!("cfg_if::cfg_if! {{\n    if #[cfg(unix)] {{\n{deep}    }}\n}}\n"));
    let scan = scan_lib(&krate.dir);
    assert!(scan.components.is_empty());
    let messages: Vec<&str> = scan.errors.iter().map(|e| e.message.as_str()).collect();
    assert_eq!(messages.len(), 1, "{messages:?}");
    assert!(messages[0].starts_with("this macro item is not read: it has more than"), "{messages:?}");
}

#[test]
fn modules_nested_beyond_the_limit_are_a_warning_not_a_stack_overflow() {
    let krate = TempCrate::new("deep-modules");
    let depth = 300;
    let text = format!("{}{}{}", "mod m {\n".repeat(depth), component("Deepest"), "}\n".repeat(depth));
    krate.write("src/lib.rs", &text);
    let scan = scan_lib(&krate.dir);
    assert!(scan.components.is_empty());
    warning_at(&scan, &krate.dir, "src/lib.rs:129", "modules nest more than 128 deep here");
}

#[test]
fn a_cfg_if_branch_behind_a_cfg_only_a_build_script_could_set_is_walked_undetermined() {
    let krate = TempCrate::new("branches");
    krate
        .write(
            "src/lib.rs",
            "cfg_if::cfg_if! {\n    if #[cfg(fast_backend)] {\n        mod fast;\n    } else if #[cfg(unix)] {\n        mod portable;\n    } else {\n        mod fallback;\n    }\n}\n",
        )
        .write("src/fast.rs", &component("Fast"))
        .write("src/portable.rs", &component("Portable"))
        .write("src/fallback.rs", &component("Fallback"));
    let undetermined = |krate: &TempCrate| -> Vec<(String, bool)> {
        let text = std::fs::read_to_string(krate.dir.join("out/cra/declaration.json")).unwrap();
        let declaration = cra_core::read::declaration_from_json(&text).unwrap().value;
        declaration.components.iter().map(|c| (c.name.clone(), c.undetermined.is_some())).collect()
    };
    // Without a build script of its own, the crate's cfgs all come from rustc and RUSTFLAGS,
    // which Cargo passes as CARGO_CFG_*: `fast_backend` is unset.
    krate.run(&[]).0.unwrap();
    assert_eq!(undetermined(&krate), [("Portable".to_owned(), false)]);
    // With one, `cargo:rustc-cfg=fast_backend` may set it unseen: both branches that may be
    // taken are declared, undetermined, with a warning.
    krate.write("build.rs", "fn main() {}\n");
    let (result, lines) = krate.run(&[]);
    result.unwrap();
    assert_eq!(undetermined(&krate), [("Fast".to_owned(), true), ("Portable".to_owned(), true)]);
    assert!(
        lines.contains("src/lib.rs:1: cfg(`fast_backend`) in `cfg_if!` cannot be decided at build time"),
        "{lines}"
    );
}

#[test]
fn metadata_dates_accept_toml_literals_and_strings_and_name_the_expected_form() {
    let krate = TempCrate::new("dates");
    krate.write("src/lib.rs", &component("Root"));
    let manifest = std::fs::read_to_string(krate.dir.join("Cargo.toml")).unwrap();
    let literal = manifest.replace("placed-on-market = \"2027-12-11\"", "placed-on-market = 2027-12-11");
    krate.write("Cargo.toml", &literal);
    let outputs = krate.run(&[]).0.unwrap();
    let declaration: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(outputs.declaration).unwrap()).unwrap();
    assert_eq!(declaration["support_period"]["placed_on_market"], "2027-12-11");

    krate.write(
        "Cargo.toml",
        &manifest.replace("placed-on-market = \"2027-12-11\"", "placed-on-market = \"11.12.2027\""),
    );
    let error = krate.run(&[]).0.unwrap_err();
    let rendered = error.render();
    assert!(
        rendered.contains(
            "error: `package.metadata.cra.placed-on-market`: expected `YYYY-MM-DD`, e.g. `2027-12-11`, found `11.12.2027`"
        ),
        "{rendered}"
    );
    assert!(rendered.contains("Cargo.toml:"), "{rendered}");

    // Every wrong key in one pass, each at its line, with the missing required keys.
    let several = manifest
        .replace("placed-on-market = \"2027-12-11\"", "placed-on-market = \"11.12.2027\"")
        .replace("support-end = \"2032-12\"", "support-end = \"12/2032\"")
        .replace("type = \"T-1\"\n", "");
    krate.write("Cargo.toml", &several);
    let error = krate.run(&[]).0.unwrap_err();
    let BuildError::Source(errors) = &error else { panic!("{error}") };
    let rendered = error.render();
    assert_eq!(errors.len(), 3, "{rendered}");
    assert!(rendered.contains("`package.metadata.cra.placed-on-market`: expected `YYYY-MM-DD`"), "{rendered}");
    assert!(rendered.contains("`package.metadata.cra.support-end`: `12/2032` is not a year and month"), "{rendered}");
    assert!(rendered.contains("missing key `type`"), "{rendered}");
    let line_of = |key: &str| several.lines().position(|l| l.starts_with(key)).unwrap() + 1;
    assert_eq!(errors[0].line_column(), (line_of("placed-on-market"), 1));
    assert_eq!(errors[1].line_column(), (line_of("support-end"), 1));
}

#[test]
fn metadata_validation_errors_name_the_file_line_and_key_together_art_13_8() {
    let krate = TempCrate::new("metadata-rules");
    krate.write("src/lib.rs", &component("Root"));
    let manifest = std::fs::read_to_string(krate.dir.join("Cargo.toml")).unwrap();
    let wrong = manifest
        .replace("support-end = \"2032-12\"", "support-end = \"2027-06\"")
        .replace("category = \"default\"", "category = \"III.II.2\"");
    krate.write("Cargo.toml", &wrong);
    let error = krate.run(&[]).0.unwrap_err();
    let BuildError::Source(errors) = &error else { panic!("{error}") };
    let rendered = error.render();
    assert_eq!(errors.len(), 2, "{rendered}");
    assert!(
        rendered.contains("[support_end_before_placing] at `package.metadata.cra.support-end` (Art. 13(8))"),
        "{rendered}"
    );
    assert!(rendered.contains("[forbidden_procedure] at `package.metadata.cra.procedure`"), "{rendered}");
    let mut codes: Vec<_> = errors.iter().map(|e| e.code).collect();
    codes.sort();
    assert_eq!(
        codes,
        [
            Some(cra_core::validate::ValidationCode::ForbiddenProcedure),
            Some(cra_core::validate::ValidationCode::SupportEndBeforePlacing)
        ],
        "each error carries its rule"
    );
    let line_of = |key: &str| wrong.lines().position(|l| l.starts_with(key)).unwrap() + 1;
    let mut lines: Vec<usize> = errors.iter().map(|e| e.line_column().0).collect();
    lines.sort_unstable();
    let mut expected = vec![line_of("support-end"), line_of("procedure")];
    expected.sort_unstable();
    assert_eq!(lines, expected);

    // A key of the wrong form and a validation error of another key: both in the same run.
    let both = wrong.replace("cvd-policy-url = ", "sbom-url = 42\ncvd-policy-url = ");
    krate.write("Cargo.toml", &both);
    let rendered = krate.run(&[]).0.unwrap_err().render();
    assert!(rendered.contains("`package.metadata.cra.sbom-url`: invalid type: integer `42`"), "{rendered}");
    assert!(rendered.contains("[forbidden_procedure] at `package.metadata.cra.procedure`"), "{rendered}");
    assert!(rendered.contains("[support_end_before_placing]"), "{rendered}");

    // Validation runs once, on the whole declaration: mistakes in the metadata's keys do not
    // stop the build before the walk, so an attribute mistake in the source is in the same run
    // (a mistake in the source stops the build before validation, which would judge components
    // that could not be read), and the summary follows the located errors.
    krate.write(
        "src/lib.rs",
        "/// Lock.\n#[derive(cra_derive::CraComponent)]\n#[cra(addresses(acess_control, evidence(test_report = \"evidence.md\")))]\npub struct Lock;\n",
    );
    let error = krate.run(&[]).0.unwrap_err();
    let BuildError::Source(errors) = &error else { panic!("{}", error.render()) };
    let rendered = error.render();
    assert_eq!(errors.len(), 2, "{rendered}");
    assert!(rendered.contains("unknown requirement `acess_control`"), "{rendered}");
    assert!(rendered.contains("`package.metadata.cra.sbom-url`: invalid type"), "{rendered}");
    assert!(rendered.ends_with("error: cra-rs found 2 mistakes in the product's source or manifests"), "{rendered}");
    assert_eq!(error.to_string(), "cra-rs found 2 mistakes in the product's source or manifests");
}

#[test]
fn product_level_metadata_reaches_the_declaration_art_13_3_4() {
    let krate = TempCrate::new("product-keys");
    krate.write("src/lib.rs", &component("Root"));
    let manifest = std::fs::read_to_string(krate.dir.join("Cargo.toml")).unwrap();
    let extended = manifest.replace(
        "[package.metadata.cra.manufacturer]",
        r#"expected-use-time = { years = 5 }
security-properties = ["signed updates"]
technical-documentation-url = "https://example.test/techdoc"
instructions = { a = "commission it", e = "automatic updates cannot be turned off: they are required" }

[package.metadata.cra.not-applicable]
"I.2.m" = { justification = "stores no user data", risk-assessment = "https://example.test/risk-assessment#m" }
data_minimisation = { justification = "processes no personal data", risk-assessment = "https://example.test/risk-assessment#g" }

[[package.metadata.cra.specifications]]
kind = "harmonised_standard"
reference = "EN 40000-1-2"
coverage = { "I" = "partial", confidentiality = "full", "II.1..II.3" = "full" }

[package.metadata.cra.manufacturer]"#,
    );
    krate.write("Cargo.toml", &extended);
    let outputs = krate.run(&[]).0.unwrap();
    let declaration: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(outputs.declaration).unwrap()).unwrap();
    assert_eq!(declaration["not_applicable"]["I.2.m"]["justification"], "stores no user data");
    assert_eq!(
        declaration["not_applicable"]["I.2.g"]["risk_assessment"]["url"],
        "https://example.test/risk-assessment#g"
    );
    assert_eq!(declaration["support_period"]["expected_use_time"]["years"], 5);
    assert_eq!(declaration["specifications"][0]["coverage"]["I.2.e"], "full");
    assert_eq!(declaration["specifications"][0]["coverage"]["I.2.a"], "partial");
    assert_eq!(
        declaration["user_information"]["instructions"]["e"],
        "automatic updates cannot be turned off: they are required"
    );
    assert_eq!(declaration["status"], "draft");
    let gaps: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&outputs.gap_report).unwrap()).unwrap();
    assert!(gaps["not_assessed"].as_array().unwrap().iter().all(|g| g["requirement"] != "I.2.m"));

    // A risk assessment named by path must exist.
    krate.write("Cargo.toml", &extended.replace("https://example.test/risk-assessment#m", "docs/missing.md"));
    let rendered = krate.run(&[]).0.unwrap_err().render();
    assert!(
        rendered.contains(
            "the risk assessment `docs/missing.md` named at `package.metadata.cra.not-applicable.I.2.m` does not exist"
        ),
        "{rendered}"
    );
}

/// Makes `dir` read-only for this process: by its mode, and where that does not hold (root
/// ignores modes) by the immutable attribute; the returned guard makes it writable again.
#[cfg(target_os = "linux")]
struct ReadOnly(PathBuf);

#[cfg(target_os = "linux")]
impl ReadOnly {
    fn new(dir: &Path) -> ReadOnly {
        use std::os::unix::fs::PermissionsExt as _;
        std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o555)).unwrap();
        let probe = dir.join(".probe");
        if std::fs::write(&probe, "").is_ok() {
            std::fs::remove_file(&probe).unwrap();
            let status = std::process::Command::new("chattr").arg("+i").arg(dir).status();
            assert!(status.is_ok_and(|s| s.success()), "cannot make {} read-only (chattr +i)", dir.display());
        }
        assert!(std::fs::write(&probe, "").is_err(), "{} is still writable", dir.display());
        ReadOnly(dir.to_path_buf())
    }
}

#[cfg(target_os = "linux")]
impl Drop for ReadOnly {
    fn drop(&mut self) {
        use std::os::unix::fs::PermissionsExt as _;
        let _ = std::process::Command::new("chattr").arg("-i").arg(&self.0).status();
        let _ = std::fs::set_permissions(&self.0, std::fs::Permissions::from_mode(0o755));
    }
}

#[cfg(target_os = "linux")]
fn names_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> =
        std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    names.sort();
    names
}

/// Failure injection: an output folder that cannot be written is an error naming the file; the
/// previous outputs stay as they were and nothing stray is left.
#[test]
#[cfg(target_os = "linux")]
fn a_read_only_output_folder_is_an_error_naming_the_file_and_the_previous_outputs_stay() {
    let krate = TempCrate::new("readonly");
    krate.write("src/lib.rs", &component("Root"));
    let outputs = krate.run(&[]).0.unwrap();
    let before = std::fs::read(&outputs.declaration).unwrap();
    let names = names_in(&krate.dir.join("out/cra"));
    krate.write("src/lib.rs", &format!("{}{}", component("Root"), component("Second")));
    let error = {
        let _read_only = ReadOnly::new(&krate.dir.join("out/cra"));
        krate.run(&[]).0.unwrap_err()
    };
    assert!(matches!(error, BuildError::Io { .. }), "{error:?}");
    let message = error.render();
    let declaration = krate.dir.join("out/cra/declaration.json");
    assert!(message.starts_with(&format!("error: cannot access `{}`: ", declaration.display())), "{message}");
    assert!(std::error::Error::source(&error).is_some(), "the OS error is kept as the source");
    assert_eq!(std::fs::read(&outputs.declaration).unwrap(), before);
    assert_eq!(names_in(&krate.dir.join("out/cra")), names, "nothing stray");
}

/// Failure injection: an evidence file that is missing, or there but unreadable, when the
/// generator hashes it is an error at its token: the grammar's check finds a missing file; a
/// directory in its place passes that check and fails the read, the path a file removed
/// between the check and the hash takes. The previous outputs stay.
#[test]
fn an_evidence_file_missing_or_unreadable_when_hashed_is_an_error_at_its_token_and_the_previous_outputs_stay() {
    let krate = TempCrate::new("gone");
    krate.write("src/lib.rs", &component("Root"));
    let outputs = krate.run(&[]).0.unwrap();
    let before = std::fs::read(&outputs.declaration).unwrap();
    std::fs::remove_file(krate.dir.join("evidence.md")).unwrap();
    let at = format!("{}:3:66", krate.dir.join("src/lib.rs").display());
    let error = krate.run(&[]).0.unwrap_err().render();
    assert!(error.contains("evidence file `evidence.md` does not exist") && error.contains(&at), "{error}");
    std::fs::create_dir(krate.dir.join("evidence.md")).unwrap();
    let error = krate.run(&[]).0.unwrap_err().render();
    assert!(error.contains("cannot read evidence file `evidence.md`") && error.contains(&at), "{error}");
    assert_eq!(std::fs::read(&outputs.declaration).unwrap(), before);
}

/// Every `FILL IN` is an error at its value, naming its key, once: a placeholder date is not also
/// a date of the wrong form, nor a missing key; a placeholder in `[workspace.metadata.cra]` counts
/// where the product takes the key from there, not where the product sets the key itself
/// (Art. 28(1)).
#[test]
fn placeholders_are_errors_at_their_values_also_inherited_ones_art_28_1() {
    let krate = TempCrate::new("placeholders");
    krate.write("src/lib.rs", &component("Root"));
    let manifest = std::fs::read_to_string(krate.dir.join("Cargo.toml")).unwrap();
    let unfinished = manifest
        .replace("placed-on-market = \"2027-12-11\"", "placed-on-market = \"FILL IN: YYYY-MM-DD\"")
        .replace("postal-address = \"Teststrasse 1, Berlin\"", "postal-address = \"FILL IN\"")
        .replace("vulnerability-contact = \"psirt@example.test\"\n", "")
        + "\n[workspace]\n\n[workspace.metadata.cra]\nvulnerability-contact = \"FILL IN: email or URL\"\ntype = \"FILL IN\"\n";
    krate.write("Cargo.toml", &unfinished);
    let error = krate.run(&[]).0.unwrap_err();
    let BuildError::Source(errors) = &error else { panic!("{error}") };
    let rendered = error.render();
    let mut keys: Vec<&str> = errors.iter().filter_map(|e| e.message.split('`').nth(1)).collect();
    keys.sort_unstable();
    assert_eq!(
        keys,
        [
            "package.metadata.cra.manufacturer.postal-address",
            "package.metadata.cra.placed-on-market",
            "workspace.metadata.cra.vulnerability-contact"
        ],
        "{rendered}"
    );
    assert!(errors.iter().all(|e| e.message.contains("is still a placeholder [placeholder]")), "{rendered}");
    let line_of = |key: &str| unfinished.lines().position(|l| l.starts_with(key)).unwrap() + 1;
    let placed = errors.iter().find(|e| e.message.contains("placed-on-market")).unwrap();
    assert_eq!(placed.line_column().0, line_of("placed-on-market"));
    assert!(!rendered.contains("expected `YYYY-MM-DD`") && !rendered.contains("missing key"), "{rendered}");
}
