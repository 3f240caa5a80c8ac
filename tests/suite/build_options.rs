//! The generator's options cross from cra-build to cra-core as command-line arguments (cra-build
//! may not depend on cra-core): every combination cra-build writes reads back as the same
//! options set on cra-core's builder, and an argument that is no option is an error that names it.

use cra_core::build::{Builder, OptionsError};

#[test]
fn cra_build_and_cra_core_builders_agree_on_every_option() {
    let folders: [&[&str]; 3] = [&[], &["shared/drivers"], &["a", "b c"]];
    let mut combinations = 0;
    for strict in [false, true] {
        for watch in [false, true] {
            for out_dir in [None, Some("out/cra dir")] {
                for crates in folders {
                    let mut from_build = cra_build::Builder::new().strict(strict).watch_package(watch);
                    let mut in_core = Builder::new().strict(strict).watch_package(watch);
                    if let Some(dir) = out_dir {
                        from_build = from_build.out_dir(dir);
                        in_core = in_core.out_dir(dir);
                    }
                    for dir in crates {
                        from_build = from_build.include_crate(dir);
                        in_core = in_core.include_crate(dir);
                    }
                    let arguments = from_build.arguments();
                    assert_eq!(arguments, in_core.arguments(), "the two write the same form");
                    assert_eq!(Builder::from_arguments(arguments).as_ref(), Ok(&in_core));
                    combinations += 1;
                }
            }
        }
    }
    assert_eq!(combinations, 24);
    assert_ne!(Builder::new().strict(true), Builder::new(), "the comparison sees the options");
}

#[test]
fn arguments_that_are_no_option_are_errors_that_name_them() {
    assert_eq!(Builder::from_arguments(["--strict", "--bogus"]), Err(OptionsError::Unknown("--bogus".into())));
    assert_eq!(Builder::from_arguments(["--include-crate"]), Err(OptionsError::NoFolder("--include-crate".into())));
    let message = Builder::from_arguments(["strict"]).unwrap_err().to_string();
    assert!(message.contains("`strict` is not an option of the generator: it takes `--strict`"), "{message}");
}
