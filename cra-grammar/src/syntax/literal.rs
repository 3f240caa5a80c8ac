//! String literals, read once. syn's `peek(LitStr)` decodes a literal to decide that it is one
//! and `parse` decodes it again; the derive runs unoptimized in every product's build, so the
//! grammar reads each literal's text itself and only hands escapes and raw strings to syn.

use proc_macro2::{Literal, Span};
use syn::parse::ParseStream;

/// The value of `literal` if it is a string literal (`"..."`, `r"..."`, `r#"..."#`, with or
/// without a suffix), `None` for a literal of another type.
pub fn string_value(literal: &Literal) -> Option<String> {
    let text = literal.to_string();
    if let Some(inner) = text.strip_prefix('"').and_then(|rest| rest.strip_suffix('"')) {
        if !inner.contains(['\\', '"', '\r']) {
            return Some(inner.to_owned());
        }
    }
    // Doc comments reach a macro as raw strings (`/// text` is `#[doc = r" text"]`).
    if let Some(inner) = raw_inner(&text) {
        if !inner.contains('\r') {
            return Some(inner.to_owned());
        }
    }
    match syn::Lit::new(literal.clone()) {
        syn::Lit::Str(string) => Some(string.value()),
        _ => None,
    }
}

/// The text between the quotes of a raw string literal without suffix: raw strings have no
/// escapes, so it is the value.
fn raw_inner(text: &str) -> Option<&str> {
    let rest = text.strip_prefix('r')?;
    let hashes = rest.len() - rest.trim_start_matches('#').len();
    let inner = rest[hashes..].strip_prefix('"')?;
    let inner = inner.strip_suffix(&rest[..hashes])?;
    inner.strip_suffix('"')
}

/// What the next token is, for a parser that expects a string.
pub enum Next {
    /// A string literal, consumed: its value and span.
    String(String, Span),
    /// A literal of another type, not consumed.
    OtherLiteral,
    /// No literal, not consumed.
    NotLiteral,
}

/// Consumes the next token if it is a string literal.
pub fn parse_string_literal(input: ParseStream) -> syn::Result<Next> {
    let Some((literal, _)) = input.cursor().literal() else { return Ok(Next::NotLiteral) };
    let Some(value) = string_value(&literal) else { return Ok(Next::OtherLiteral) };
    input.step(|cursor| match cursor.literal() {
        Some((_, rest)) => Ok(((), rest)),
        None => Err(cursor.error("expected a string literal")),
    })?;
    Ok(Next::String(value, literal.span()))
}

#[cfg(test)]
mod tests {
    use super::string_value;

    fn value(source: &str) -> Option<String> {
        let literal: proc_macro2::Literal = source.parse().expect("a literal");
        string_value(&literal)
    }

    #[test]
    fn reads_every_kind_of_string_literal_and_nothing_else() {
        assert_eq!(value(r#""tests/auth.rs""#).as_deref(), Some("tests/auth.rs"));
        assert_eq!(value(r#""a \"quoted\" \\ path\n""#).as_deref(), Some("a \"quoted\" \\ path\n"));
        assert_eq!(value(r#""\u{e9}t\x41""#).as_deref(), Some("étA"));
        assert_eq!(value("r#\"raw \"text\"\"#").as_deref(), Some("raw \"text\""));
        assert_eq!(value(r#"r" a doc line \n""#).as_deref(), Some(" a doc line \\n"));
        assert_eq!(value(r#"r"raw"suffix"#).as_deref(), Some("raw"));
        assert_eq!(value(r#""suffixed"x"#).as_deref(), Some("suffixed"));
        assert_eq!(value(r#""""#).as_deref(), Some(""));
        assert_eq!(value(r#"b"bytes""#), None);
        assert_eq!(value(r#"c"text""#), None);
        assert_eq!(value("'c'"), None);
        assert_eq!(value("42"), None);
    }
}
