//! JSON Signature Format (JSF 0.82), the enveloped signature CycloneDX names for its JSON
//! documents (the `signature` property of a BOM).
//!
//! Signing: put `{"algorithm", "keyId", "publicKey"}` as the document's `signature`, canonicalize
//! the whole document with RFC 8785 (JCS), sign those bytes, and add the signature as `value`
//! (base64url). Verifying undoes it: take `value` out of the signature object, canonicalize the
//! rest (the signature object stays in, so its algorithm and key are signed too), and check. A
//! document signed this way keeps its signature through any re-formatting or key reordering, and
//! loses it on any change of content.

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde_json::{Map, Value};

use super::key::{PublicKey, SigningKey};

/// The property that holds the signature object (JSF's default, and CycloneDX's).
pub const PROPERTY: &str = "signature";

/// Who signed a document that verified.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Verified {
    /// The JSF algorithm, `Ed25519` or `ES256`.
    pub algorithm: String,
    /// The signer's key ID: the RFC 7638 thumbprint of the key that verified (JSF's own `keyId`
    /// is an application's label, which cra-rs writes as this thumbprint but does not trust).
    pub key_id: String,
}

/// Why a document is not signed, or its signature does not hold.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum SignatureError {
    /// The text is not JSON.
    #[error("it is not JSON: {0}")]
    NotJson(String),
    /// The document is not a JSON object, so there is nowhere to put a signature.
    #[error("the document is not a JSON object")]
    NotAnObject,
    /// No `signature` property.
    #[error("the document is not signed (it has no `signature`)")]
    NotSigned,
    /// A signature object that is not one JSF signature.
    #[error("the `signature` is not a JSF signature: {0}")]
    Form(String),
    /// An algorithm cra-rs does not verify.
    #[error("the signature's algorithm `{0}` is not one cra-rs verifies (Ed25519, ES256)")]
    UnknownAlgorithm(String),
    /// The public key in the signature cannot be used.
    #[error("the signature's `publicKey` cannot be used: {0}")]
    Key(String),
    /// The algorithm and the key do not go together.
    #[error("the signature says `{algorithm}` but its key is a `{key}` key")]
    AlgorithmMismatch {
        /// The signature's `algorithm`.
        algorithm: String,
        /// The algorithm of its key.
        key: &'static str,
    },
    /// The signature does not match the document.
    #[error("the signature does not match the document: it was changed after it was signed (key `{key_id}`)")]
    Invalid {
        /// The key the signature names.
        key_id: String,
    },
    /// The signature holds, but by another key than the one the verifier trusts.
    #[error("the document is signed by key `{signer}`, not by the trusted key `{trusted}`")]
    Untrusted {
        /// Who signed.
        signer: String,
        /// Whom the verifier trusts.
        trusted: String,
    },
}

/// Signs `document` in place, replacing an earlier signature.
pub fn sign(document: &mut Value, key: &SigningKey) -> Result<(), SignatureError> {
    let object = document.as_object_mut().ok_or(SignatureError::NotAnObject)?;
    let public = key.public_key();
    let mut signature = Map::new();
    signature.insert("algorithm".into(), key.algorithm().into());
    signature.insert("keyId".into(), public.key_id().into());
    signature.insert("publicKey".into(), public.jwk());
    object.insert(PROPERTY.into(), Value::Object(signature));
    let value = URL_SAFE_NO_PAD.encode(key.sign(&canonical(document)));
    if let Some(Value::Object(signature)) = document.get_mut(PROPERTY) {
        signature.insert("value".into(), value.into());
    }
    Ok(())
}

/// Verifies the signature of `document` (taken, as the signature's `value` is taken out of it to
/// check). With `trusted`, the signer must be that key (an embedded key alone shows the document
/// is unchanged, not who signed it).
pub fn verify(mut document: Value, trusted: Option<&PublicKey>) -> Result<Verified, SignatureError> {
    let object = document.as_object().ok_or(SignatureError::NotAnObject)?;
    let signature = match object.get(PROPERTY) {
        None => return Err(SignatureError::NotSigned),
        Some(Value::Object(signature)) => signature,
        Some(_) => return Err(SignatureError::Form("it is not an object".into())),
    };
    if signature.contains_key("signers") || signature.contains_key("chain") {
        return Err(SignatureError::Form(
            "it holds several signatures (`signers` or `chain`); cra-rs writes and reads one".into(),
        ));
    }
    let text = |name: &str| match signature.get(name) {
        Some(Value::String(text)) => Ok(text.as_str()),
        Some(_) => Err(SignatureError::Form(format!("its `{name}` is not a string"))),
        None => Err(SignatureError::Form(format!("it has no `{name}`"))),
    };
    let algorithm = text("algorithm")?;
    if !matches!(algorithm, "Ed25519" | "ES256") {
        return Err(SignatureError::UnknownAlgorithm(algorithm.to_owned()));
    }
    let value = URL_SAFE_NO_PAD
        .decode(text("value")?)
        .map_err(|_| SignatureError::Form("its `value` is not base64url without padding".into()))?;
    let key = match (signature.get("publicKey"), trusted) {
        (Some(jwk), _) => PublicKey::from_jwk(jwk).map_err(SignatureError::Key)?,
        (None, Some(trusted)) => trusted.clone(),
        (None, None) => {
            return Err(SignatureError::Key(
                "there is none; name the signer's public key (`cargo cra verify --public-key KEY.pem`)".into(),
            ));
        }
    };
    if key.algorithm() != algorithm {
        return Err(SignatureError::AlgorithmMismatch { algorithm: algorithm.to_owned(), key: key.algorithm() });
    }
    let key_id = key.key_id();
    let algorithm = algorithm.to_owned();
    if let Some(Value::Object(signature)) = document.get_mut(PROPERTY) {
        signature.remove("value");
    }
    if !key.verifies(&canonical(&document), &value) {
        return Err(SignatureError::Invalid { key_id });
    }
    if let Some(trusted) = trusted.filter(|trusted| **trusted != key) {
        return Err(SignatureError::Untrusted { signer: key_id, trusted: trusted.key_id() });
    }
    Ok(Verified { algorithm, key_id })
}

/// The RFC 8785 canonical form of `document`: the bytes that are signed.
pub fn canonical(document: &Value) -> Vec<u8> {
    serde_jcs::to_vec(document).expect("a JSON value serializes")
}

/// Signs the JSON document `text` and returns it signed, written as cra-rs writes every JSON
/// document (`write::json_text`: pretty, keys in order, final newline).
pub fn sign_text(text: &str, key: &SigningKey) -> Result<String, SignatureError> {
    let mut document: Value = serde_json::from_str(text).map_err(|e| SignatureError::NotJson(e.to_string()))?;
    sign(&mut document, key)?;
    Ok(crate::write::json_text(&document))
}

/// Verifies the JSON document `text` ([`verify`]); a key twice in one object is refused
/// ([`super::strict_json`]).
pub fn verify_text(text: &str, trusted: Option<&PublicKey>) -> Result<Verified, SignatureError> {
    let document = super::strict_json::parse(text.as_bytes()).map_err(SignatureError::NotJson)?;
    verify(document, trusted)
}
