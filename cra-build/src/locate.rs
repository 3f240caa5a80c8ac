//! Which `cargo-cra` program a build script runs: `CRA_GENERATOR`, else `cargo-cra` on `PATH`,
//! else in `$CARGO_HOME/bin` (by default `~/.cargo/bin`, where `cargo install` puts it).

use std::ffi::OsString;
use std::path::PathBuf;

use crate::Error;

/// The program, from the environment `var` reads.
pub(crate) fn generator(var: impl Fn(&str) -> Option<OsString>) -> Result<PathBuf, Error> {
    if let Some(path) = var("CRA_GENERATOR").filter(|p| !p.is_empty()) {
        let path = PathBuf::from(path);
        return if path.is_file() { Ok(path) } else { Err(Error::GeneratorMissing { path }) };
    }
    let name = format!("cargo-cra{}", std::env::consts::EXE_SUFFIX);
    let mut searched: Vec<PathBuf> = var("PATH").map(|p| std::env::split_paths(&p).collect()).unwrap_or_default();
    let cargo_home = var("CARGO_HOME").filter(|p| !p.is_empty()).map(PathBuf::from).or_else(|| {
        var(if cfg!(windows) { "USERPROFILE" } else { "HOME" }).map(|home| PathBuf::from(home).join(".cargo"))
    });
    if let Some(home) = cargo_home {
        let bin = home.join("bin");
        if !searched.contains(&bin) {
            searched.push(bin);
        }
    }
    searched.retain(|dir| !dir.as_os_str().is_empty());
    match searched.iter().map(|dir| dir.join(&name)).find(|candidate| candidate.is_file()) {
        Some(found) => Ok(found),
        None => Err(Error::NotFound { searched }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn env(pairs: &[(&str, &std::path::Path)]) -> impl Fn(&str) -> Option<OsString> {
        let map: HashMap<String, OsString> =
            pairs.iter().map(|(k, v)| ((*k).to_owned(), v.as_os_str().to_owned())).collect();
        move |name| map.get(name).cloned()
    }

    #[test]
    fn cra_generator_then_path_then_cargo_home_and_a_miss_names_every_place() {
        let root = std::env::temp_dir().join(format!("cra-build-locate-{}", std::process::id()));
        let (empty, on_path, home) = (root.join("empty"), root.join("on-path"), root.join("home"));
        for dir in [&empty, &on_path, &home.join(".cargo/bin")] {
            std::fs::create_dir_all(dir).unwrap();
        }
        let name = format!("cargo-cra{}", std::env::consts::EXE_SUFFIX);
        std::fs::write(on_path.join(&name), "").unwrap();
        std::fs::write(home.join(".cargo/bin").join(&name), "").unwrap();
        let path = std::env::join_paths([&empty, &on_path]).unwrap();
        let path = std::path::Path::new(&path);
        let home_var = if cfg!(windows) { "USERPROFILE" } else { "HOME" };

        let chosen = root.join("chosen");
        std::fs::write(&chosen, "").unwrap();
        assert_eq!(generator(env(&[("CRA_GENERATOR", &chosen), ("PATH", path)])).unwrap(), chosen);
        assert_eq!(generator(env(&[("PATH", path), (home_var, &home)])).unwrap(), on_path.join(&name));
        assert_eq!(
            generator(env(&[("PATH", &empty), (home_var, &home)])).unwrap(),
            home.join(".cargo/bin").join(&name)
        );

        let Err(Error::GeneratorMissing { path: missing }) =
            generator(env(&[("CRA_GENERATOR", &root.join("nothing"))]))
        else {
            panic!("a CRA_GENERATOR that names no file is an error, not a search")
        };
        assert_eq!(missing, root.join("nothing"));

        let miss = generator(env(&[("PATH", &empty), ("CARGO_HOME", &root.join("no-cargo-home"))])).unwrap_err();
        let message = miss.to_string();
        assert!(message.contains(&format!("`{}`", empty.display())), "{message}");
        assert!(message.contains(&format!("`{}`", root.join("no-cargo-home/bin").display())), "{message}");
        assert!(
            message.contains(&format!("cargo install cargo-cra --version ={} --locked", crate::GENERATOR_VERSION)),
            "{message}"
        );
        assert!(message.contains("feature `in-process`"), "{message}");
        std::fs::remove_dir_all(root).unwrap();
    }
}
