//! Substring search for the candidate prefilter.
//!
//! Build scripts and their dependencies compile unoptimized by default, where a Rust substring
//! search runs at about 0.3 GB/s, a tenth of the speed files are read at. On glibc the C
//! library's `memmem`, compiled with optimization, runs at about 5 GB/s even then; elsewhere the
//! `memchr` crate is used (set `[profile.dev.build-override] opt-level = 3` to speed it up).

/// Where `needle` first occurs in `haystack`.
pub fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    imp::find(haystack, needle)
}

/// Whether `needle` occurs in `haystack`.
pub fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    find(haystack, needle).is_some()
}

#[cfg(all(target_os = "linux", target_env = "gnu"))]
#[allow(unsafe_code)] // the one FFI call below; see the module docs for why
mod imp {
    use std::ffi::c_void;

    unsafe extern "C" {
        fn memmem(
            haystack: *const c_void,
            haystack_len: usize,
            needle: *const c_void,
            needle_len: usize,
        ) -> *mut c_void;
    }

    pub fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
        if needle.is_empty() {
            return Some(0);
        }
        // SAFETY: both pointers come from live slices with their exact lengths; glibc's memmem
        // only reads within those bounds and returns null or a pointer into `haystack`.
        let found = unsafe { memmem(haystack.as_ptr().cast(), haystack.len(), needle.as_ptr().cast(), needle.len()) };
        if found.is_null() {
            None
        } else {
            // SAFETY: a non-null result points into `haystack`, so both pointers are in the same
            // allocation and the offset is non-negative.
            let offset = unsafe { found.cast::<u8>().cast_const().offset_from(haystack.as_ptr()) };
            usize::try_from(offset).ok()
        }
    }
}

#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
mod imp {
    pub fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
        memchr::memmem::find(haystack, needle)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_first_occurrence_or_none() {
        assert_eq!(find(b"a CraComponent b CraComponent", b"CraComponent"), Some(2));
        assert_eq!(find(b"nothing here", b"CraComponent"), None);
        assert_eq!(find(b"", b"x"), None);
        assert!(contains(b"#[derive(CraComponent)]", b"CraComponent"));
    }
}
