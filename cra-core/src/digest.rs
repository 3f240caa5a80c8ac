//! Hex digests and content-derived serial numbers for the documents cra-rs writes (SBOMs,
//! CycloneDX VEX, audit evidence): the same content always gives the same bytes.

/// Sets `serialNumber` to a name-based UUID (version 5, RFC 9562) of the document's content
/// without it, and renders the document: the same content always has the same serial number,
/// and any change of content gives another.
#[cfg(any(feature = "build", feature = "vuln"))]
pub(crate) fn with_serial_number(mut document: serde_json::Value) -> String {
    use sha2::Digest;
    document["serialNumber"] = serde_json::Value::String(String::new());
    let content = serde_json::to_vec(&document).expect("the SBOM serializes");
    let name = format!("urn:cra-rs:sbom:{}", hex(&sha2::Sha256::digest(&content)));
    document["serialNumber"] = serde_json::Value::String(format!("urn:uuid:{}", uuid_v5(&name)));
    crate::write::json_text(&document)
}

/// The name-based UUID (version 5, RFC 9562, in the URL namespace) of `name`, in its hyphenated
/// form: the same name always gives the same UUID.
#[cfg(any(feature = "build", feature = "vuln", feature = "oscal", feature = "attestation"))]
pub(crate) fn uuid_v5(name: &str) -> String {
    use sha1::Digest;
    // RFC 9562 namespace for URLs; cra-rs names things by URNs, which are URLs' kin.
    const NAMESPACE_URL: [u8; 16] =
        [0x6b, 0xa7, 0xb8, 0x11, 0x9d, 0xad, 0x11, 0xd1, 0x80, 0xb4, 0x00, 0xc0, 0x4f, 0xd4, 0x30, 0xc8];
    let mut hasher = sha1::Sha1::new();
    hasher.update(NAMESPACE_URL);
    hasher.update(name.as_bytes());
    let digest = hasher.finalize();
    let mut uuid = [0u8; 16];
    uuid.copy_from_slice(&digest[..16]);
    uuid[6] = (uuid[6] & 0x0f) | 0x50;
    uuid[8] = (uuid[8] & 0x3f) | 0x80;
    let h = hex(&uuid);
    format!("{}-{}-{}-{}-{}", &h[..8], &h[8..12], &h[12..16], &h[16..20], &h[20..])
}

/// Lower-case hex, as SBOMs, SARIF and in-toto write digests.
pub(crate) fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write;
    bytes.iter().fold(String::with_capacity(bytes.len() * 2), |mut s, b| {
        let _ = write!(s, "{b:02x}");
        s
    })
}
