//! The stack the module walk runs on, and how much nesting syn may be given on it.
//!
//! syn parses by recursive descent with no depth limit: every `<` of a type's generic
//! arguments, every closure in a closure's body, every unary `-`, `&` or `*` and every bracket
//! is a level of recursion, and an unoptimized build (build scripts are built at opt-level 0)
//! spends up to about 50 KiB of stack on one level (`A<A<A<…`, measured with rustc 1.95 and
//! syn 3.0). A build script's main thread has 8 MiB (1 MiB on Windows), so an item of a few
//! hundred levels, which the walker must parse because it mentions `CraComponent`, would end
//! the build in a stack overflow instead of an error. Two things keep that from happening:
//!
//! - the walk runs on a thread of its own with a large stack ([`on_a_large_stack`]; only the
//!   pages used are ever mapped, so an ordinary walk costs no more memory than before);
//! - before syn is given a text, the tokens in it that can open a level are counted
//!   ([`Budget::parse`]): punctuation, brackets and keywords; identifiers and literals cannot.
//!   A text with more than the stack admits is not parsed, and the caller reports it at its
//!   item. Every level consumes at least one such token, so the count bounds the depth.

use std::fmt;

use proc_macro2::{TokenStream, TokenTree};
use syn::parse::Parser;

/// The stack one counted token may cost the walk: about twice the most measured (49.5 KiB per
/// `<` of `A<A<…>>` in a struct field, unoptimized; closures 14 KiB, unary operators 3 KiB,
/// brackets 7 to 15 KiB). The margin covers shapes not measured and other compilers' frames.
const STACK_PER_TOKEN: usize = 96 << 10;

/// The stacks asked for, largest first: a system that refuses a large reservation (a 32-bit
/// host, strict overcommit, a virtual-memory limit) gets the next.
const STACK_SIZES: [usize; 4] = [1 << 30, 256 << 20, 64 << 20, 16 << 20];

/// What the caller's own thread is assumed to have left when no thread can be made: less than
/// the smallest main thread of a build script (1 MiB on Windows).
const CALLER_STACK: usize = 512 << 10;

/// How much nesting syn may be given: as many counted tokens as the stack holds.
#[derive(Debug, Clone)]
pub(crate) struct Budget {
    tokens: usize,
    stack: usize,
    /// Why the stack is smaller than the largest asked for, if it is.
    reduced: Option<String>,
}

/// A text that was not parsed.
pub(crate) enum Unparsed {
    /// It does not parse.
    Syntax(syn::Error),
    /// It nests more than the stack admits, so it was not given to syn.
    TooDeep(TooDeep),
}

/// A text with more tokens that can open a level of syn's recursion than the walk's stack admits.
#[derive(Debug, Clone)]
pub(crate) struct TooDeep {
    counted: usize,
    budget: Budget,
}

impl fmt::Display for TooDeep {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let Budget { tokens, stack, reduced } = &self.budget;
        let stack = if *stack >= 1 << 20 { format!("{} MiB", stack >> 20) } else { format!("{} KiB", stack >> 10) };
        write!(
            f,
            "it has more than {} punctuation, bracket and keyword tokens, which bound how deep syn's recursive parse may go; cra-rs gives syn at most {tokens} such tokens per item on its {stack} stack",
            self.counted.saturating_sub(1)
        )?;
        if let Some(why) = reduced {
            write!(f, " ({why})")?;
        }
        Ok(())
    }
}

impl Budget {
    fn of(stack: usize, reduced: Option<String>) -> Self {
        Self { tokens: stack / STACK_PER_TOKEN, stack, reduced }
    }

    /// Parses `text` with `parser` if its nesting fits the stack. A text no longer than the
    /// budget fits without counting (every token is at least a byte); a longer one is split
    /// into tokens once, counted, and the same tokens are parsed.
    pub(crate) fn parse<T>(&self, parser: impl Parser<Output = T>, text: &str) -> Result<T, Unparsed> {
        if text.trim_start().len() <= self.tokens {
            return parser.parse_str(text).map_err(Unparsed::Syntax);
        }
        let tokens: TokenStream =
            text.parse().map_err(|error: proc_macro2::LexError| Unparsed::Syntax(error.into()))?;
        let counted = nesting_tokens(&tokens, self.tokens);
        if counted > self.tokens {
            return Err(Unparsed::TooDeep(TooDeep { counted, budget: self.clone() }));
        }
        parser.parse2(tokens).map_err(Unparsed::Syntax)
    }
}

std::thread_local! {
    /// The budget of this thread's stack, if it was made for walks ([`on_a_large_stack`], or a
    /// long-lived thread that said so with [`declare_large_stack`]).
    static LARGE_STACK: std::cell::RefCell<Option<Budget>> = const { std::cell::RefCell::new(None) };
}

/// Says that the calling thread was made with `size` bytes of stack, so that walks on it run
/// on it instead of on a thread of their own (the fuzz targets' long-lived worker: a thread per
/// execution would cost more than the walk).
#[cfg(feature = "fuzzing")]
pub(crate) fn declare_large_stack(size: usize) {
    LARGE_STACK.with(|stack| *stack.borrow_mut() = Some(Budget::of(size, None)));
}

/// Runs `job` on a thread with the largest stack of [`STACK_SIZES`] the system gives, and the
/// budget of that stack; a panic goes on in the caller. On a thread already made for walks it
/// runs there (the generator walks all crates of a build on one thread). If no thread can be
/// made, `job` runs on the caller's thread with the budget of [`CALLER_STACK`] and the reason
/// in every "too deep" message.
pub(crate) fn on_a_large_stack<R: Send>(job: impl FnOnce(&Budget) -> R + Send) -> R {
    if let Some(budget) = LARGE_STACK.with(|stack| stack.borrow().clone()) {
        return job(&budget);
    }
    let job = std::sync::Mutex::new(Some(job));
    let take = || job.lock().unwrap_or_else(std::sync::PoisonError::into_inner).take();
    let take = &take;
    let mut refused = None;
    let outcome = std::thread::scope(|scope| {
        for (i, size) in STACK_SIZES.into_iter().enumerate() {
            let reduced = refused.take().map(|error: std::io::Error| {
                format!("a thread with a {} MiB stack could not be made: {error}", STACK_SIZES[i - 1] >> 20)
            });
            let budget = Budget::of(size, reduced.clone());
            let spawned =
                std::thread::Builder::new().name("cra-walk".into()).stack_size(size).spawn_scoped(scope, move || {
                    LARGE_STACK.with(|stack| *stack.borrow_mut() = Some(budget.clone()));
                    take().map(|job| job(&budget))
                });
            match spawned {
                Ok(thread) => return Some(thread.join()),
                Err(error) => refused = Some(error),
            }
        }
        None
    });
    match outcome {
        Some(Ok(Some(result))) => result,
        Some(Err(panic)) => std::panic::resume_unwind(panic),
        // The job was taken by a thread that was made and ran it, so `None` inside cannot be.
        Some(Ok(None)) | None => {
            let why = refused.map_or_else(String::new, |error| format!(": {error}"));
            let budget =
                Budget::of(CALLER_STACK, Some(format!("no thread with a stack of its own could be made{why}")));
            let job = take().expect("the job runs once: no thread ran it");
            job(&budget)
        }
    }
}

/// Tokens of `tokens` that can open a level of syn's recursion, counted up to `limit + 1`:
/// punctuation, groups and keywords. Groups are walked with a stack of their own, so the count
/// does not recurse either.
fn nesting_tokens(tokens: &TokenStream, limit: usize) -> usize {
    let mut counted = 0;
    let mut open = vec![tokens.clone().into_iter()];
    while let Some(top) = open.last_mut() {
        if counted > limit {
            break;
        }
        match top.next() {
            None => {
                open.pop();
            }
            Some(TokenTree::Group(group)) => {
                counted += 1;
                open.push(group.stream().into_iter());
            }
            Some(TokenTree::Punct(_)) => counted += 1,
            Some(TokenTree::Ident(ident)) => counted += usize::from(KEYWORDS.iter().any(|keyword| ident == keyword)),
            Some(TokenTree::Literal(_)) => {}
        }
    }
    counted
}

/// Rust's strict, reserved and weak keywords (the Reference, "Keywords"), and the contextual
/// words syn treats as keywords: any of them may start a construct that syn parses recursively.
const KEYWORDS: &[&str] = &[
    "abstract",
    "as",
    "async",
    "auto",
    "await",
    "become",
    "box",
    "break",
    "const",
    "continue",
    "crate",
    "default",
    "do",
    "dyn",
    "else",
    "enum",
    "extern",
    "false",
    "final",
    "fn",
    "for",
    "gen",
    "if",
    "impl",
    "in",
    "let",
    "loop",
    "macro",
    "macro_rules",
    "match",
    "mod",
    "move",
    "mut",
    "override",
    "priv",
    "pub",
    "raw",
    "ref",
    "return",
    "safe",
    "self",
    "Self",
    "static",
    "struct",
    "super",
    "trait",
    "true",
    "try",
    "type",
    "typeof",
    "union",
    "unsafe",
    "unsized",
    "use",
    "virtual",
    "where",
    "while",
    "yield",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identifiers_and_literals_are_not_counted_and_groups_are_walked_without_recursion() {
        let tokens: TokenStream = "struct S { a: A<u8>, b: [u8; 3], c: &'static str }".parse().unwrap();
        // struct, {}, :, <, >, ",", :, [], ;, ",", :, &, ', static = 14; S a A u8 b u8 3 c str not.
        assert_eq!(nesting_tokens(&tokens, 100), 14);
        assert_eq!(nesting_tokens(&tokens, 5), 6, "counting stops one past the limit");
        let deep: TokenStream = format!("{}{}", "(".repeat(100_000), ")".repeat(100_000)).parse().unwrap();
        assert_eq!(nesting_tokens(&deep, usize::MAX), 100_000);
    }

    #[test]
    fn a_text_over_the_budget_is_not_given_to_syn_and_the_message_says_why() {
        let budget = Budget::of(STACK_PER_TOKEN * 8, Some("a reason".into()));
        let fits = format!("struct {}(u8);", "S".repeat(50));
        assert!(budget.parse(<syn::Item as syn::parse::Parse>::parse, &fits).is_ok(), "long, but three counted tokens");
        let deep = format!("struct S({}u8{});", "A<".repeat(20), ">".repeat(20));
        let Err(Unparsed::TooDeep(too_deep)) = budget.parse(<syn::Item as syn::parse::Parse>::parse, &deep) else {
            panic!("parsed")
        };
        let message = too_deep.to_string();
        assert!(message.contains("more than 8 punctuation, bracket and keyword tokens"), "{message}");
        assert!(message.contains("at most 8 such tokens per item on its 768 KiB stack"), "{message}");
        assert!(message.ends_with("(a reason)"), "{message}");
        let broken = format!("struct {}(u8", "S".repeat(50));
        assert!(matches!(budget.parse(<syn::Item as syn::parse::Parse>::parse, &broken), Err(Unparsed::Syntax(_))));
    }

    #[test]
    fn the_job_runs_on_the_large_stack_and_its_panic_reaches_the_caller() {
        let budget = on_a_large_stack(|budget| {
            assert_eq!(std::thread::current().name(), Some("cra-walk"));
            budget.clone()
        });
        assert_eq!((budget.stack, budget.tokens, budget.reduced), (1 << 30, (1 << 30) / STACK_PER_TOKEN, None));
        let panic = std::panic::catch_unwind(|| on_a_large_stack(|_| panic!("inside"))).unwrap_err();
        assert_eq!(panic.downcast_ref::<&str>(), Some(&"inside"));
        let (outer, inner) =
            on_a_large_stack(|_| (std::thread::current().id(), on_a_large_stack(|_| std::thread::current().id())));
        assert_eq!(outer, inner, "a walk on a walk's thread stays there");
        assert_ne!(outer, std::thread::current().id());
    }
}
