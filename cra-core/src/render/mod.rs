//! The documents people read, rendered from a [`Declaration`] in Markdown or self-contained HTML:
//! the EU declaration of conformity (Annex V), the simplified declaration (Annex VI), the
//! information and instructions to the user (Annex II), the technical documentation index
//! (Annex VII) and a compliance report (components × requirements, gaps, evidence).
//!
//! Templates are MiniJinja (Jinja2 syntax). The defaults are compiled in; a manufacturer
//! overrides any of them, or adds partials they include, from a directory
//! ([`Renderer::with_templates`]): a letterhead, or the language of a Member State
//! (Art. 28(2)). HTML templates are auto-escaped. Output depends only on the declaration and the
//! templates (no clock), so documents can be snapshot-tested and reproduced.
//!
//! ```
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! # let json = include_str!("../../../examples/door-lock-hub/expected/door-lock-hub.declaration.json");
//! use cra_core::render::{Document, Format, Renderer};
//! let declaration = cra_core::read::declaration_from_json(json)?.value;
//! let html = Renderer::new().render(&declaration, Document::DeclarationOfConformity, Format::Html)?;
//! assert!(html.contains("DRAFT"));
//! # Ok(()) }
//! ```

use std::io;
use std::path::{Path, PathBuf};

use minijinja::Environment;
use minijinja::value::Value;

use crate::declaration::Declaration;

mod architecture;
mod context;
mod evidence_row;
mod fields;
mod parallel;
mod write;

pub use write::write_documents;

/// The output format of the documents.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Format {
    /// CommonMark with GitHub tables.
    Markdown,
    /// One self-contained HTML file per document: inline CSS, a print stylesheet, no external
    /// assets.
    Html,
}

impl Format {
    /// The file extension, also the extension of the template names.
    pub fn extension(self) -> &'static str {
        match self {
            Format::Markdown => "md",
            Format::Html => "html",
        }
    }
}

/// One of the five documents.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Document {
    /// The EU declaration of conformity, Annex V (Art. 28).
    DeclarationOfConformity,
    /// The simplified EU declaration of conformity, Annex VI (Art. 13(20)).
    SimplifiedDeclaration,
    /// The information and instructions to the user, Annex II (Art. 13(18)-(19)).
    UserInformation,
    /// The index of the technical documentation, Annex VII (Art. 31).
    TechnicalDocumentation,
    /// Components × requirements, category, procedure, support period, gaps, evidence.
    ComplianceReport,
}

impl Document {
    /// Every document, in the order they are written.
    pub const ALL: [Document; 5] = [
        Document::DeclarationOfConformity,
        Document::SimplifiedDeclaration,
        Document::UserInformation,
        Document::TechnicalDocumentation,
        Document::ComplianceReport,
    ];

    /// The file stem of the document and of its template.
    pub fn stem(self) -> &'static str {
        match self {
            Document::DeclarationOfConformity => "eu-declaration-of-conformity",
            Document::SimplifiedDeclaration => "simplified-declaration",
            Document::UserInformation => "user-information",
            Document::TechnicalDocumentation => "technical-documentation",
            Document::ComplianceReport => "compliance-report",
        }
    }

    /// How large the document grows with the declaration, to render the largest first: the
    /// report has the matrix and the evidence, the index the evidence, the rest a page or two.
    fn relative_size(self) -> u32 {
        match self {
            Document::ComplianceReport => 2,
            Document::TechnicalDocumentation => 1,
            Document::DeclarationOfConformity | Document::SimplifiedDeclaration | Document::UserInformation => 0,
        }
    }

    /// The file (and template) name in a format, e.g. `user-information.html`.
    pub fn file_name(self, format: Format) -> String {
        format!("{}.{}", self.stem(), format.extension())
    }
}

/// The compiled-in templates, by name. `layout.html` is the frame (CSS, letterhead) every HTML
/// document extends; override it alone to change the look of all of them. `matrix-cell.*` is
/// one cell of the compliance report's matrix, `evidence-row.*` one row of the technical
/// documentation index's evidence tables; the context renders them (see `context`).
const DEFAULT_TEMPLATES: &[(&str, &str)] = &[
    ("layout.html", include_str!("templates/layout.html")),
    ("eu-declaration-of-conformity.html", include_str!("templates/eu-declaration-of-conformity.html")),
    ("eu-declaration-of-conformity.md", include_str!("templates/eu-declaration-of-conformity.md")),
    ("simplified-declaration.html", include_str!("templates/simplified-declaration.html")),
    ("simplified-declaration.md", include_str!("templates/simplified-declaration.md")),
    ("user-information.html", include_str!("templates/user-information.html")),
    ("user-information.md", include_str!("templates/user-information.md")),
    ("technical-documentation.html", include_str!("templates/technical-documentation.html")),
    ("technical-documentation.md", include_str!("templates/technical-documentation.md")),
    ("compliance-report.html", include_str!("templates/compliance-report.html")),
    ("compliance-report.md", include_str!("templates/compliance-report.md")),
    ("matrix-cell.html", include_str!("templates/matrix-cell.html")),
    ("matrix-cell.md", include_str!("templates/matrix-cell.md")),
    ("evidence-row.html", include_str!("templates/evidence-row.html")),
    ("evidence-row.md", include_str!("templates/evidence-row.md")),
];

/// Why documents could not be rendered or written.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum RenderError {
    /// A template file of the override directory could not be read.
    #[error("{}: cannot read template: {source}", .path.display())]
    ReadTemplate {
        /// The file.
        path: PathBuf,
        /// Why.
        #[source]
        source: io::Error,
    },
    /// A template does not parse or fails while rendering.
    #[error("template `{name}`: {source}")]
    Template {
        /// The template's name.
        name: String,
        /// MiniJinja's error, with the line.
        #[source]
        source: minijinja::Error,
    },
    /// A document could not be written.
    #[error("{}: cannot write: {source}", .path.display())]
    Write {
        /// The file.
        path: PathBuf,
        /// Why.
        #[source]
        source: io::Error,
    },
}

/// Renders documents from templates: the defaults, or a manufacturer's where given.
pub struct Renderer {
    env: Environment<'static>,
    /// Whether a template may read `declaration.components`; when none can, the context leaves
    /// them out of `declaration` (the matrix and the index show them), which halves the cost of
    /// a large declaration's context.
    reads_components: bool,
    /// Whether `evidence-row.html` and `evidence-row.md` are the built-in ones, which
    /// [`evidence_row`] writes without the template engine: `[html, markdown]`.
    builtin_evidence_rows: [bool; 2],
}

impl Default for Renderer {
    fn default() -> Self {
        Renderer::new()
    }
}

impl Renderer {
    /// The compiled-in templates (English).
    pub fn new() -> Renderer {
        Renderer::build(|_| Ok(None)).expect("the compiled-in templates parse (tested)")
    }

    /// The compiled-in templates, each replaced by the file of the same name in `dir` where
    /// there is one (e.g. `layout.html` for a letterhead, `eu-declaration-of-conformity.html`
    /// in another language). Other files in `dir` can be included or extended by name.
    pub fn with_templates(dir: &Path) -> Result<Renderer, RenderError> {
        let mut renderer = Renderer::build(|name| {
            let path = dir.join(name);
            match std::fs::read_to_string(&path) {
                Ok(text) => Ok(Some(text)),
                Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(None),
                Err(source) => Err(RenderError::ReadTemplate { path, source }),
            }
        })?;
        // Partials (files that are not one of the templates) are loaded when included, unseen by
        // the analysis of what templates read: with any, the context is complete.
        let has_partials = std::fs::read_dir(dir).map_or(true, |entries| {
            entries
                .flatten()
                .any(|entry| !DEFAULT_TEMPLATES.iter().any(|(name, _)| entry.file_name().to_str() == Some(*name)))
        });
        renderer.reads_components |= has_partials;
        // Partials the overrides include: plain names inside `dir` only.
        let dir = dir.to_path_buf();
        renderer.env.set_loader(move |name| {
            if name.contains(['/', '\\']) || name.starts_with('.') {
                return Ok(None);
            }
            match std::fs::read_to_string(dir.join(name)) {
                Ok(text) => Ok(Some(text)),
                Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(None),
                Err(e) => Err(minijinja::Error::new(minijinja::ErrorKind::InvalidOperation, "cannot read template")
                    .with_source(e)),
            }
        });
        Ok(renderer)
    }

    /// Loads every default template, or its override from `source`.
    fn build(source: impl Fn(&str) -> Result<Option<String>, RenderError>) -> Result<Renderer, RenderError> {
        let mut env = Environment::new();
        let mut builtin_evidence_rows = [true; 2];
        // Printing an undefined name is an error: a typo in a manufacturer's template must not silently
        // drop a point of the declaration. `{% if %}` on a field the declaration leaves out is fine.
        env.set_undefined_behavior(minijinja::UndefinedBehavior::SemiStrict);
        let syntax = minijinja::syntax::SyntaxConfig::builder()
            .trim_blocks(true)
            .lstrip_blocks(true)
            .keep_trailing_newline(true)
            .build()
            .expect("the default delimiters are valid");
        env.set_syntax(syntax);
        env.add_filter("cell", markdown_cell);
        for (name, default) in DEFAULT_TEMPLATES {
            let text = match source(name)? {
                Some(text) => {
                    for (format, builtin) in
                        [Format::Html, Format::Markdown].into_iter().zip(&mut builtin_evidence_rows)
                    {
                        *builtin &= *name != format!("evidence-row.{}", format.extension());
                    }
                    text
                }
                None => (*default).to_owned(),
            };
            env.add_template_owned(*name, text)
                .map_err(|source| RenderError::Template { name: (*name).to_owned(), source })?;
        }
        let reads_components = env.templates().any(|(_, template)| {
            template.undeclared_variables(true).iter().any(|name| {
                name == "declaration" || name == "declaration.components" || name.starts_with("declaration.components.")
            })
        });
        Ok(Renderer { env, reads_components, builtin_evidence_rows })
    }

    /// One document.
    pub fn render(&self, declaration: &Declaration, document: Document, format: Format) -> Result<String, RenderError> {
        self.render_with(&self.context(declaration)?, document, format)
    }

    /// Every document of [`Document::ALL`] in each of `formats`, as `(file name, text)`. The
    /// template context is built once for all of them.
    pub fn render_all(
        &self,
        declaration: &Declaration,
        formats: &[Format],
    ) -> Result<Vec<(String, String)>, RenderError> {
        let context = self.context(declaration)?;
        let jobs: Vec<(Document, Format)> =
            formats.iter().flat_map(|&format| Document::ALL.iter().map(move |&document| (document, format))).collect();
        parallel::map(
            &jobs,
            |(document, _)| document.relative_size(),
            |&(document, format)| Ok((document.file_name(format), self.render_with(&context, document, format)?)),
        )
        .into_iter()
        .collect()
    }

    fn context(&self, declaration: &Declaration) -> Result<Value, RenderError> {
        context::context(declaration, self)
    }

    /// Whether `evidence-row.<format>` is the built-in template.
    fn builtin_evidence_row(&self, format: Format) -> bool {
        self.builtin_evidence_rows[usize::from(format == Format::Markdown)]
    }

    /// `stem.<format>` (`matrix-cell`, `evidence-row`) on `values`: a part of a document the
    /// context renders once per value, with the line break that ends the template's file (one
    /// `\n` or `\r\n`) dropped.
    fn part(&self, stem: &str, format: Format, values: &Value) -> Result<String, RenderError> {
        let name = format!("{stem}.{}", format.extension());
        let error = |source| RenderError::Template { name: name.clone(), source };
        let mut text = self.env.get_template(&name).map_err(error)?.render(values).map_err(error)?;
        if text.ends_with('\n') {
            text.pop();
            if text.ends_with('\r') {
                text.pop();
            }
        }
        Ok(text)
    }

    fn render_with(&self, context: &Value, document: Document, format: Format) -> Result<String, RenderError> {
        let name = document.file_name(format);
        let error = |source| RenderError::Template { name: name.clone(), source };
        self.env.get_template(&name).map_err(error)?.render(context).map_err(error)
    }
}

/// Makes text safe inside a Markdown table cell: `|` would end the cell, a newline the row.
/// Text without either (nearly all) is passed on as it is, without a copy.
fn markdown_cell(value: Value) -> Value {
    match value.as_str().map(markdown_cell_text) {
        Some(std::borrow::Cow::Owned(text)) => Value::from(text),
        _ => value,
    }
}

/// The text of [`markdown_cell`].
fn markdown_cell_text(text: &str) -> std::borrow::Cow<'_, str> {
    if text.contains(['|', '\r', '\n']) {
        std::borrow::Cow::Owned(text.replace('|', "\\|").replace(['\r', '\n'], " "))
    } else {
        std::borrow::Cow::Borrowed(text)
    }
}
