//! Substring search for the candidate prefilter, in safe Rust.
//!
//! The generator runs as the installed `cargo-cra`, compiled optimized, where `memchr::memmem`
//! is the fastest search there is (SIMD, no FFI). With `cra-build`'s `in-process` it is compiled
//! into the build script, unoptimized by default, where a search loop written in Rust is slow:
//! measured on 20 MB of Rust source at opt-level 0, `memchr::memmem` takes about 100 ms and
//! `str::find` about 21 ms, against about 6 ms to read the files. There [`find_safe`] searches
//! at the speed of optimized code: `BufRead::skip_until` on a byte slice, whose loop is std's
//! `memchr` (shipped optimized with std), jumps to each occurrence of the needle's rarest byte,
//! where the needle is compared (about 6 ms on the 20 MB). `debug_assertions` tells the two
//! builds apart (Cargo's dev profile turns them on with opt-level 0). Both are tested against a
//! naive search; docs/performance.md gives the figures.

use std::io::BufRead as _;

/// Where `needle` first occurs in `haystack`.
pub fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    imp::find(haystack, needle)
}

/// Whether `needle` occurs in `haystack`.
pub fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    find(haystack, needle).is_some()
}

/// Bytes of Rust source from the most common down: a needle byte missing from this list, or
/// late in it, is a rare one, and fewer candidate positions to compare.
const COMMON_FIRST: &[u8] = b" e\ntsrnoaiulcdp_m:f(),;bg.hy&=<>{}S'\"#TCxvwkR";

/// The index of the byte of `needle` that occurs least often in Rust source.
fn rarest(needle: &[u8]) -> Option<usize> {
    let rank = |byte: &u8| COMMON_FIRST.iter().position(|b| b == byte).unwrap_or(COMMON_FIRST.len());
    needle.iter().enumerate().max_by_key(|(i, byte)| (rank(byte), std::cmp::Reverse(*i))).map(|(i, _)| i)
}

/// [`find`] in safe Rust with std's optimized `memchr` doing the scanning.
#[cfg_attr(
    all(not(debug_assertions), not(test)),
    expect(dead_code, reason = "optimized builds search with memchr; only the tests call it")
)]
pub(crate) fn find_safe(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    let Some(pivot) = rarest(needle) else { return Some(0) };
    let byte = needle[pivot];
    let mut rest: &[u8] = haystack.get(pivot..)?;
    loop {
        // Reading from a slice cannot fail; `skip_until` consumes up to and including `byte`.
        let skipped = rest.skip_until(byte).unwrap_or(0);
        let after = haystack.len() - rest.len();
        if skipped == 0 || haystack[after - 1] != byte {
            return None;
        }
        let start = after - 1 - pivot;
        if haystack[start..].starts_with(needle) {
            return Some(start);
        }
    }
}

#[cfg(not(debug_assertions))]
mod imp {
    pub fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
        memchr::memmem::find(haystack, needle)
    }
}

#[cfg(debug_assertions)]
mod imp {
    pub fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
        super::find_safe(haystack, needle)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn naive(haystack: &[u8], needle: &[u8]) -> Option<usize> {
        if needle.is_empty() {
            return Some(0);
        }
        haystack.windows(needle.len()).position(|w| w == needle)
    }

    #[test]
    fn finds_first_occurrence_or_none() {
        for find in [find, find_safe] {
            assert_eq!(find(b"a CraComponent b CraComponent", b"CraComponent"), Some(2));
            assert_eq!(find(b"nothing here", b"CraComponent"), None);
            assert_eq!(find(b"", b"x"), None);
            assert_eq!(find(b"CraComponen", b"CraComponent"), None);
            assert_eq!(find(b"mod x;", b"mod "), Some(0));
            assert_eq!(find(b"xx", b""), Some(0));
            assert!(contains(b"#[derive(CraComponent)]", b"CraComponent"));
        }
    }

    /// Both searches agree with the obvious one on pseudo-random texts over a small alphabet,
    /// where needles occur often, overlap and sit at both ends.
    #[test]
    fn both_searches_agree_with_a_naive_one() {
        let mut state = 0x2545_f491_4f6c_dd1du64;
        let mut next = move || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        for _ in 0..20_000 {
            let alphabet = b"abm C";
            let len = usize::try_from(next() % 40).unwrap();
            let haystack: Vec<u8> = (0..len).map(|_| alphabet[usize::try_from(next() % 5).unwrap()]).collect();
            let needle_len = usize::try_from(next() % 5).unwrap();
            let needle: Vec<u8> = (0..needle_len).map(|_| alphabet[usize::try_from(next() % 5).unwrap()]).collect();
            let expected = naive(&haystack, &needle);
            assert_eq!(find_safe(&haystack, &needle), expected, "{haystack:?} {needle:?}");
            assert_eq!(find(&haystack, &needle), expected, "{haystack:?} {needle:?}");
        }
    }
}
