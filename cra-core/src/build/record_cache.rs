//! The product's vulnerability records as last read, kept in `OUT_DIR`. An edit of the product's
//! source reruns the build script with the records unchanged, and reading TOML at opt-level 0
//! (the build-script profile) costs about 0.1 ms a record against about a tenth of that for the
//! JSON copy (docs/performance.md). The copy is used only when every file's name and bytes are
//! those it was made from, compared byte for byte; only records that read without error are
//! kept, so a mistake is reported from the file every time.

use std::path::{Path, PathBuf};

use crate::vuln::{ReadRecord, Record, RecordError};

/// The key's length (8 bytes, little endian), the key, then the records as JSON.
const CACHE_FILE: &str = "cra-records.cache";

/// Every record of `dir`, as [`crate::vuln::read_records`] reads them, from the copy in
/// `cache_dir` when the files are unchanged.
pub(crate) fn read_records(dir: &Path, cache_dir: &Path) -> Result<Vec<ReadRecord>, RecordError> {
    let paths = crate::vuln::record_paths(dir)?;
    let mut texts = Vec::with_capacity(paths.len());
    for path in &paths {
        texts.push(std::fs::read_to_string(path).map_err(|source| RecordError::Read { path: path.clone(), source })?);
    }
    let key = key_of(&paths, &texts);
    if let Some(records) = cached(cache_dir, &key).filter(|r| r.len() == paths.len()) {
        return Ok(paths.into_iter().zip(records.into_iter().map(Ok)).collect());
    }
    let read = parse_all(paths, &texts);
    let records: Option<Vec<&Record>> = read.iter().map(|(_, r)| r.as_ref().ok()).collect();
    if let Some(json) = records.and_then(|r| serde_json::to_string(&r).ok()) {
        store(cache_dir, &key, json.as_bytes());
    }
    Ok(read)
}

/// Writes the key and the records into one file, through a temporary file and a rename, so a
/// reader sees a whole copy or the one before. Not flushed to disk: a copy damaged by a crash
/// does not parse and the records are read from their files.
fn store(cache_dir: &Path, key: &[u8], json: &[u8]) {
    let mut bytes = Vec::with_capacity(8 + key.len() + json.len());
    bytes.extend_from_slice(&(key.len() as u64).to_le_bytes());
    bytes.extend_from_slice(key);
    bytes.extend_from_slice(json);
    let temporary = cache_dir.join(format!(".{CACHE_FILE}.{}.tmp", std::process::id()));
    if std::fs::write(&temporary, &bytes)
        .and_then(|()| std::fs::rename(&temporary, cache_dir.join(CACHE_FILE)))
        .is_err()
    {
        let _ = std::fs::remove_file(&temporary);
    }
}

/// Each record parsed and checked on its own; many records on as many threads as the machine
/// has cores (the build-script profile parses slowly, and the records are independent).
fn parse_all(paths: Vec<PathBuf>, texts: &[String]) -> Vec<ReadRecord> {
    let parse = |(path, text): (PathBuf, &String)| {
        let record = crate::vuln::parse_record(&path, text);
        (path, record)
    };
    let threads = std::thread::available_parallelism().map_or(1, std::num::NonZero::get).min(paths.len() / 16);
    if threads < 2 {
        return paths.into_iter().zip(texts).map(parse).collect();
    }
    let jobs: Vec<(PathBuf, &String)> = paths.into_iter().zip(texts).collect();
    let per_thread = jobs.len().div_ceil(threads);
    let mut chunks: Vec<Vec<(PathBuf, &String)>> = Vec::new();
    let mut jobs = jobs.into_iter().peekable();
    while jobs.peek().is_some() {
        chunks.push(jobs.by_ref().take(per_thread).collect());
    }
    std::thread::scope(|scope| {
        let handles: Vec<_> = chunks
            .into_iter()
            .map(|chunk| scope.spawn(move || chunk.into_iter().map(parse).collect::<Vec<_>>()))
            .collect();
        handles.into_iter().flat_map(|h| h.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic))).collect()
    })
}

/// The copy, when its key is `key`.
fn cached(cache_dir: &Path, key: &[u8]) -> Option<Vec<Record>> {
    let bytes = std::fs::read(cache_dir.join(CACHE_FILE)).ok()?;
    let length = usize::try_from(u64::from_le_bytes(bytes.get(..8)?.try_into().ok()?)).ok()?;
    let stored = bytes.get(8..8usize.checked_add(length)?)?;
    if stored != key {
        return None;
    }
    serde_json::from_slice(&bytes[8 + length..]).ok()
}

/// Each file's path and bytes, with their lengths, one after the other.
fn key_of(paths: &[PathBuf], texts: &[String]) -> Vec<u8> {
    let mut key = Vec::with_capacity(texts.iter().map(|t| t.len() + 64).sum());
    for (path, text) in paths.iter().zip(texts) {
        let name = path.to_string_lossy();
        key.extend_from_slice(&(name.len() as u64).to_le_bytes());
        key.extend_from_slice(name.as_bytes());
        key.extend_from_slice(&(text.len() as u64).to_le_bytes());
        key.extend_from_slice(text.as_bytes());
    }
    key
}

#[cfg(test)]
mod tests {
    use super::*;

    const RECORD: &str = "id = \"X-1\"\ntitle = \"T\"\ndescription = \"D\"\ncomponents = [\"c\"]\naffected-versions = \">=1.0.0\"\nstatus = \"under_investigation\"\naware-at = 2026-11-02T09:30:00Z\n";

    #[test]
    fn the_copy_is_read_while_the_files_are_unchanged_and_never_after_a_change() {
        let root = std::env::temp_dir().join(format!("cra-record-cache-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&root);
        let (records, cache) = (root.join("records"), root.join("out"));
        std::fs::create_dir_all(&records).unwrap();
        std::fs::create_dir_all(&cache).unwrap();
        std::fs::write(records.join("x-1.toml"), RECORD).unwrap();
        let plain: Vec<Record> =
            crate::vuln::read_records(&records).unwrap().into_iter().map(|(_, r)| r.unwrap()).collect();
        let first: Vec<Record> = read_records(&records, &cache).unwrap().into_iter().map(|(_, r)| r.unwrap()).collect();
        assert_eq!(first, plain);
        assert!(cache.join(CACHE_FILE).is_file());
        // The copy holds something else now: read while the key matches, it shows.
        let mut marked = plain.clone();
        marked[0].title = "from the copy".into();
        let texts = vec![std::fs::read_to_string(records.join("x-1.toml")).unwrap()];
        let key = key_of(&[records.join("x-1.toml")], &texts);
        store(&cache, &key, serde_json::to_string(&marked).unwrap().as_bytes());
        let second = read_records(&records, &cache).unwrap();
        assert_eq!(second[0].1.as_ref().unwrap().title, "from the copy");
        // A changed file is read again, and a bad one is an error every time.
        std::fs::write(records.join("x-1.toml"), RECORD.replace("title = \"T\"", "title = \"T2\"")).unwrap();
        let third = read_records(&records, &cache).unwrap();
        assert_eq!(third[0].1.as_ref().unwrap().title, "T2");
        std::fs::write(records.join("x-2.toml"), "id = \"X-2\"\n").unwrap();
        for _ in 0..2 {
            let read = read_records(&records, &cache).unwrap();
            assert!(read[1].1.is_err());
        }
        // Many records are parsed on several threads, in the files' order, as one by one.
        for i in 0..40 {
            std::fs::write(records.join(format!("y-{i:02}.toml")), RECORD.replace("X-1", &format!("Y-{i}"))).unwrap();
        }
        let plain: Vec<String> =
            crate::vuln::read_records(&records).unwrap().into_iter().map(|(p, r)| format!("{p:?} {r:?}")).collect();
        let parallel: Vec<String> =
            read_records(&records, &cache).unwrap().into_iter().map(|(p, r)| format!("{p:?} {r:?}")).collect();
        assert_eq!(parallel, plain);
        std::fs::remove_dir_all(&root).unwrap();
    }
}
