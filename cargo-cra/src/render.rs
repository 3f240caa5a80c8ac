//! `cargo cra render`: the documents people read, from a declaration file, in Markdown or HTML.
//!
//! Errors are one line naming the file and what is wrong, and exit with code 2 (bad input),
//! nothing half-written: documents are all rendered before the first is written, each written
//! through a temporary file and a rename.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use cra_core::render::{Format, Renderer, write_documents};

/// Arguments of `cargo cra render`.
#[derive(clap::Args)]
#[command(after_help = "Example: cargo cra render target/cra/door-lock-hub/declaration.json --format html")]
pub struct Args {
    /// The declaration (`declaration.json`, as `cargo cra build` writes it), or a binary with an
    /// embedded declaration.
    declaration: PathBuf,
    /// `md` (Markdown) or `html` (self-contained, prints as a paper document).
    #[arg(long, value_enum, default_value = "html")]
    format: FormatArg,
    /// Where to write the five documents (default: `documents/` next to the declaration).
    #[arg(long)]
    out: Option<PathBuf>,
    /// A directory of templates replacing the built-in ones of the same name (letterhead,
    /// language); see docs/documents.md.
    #[arg(long)]
    templates: Option<PathBuf>,
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum FormatArg {
    Md,
    Html,
}

/// Runs the command; prints the paths written, or one error line and exits with code 2.
pub fn run(args: &Args) -> ExitCode {
    match render(args) {
        Ok(paths) => {
            for path in paths {
                println!("{}", path.display());
            }
            ExitCode::SUCCESS
        }
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::from(2)
        }
    }
}

fn render(args: &Args) -> Result<Vec<PathBuf>, String> {
    let path = &args.declaration;
    // A declaration file, or a binary with an embedded declaration.
    let text = crate::declaration_file::read_declaration(path)?;
    let declaration = crate::declaration_file::parse_declaration(path, &text)?;
    let renderer = match &args.templates {
        Some(dir) if !dir.is_dir() => return Err(format!("{}: not a directory of templates", dir.display())),
        Some(dir) => Renderer::with_templates(dir).map_err(|e| e.to_string())?,
        None => Renderer::new(),
    };
    let format = match args.format {
        FormatArg::Md => Format::Markdown,
        FormatArg::Html => Format::Html,
    };
    let documents = renderer.render_all(&declaration, &[format]).map_err(|e| e.to_string())?;
    let out = args.out.clone().unwrap_or_else(|| path.parent().unwrap_or(Path::new(".")).join("documents"));
    write_documents(&out, &documents).map_err(|e| e.to_string())
}
