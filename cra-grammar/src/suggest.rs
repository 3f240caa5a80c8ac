//! "Did you mean" hints for near-miss names: one rule for every place that reports an unknown name.

/// The candidate closest to `text`, if it is close enough to be a plausible typo.
///
/// Close enough means a Damerau–Levenshtein distance of at most a third of the longer word
/// (at least 1), so `secure_by_defualt` finds `secure_by_default` but `foo` finds nothing.
pub fn closest<'a>(text: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let mut best: Option<(usize, &'a str)> = None;
    for candidate in candidates {
        let distance = strsim::damerau_levenshtein(text, candidate);
        let limit = (text.len().max(candidate.len()) / 3).max(1);
        if distance <= limit && best.is_none_or(|(d, _)| distance < d) {
            best = Some((distance, candidate));
        }
    }
    best.map(|(_, c)| c)
}

/// Formats a suggestion as the tail of a message: ", did you mean `x`?" or nothing.
pub fn did_you_mean(suggestion: Option<&str>) -> String {
    suggestion.map_or_else(String::new, |s| format!(", did you mean `{s}`?"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_near_misses_only() {
        let names = ["secure_by_default", "access_control"];
        assert_eq!(closest("secure_by_defualt", names), Some("secure_by_default"));
        assert_eq!(closest("acess_control", names), Some("access_control"));
        assert_eq!(closest("foo", names), None);
    }
}
