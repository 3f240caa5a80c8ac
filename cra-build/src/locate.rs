//! Which `cargo-cra` program a build script runs: `CRA_GENERATOR`, else `cargo-cra` on `PATH`,
//! else in `$CARGO_HOME/bin` (by default `~/.cargo/bin`, where `cargo install` puts it).

use std::ffi::OsString;
use std::path::PathBuf;

use crate::Error;

/// The program, from the environment `var` reads.
pub(crate) fn generator(var: impl Fn(&str) -> Option<OsString>) -> Result<PathBuf, Error> {
    if let Some(path) = var("CRA_GENERATOR").filter(|p| !p.is_empty()) {
        // A relative path is the build script's (the package's folder), not one to search on
        // PATH, which is what `Command` would do with a bare name.
        let path = std::path::absolute(&path).unwrap_or_else(|_| PathBuf::from(path));
        return if is_program(&path) { Ok(path) } else { Err(Error::GeneratorMissing { path }) };
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
    match searched.iter().map(|dir| dir.join(&name)).find(|candidate| is_program(candidate)) {
        Some(found) => Ok(found),
        None => Err(Error::NotFound { searched }),
    }
}

/// A file that may be run: on Unix, one with an execute bit, as a shell's search wants.
fn is_program(path: &std::path::Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        std::fs::metadata(path).is_ok_and(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
    }
    #[cfg(not(unix))]
    {
        path.is_file()
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

    /// An empty file that may be run.
    fn program(path: &std::path::Path) {
        std::fs::write(path, "").unwrap();
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt as _;
            std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o755)).unwrap();
        }
    }

    #[test]
    fn cra_generator_then_path_then_cargo_home_and_a_miss_names_every_place() {
        let root = std::env::temp_dir().join(format!("cra-build-locate-{}", std::process::id()));
        let (empty, on_path, home) = (root.join("empty"), root.join("on-path"), root.join("home"));
        for dir in [&empty, &on_path, &home.join(".cargo/bin")] {
            std::fs::create_dir_all(dir).unwrap();
        }
        let name = format!("cargo-cra{}", std::env::consts::EXE_SUFFIX);
        program(&on_path.join(&name));
        program(&home.join(".cargo/bin").join(&name));
        // A file of that name that may not be run is passed over, as a shell does.
        std::fs::write(empty.join(&name), "").unwrap();
        #[cfg(not(unix))]
        std::fs::remove_file(empty.join(&name)).unwrap();
        let path = std::env::join_paths([&empty, &on_path]).unwrap();
        let path = std::path::Path::new(&path);
        let home_var = if cfg!(windows) { "USERPROFILE" } else { "HOME" };

        let chosen = root.join("chosen");
        program(&chosen);
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
        let relative = std::path::Path::new("no-such-folder/cargo-cra");
        let Err(Error::GeneratorMissing { path: missing }) = generator(env(&[("CRA_GENERATOR", relative)])) else {
            panic!("a relative CRA_GENERATOR that names no file is an error")
        };
        assert_eq!(missing, std::env::current_dir().unwrap().join(relative), "relative to the build script's folder");

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
