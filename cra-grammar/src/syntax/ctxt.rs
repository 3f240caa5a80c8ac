//! Collects every diagnostic of one component, so all mistakes are reported together.

use std::cell::RefCell;

use proc_macro2::Span;

/// One mistake: where, what, and what would be right.
#[derive(Debug, Clone)]
pub struct Diagnostic {
    /// The culprit token.
    pub span: Span,
    /// What is wrong: lower-case, no full stop, names in backticks.
    pub message: String,
    /// What would be right, if there is something to say.
    pub help: Option<String>,
}

impl Diagnostic {
    /// The diagnostic as a `syn::Error` for `compile_error!`: the message alone, since rustc
    /// would print a help line above the source snippet rather than below it.
    pub fn to_syn_error(&self) -> syn::Error {
        syn::Error::new(self.span, &self.message)
    }
}

/// The collector. Dropping it with unchecked diagnostics is a bug, caught in debug builds.
pub struct Ctxt {
    diagnostics: RefCell<Option<Vec<Diagnostic>>>,
}

impl Ctxt {
    /// An empty collector.
    pub fn new() -> Ctxt {
        Ctxt { diagnostics: RefCell::new(Some(Vec::new())) }
    }

    /// Records a mistake.
    pub fn error(&self, span: Span, message: impl Into<String>) {
        self.push(Diagnostic { span, message: message.into(), help: None });
    }

    /// Records a mistake with a hint.
    pub fn error_with_help(&self, span: Span, message: impl Into<String>, help: impl Into<String>) {
        self.push(Diagnostic { span, message: message.into(), help: Some(help.into()) });
    }

    /// Records a syntax error from syn.
    pub fn syn_error(&self, error: &syn::Error) {
        for single in error.clone() {
            self.error(single.span(), single.to_string());
        }
    }

    fn push(&self, diagnostic: Diagnostic) {
        self.diagnostics.borrow_mut().as_mut().expect("diagnostics pushed after check").push(diagnostic);
    }

    /// Consumes the collector: every diagnostic, in the order found.
    pub fn check(self) -> Result<(), Vec<Diagnostic>> {
        let diagnostics = self.diagnostics.borrow_mut().take().expect("checked once");
        if diagnostics.is_empty() { Ok(()) } else { Err(diagnostics) }
    }
}

impl Default for Ctxt {
    /// An empty collector, like [`Ctxt::new`]. (A derived `Default` would build one that is
    /// already consumed, and its first `error` would panic.)
    fn default() -> Ctxt {
        Ctxt::new()
    }
}

impl Drop for Ctxt {
    fn drop(&mut self) {
        if !std::thread::panicking() && self.diagnostics.borrow().is_some() {
            debug_assert!(false, "Ctxt dropped without check()");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Ctxt;

    #[test]
    fn a_default_collector_collects() {
        let cx = Ctxt::default();
        cx.error(proc_macro2::Span::call_site(), "first");
        cx.error_with_help(proc_macro2::Span::call_site(), "second", "a hint");
        let diagnostics = cx.check().unwrap_err();
        assert_eq!(diagnostics.iter().map(|d| d.message.as_str()).collect::<Vec<_>>(), ["first", "second"]);
        assert!(Ctxt::default().check().is_ok());
    }
}
