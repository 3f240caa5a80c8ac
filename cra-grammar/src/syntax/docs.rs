//! Doc comments are data: a component's `///` comment becomes its description.

/// The text of the `///` (and `#[doc = "..."]`) comments in `attrs`: one leading space stripped
/// per line, surrounding blank lines removed, lines joined with `\n`.
pub fn doc_text(attrs: &[syn::Attribute]) -> String {
    let mut lines = Vec::new();
    for attr in attrs.iter().filter(|a| a.path().is_ident("doc")) {
        let syn::Meta::NameValue(nv) = &attr.meta else { continue };
        let syn::Expr::Lit(syn::ExprLit { lit: syn::Lit::Str(text), .. }) = &nv.value else { continue };
        let Some(text) = super::literal::string_value(&text.token()) else { continue };
        for line in text.lines() {
            lines.push(line.strip_prefix(' ').unwrap_or(line).trim_end().to_owned());
        }
    }
    lines.join("\n").trim().to_owned()
}
