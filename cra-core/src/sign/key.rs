//! Signing keys and public keys: PKCS#8 PEM in, JWK out.
//!
//! A key is a file the manufacturer keeps outside the repository (docs/sbom.md, "Keys"); cra-rs
//! reads it, never writes or stores it. Two algorithms, those every verifier of JSF and JWS has:
//! Ed25519 (RFC 8032; JSF name `Ed25519`) and ECDSA over P-256 with SHA-256 (JSF name `ES256`).

use std::path::{Path, PathBuf};

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use ed25519_dalek::pkcs8::{DecodePrivateKey as _, DecodePublicKey as _};
use serde_json::{Value, json};
use sha2::Digest as _;

/// A key that could not be used, naming the file and what would be right.
#[derive(Debug, thiserror::Error)]
pub enum KeyError {
    /// The file could not be read.
    #[error("cannot read the key `{}`", .path.display())]
    Read {
        /// The key file.
        path: PathBuf,
        /// What the operating system said.
        #[source]
        source: std::io::Error,
    },
    /// The file is not a key of a kind cra-rs signs with.
    #[error("`{}` is not a usable key: {reason}", .path.display())]
    Form {
        /// The key file.
        path: PathBuf,
        /// What it is instead, and what to do.
        reason: String,
    },
}

/// A private key that signs: Ed25519 or ECDSA P-256.
pub enum SigningKey {
    /// Ed25519 (RFC 8032).
    Ed25519(ed25519_dalek::SigningKey),
    /// ECDSA over P-256 with SHA-256, deterministic nonces (RFC 6979).
    P256(p256::ecdsa::SigningKey),
}

impl std::fmt::Debug for SigningKey {
    // The private half is never printed.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "SigningKey({}, {})", self.algorithm(), self.public_key().key_id())
    }
}

impl SigningKey {
    /// Reads a PKCS#8 PEM private key file (`-----BEGIN PRIVATE KEY-----`).
    pub fn read(path: &Path) -> Result<Self, KeyError> {
        let text =
            std::fs::read_to_string(path).map_err(|source| KeyError::Read { path: path.to_path_buf(), source })?;
        Self::from_pem(&text).map_err(|reason| KeyError::Form { path: path.to_path_buf(), reason })
    }

    /// A key from PKCS#8 PEM text; the error says what the text is instead.
    pub fn from_pem(text: &str) -> Result<Self, String> {
        if let Ok(key) = ed25519_dalek::SigningKey::from_pkcs8_pem(text) {
            return Ok(Self::Ed25519(key));
        }
        if let Ok(key) = p256::ecdsa::SigningKey::from_pkcs8_pem(text) {
            return Ok(Self::P256(key));
        }
        Err(describe_unusable_pem(text))
    }

    /// The JSF (and JWA) name of the algorithm: `Ed25519` or `ES256`.
    pub fn algorithm(&self) -> &'static str {
        match self {
            Self::Ed25519(_) => "Ed25519",
            Self::P256(_) => "ES256",
        }
    }

    /// Signs `message` as DSSE verifiers expect it: Ed25519's 64 bytes, ECDSA as ASN.1 DER (the
    /// form of X.509, OpenSSL and the in-toto tools).
    pub fn sign_der(&self, message: &[u8]) -> Vec<u8> {
        use ed25519_dalek::Signer as _;
        match self {
            Self::Ed25519(_) => self.sign(message),
            Self::P256(key) => {
                let signature: p256::ecdsa::Signature = key.sign(message);
                signature.to_der().as_bytes().to_vec()
            }
        }
    }

    /// Signs `message`: 64 bytes for both algorithms (ECDSA as R || S, as JWA writes it).
    pub fn sign(&self, message: &[u8]) -> Vec<u8> {
        use ed25519_dalek::Signer as _;
        match self {
            Self::Ed25519(key) => key.sign(message).to_bytes().to_vec(),
            Self::P256(key) => {
                let signature: p256::ecdsa::Signature = key.sign(message);
                signature.to_bytes().to_vec()
            }
        }
    }

    /// The public half.
    pub fn public_key(&self) -> PublicKey {
        match self {
            Self::Ed25519(key) => PublicKey::Ed25519(key.verifying_key()),
            Self::P256(key) => PublicKey::P256(*key.verifying_key()),
        }
    }
}

/// A public key that verifies: from a JWK in a signature, or from a PEM file a verifier trusts.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PublicKey {
    /// Ed25519.
    Ed25519(ed25519_dalek::VerifyingKey),
    /// ECDSA P-256.
    P256(p256::ecdsa::VerifyingKey),
}

impl PublicKey {
    /// Reads a public key PEM file (`-----BEGIN PUBLIC KEY-----`, SubjectPublicKeyInfo), the
    /// form `openssl pkey -pubout` writes and a manufacturer hands to those who verify.
    pub fn read(path: &Path) -> Result<Self, KeyError> {
        let text =
            std::fs::read_to_string(path).map_err(|source| KeyError::Read { path: path.to_path_buf(), source })?;
        if let Ok(key) = ed25519_dalek::VerifyingKey::from_public_key_pem(&text) {
            return Ok(Self::Ed25519(key));
        }
        if let Ok(key) = p256::ecdsa::VerifyingKey::from_public_key_pem(&text) {
            return Ok(Self::P256(key));
        }
        // A private key names its public half too: accept it, the verifier holds it anyway.
        SigningKey::from_pem(&text).map(|key| key.public_key()).map_err(|reason| KeyError::Form {
            path: path.to_path_buf(),
            reason: format!("{reason}; a public key is `-----BEGIN PUBLIC KEY-----` (`openssl pkey -pubout`)"),
        })
    }

    /// The key from a JWK (RFC 7517): `OKP`/`Ed25519` or `EC`/`P-256`.
    pub fn from_jwk(jwk: &Value) -> Result<Self, String> {
        let member = |name: &str| jwk.get(name).and_then(Value::as_str).ok_or(format!("the JWK has no `{name}`"));
        let coordinate = |name: &str| -> Result<[u8; 32], String> {
            let bytes =
                URL_SAFE_NO_PAD.decode(member(name)?).map_err(|_| format!("the JWK's `{name}` is not base64url"))?;
            <[u8; 32]>::try_from(bytes.as_slice()).map_err(|_| format!("the JWK's `{name}` is not 32 bytes"))
        };
        match (member("kty")?, member("crv")?) {
            ("OKP", "Ed25519") => ed25519_dalek::VerifyingKey::from_bytes(&coordinate("x")?)
                .map(Self::Ed25519)
                .map_err(|_| "the JWK's `x` is not an Ed25519 point".into()),
            ("EC", "P-256") => {
                let point = p256::EncodedPoint::from_affine_coordinates(
                    &coordinate("x")?.into(),
                    &coordinate("y")?.into(),
                    false,
                );
                p256::ecdsa::VerifyingKey::from_encoded_point(&point)
                    .map(Self::P256)
                    .map_err(|_| "the JWK's `x` and `y` are not a P-256 point".into())
            }
            (kty, crv) => Err(format!("a `{kty}` key on `{crv}` is not one cra-rs verifies (Ed25519 or P-256)")),
        }
    }

    /// The key as a JWK, with only the members RFC 7638 names (so the thumbprint is over it).
    pub fn jwk(&self) -> Value {
        match self {
            Self::Ed25519(key) => json!({"kty": "OKP", "crv": "Ed25519", "x": URL_SAFE_NO_PAD.encode(key.to_bytes())}),
            Self::P256(key) => {
                let point = key.to_encoded_point(false);
                let (Some(x), Some(y)) = (point.x(), point.y()) else {
                    unreachable!("an uncompressed P-256 point has both coordinates")
                };
                json!({"kty": "EC", "crv": "P-256", "x": URL_SAFE_NO_PAD.encode(x), "y": URL_SAFE_NO_PAD.encode(y)})
            }
        }
    }

    /// The key ID: the JWK's SHA-256 thumbprint (RFC 7638), base64url. Names a signer the same
    /// way in every tool that follows the RFC.
    pub fn key_id(&self) -> String {
        // RFC 7638 section 3: the required members in lexicographic order, no whitespace: that is
        // RFC 8785's form of the JWK above.
        let canonical = serde_jcs::to_vec(&self.jwk()).expect("a JWK serializes");
        URL_SAFE_NO_PAD.encode(sha2::Sha256::digest(canonical))
    }

    /// The key as SubjectPublicKeyInfo PEM (`-----BEGIN PUBLIC KEY-----`), the form a
    /// manufacturer publishes and a verifier hands to `cargo cra verify --public-key`, OpenSSL or
    /// the in-toto tools.
    pub fn to_pem(&self) -> String {
        use ed25519_dalek::pkcs8::EncodePublicKey as _;
        use p256::pkcs8::LineEnding;
        match self {
            Self::Ed25519(key) => key.to_public_key_pem(LineEnding::LF),
            Self::P256(key) => p256::pkcs8::EncodePublicKey::to_public_key_pem(key, LineEnding::LF),
        }
        .expect("a public key encodes as PEM")
    }

    /// Whether `signature` is this key's DSSE signature over `message` (ECDSA in DER).
    pub fn verifies_der(&self, message: &[u8], signature: &[u8]) -> bool {
        use ed25519_dalek::Verifier as _;
        match self {
            Self::Ed25519(_) => self.verifies(message, signature),
            Self::P256(key) => p256::ecdsa::Signature::from_der(signature)
                .is_ok_and(|signature| key.verify(message, &signature).is_ok()),
        }
    }

    /// The JSF algorithm this key signs with.
    pub fn algorithm(&self) -> &'static str {
        match self {
            Self::Ed25519(_) => "Ed25519",
            Self::P256(_) => "ES256",
        }
    }

    /// Whether `signature` is this key's over `message`.
    pub fn verifies(&self, message: &[u8], signature: &[u8]) -> bool {
        use ed25519_dalek::Verifier as _;
        match self {
            Self::Ed25519(key) => ed25519_dalek::Signature::from_slice(signature)
                .is_ok_and(|signature| key.verify_strict(message, &signature).is_ok()),
            Self::P256(key) => p256::ecdsa::Signature::from_slice(signature)
                .is_ok_and(|signature| key.verify(message, &signature).is_ok()),
        }
    }
}

/// What a PEM text that is not a usable private key is, and how to get one.
fn describe_unusable_pem(text: &str) -> String {
    const MAKE: &str = "make one with `openssl genpkey -algorithm ed25519 -out key.pem` (or `-algorithm EC -pkeyopt ec_paramgen_curve:P-256`)";
    let label = text.lines().find_map(|line| line.trim().strip_prefix("-----BEGIN ")?.strip_suffix("-----"));
    match label {
        None => format!("it is not PEM (no `-----BEGIN ...-----` line); {MAKE}"),
        Some("PUBLIC KEY") => "it is a public key; signing needs the private key (`-----BEGIN PRIVATE KEY-----`)".into(),
        Some("ENCRYPTED PRIVATE KEY") => {
            "it is an encrypted private key; give an unencrypted PKCS#8 key from a protected place (`openssl pkcs8 -topk8 -nocrypt`)".into()
        }
        Some(label @ ("EC PRIVATE KEY" | "RSA PRIVATE KEY")) => format!(
            "it is a `{label}` (SEC1/PKCS#1), not PKCS#8; convert it with `openssl pkcs8 -topk8 -nocrypt -in OLD -out key.pem`"
        ),
        Some("PRIVATE KEY") => match private_key_algorithm(text) {
            Some(algorithm) => format!("it is a PKCS#8 key of {algorithm}; cra-rs signs with Ed25519 or P-256 only; {MAKE}"),
            None => format!("its PKCS#8 content cannot be read; {MAKE}"),
        },
        Some(label) => format!("it is a `{label}`, not a private key; {MAKE}"),
    }
}

/// The algorithm of a PKCS#8 key cra-rs does not sign with, named for people.
fn private_key_algorithm(text: &str) -> Option<String> {
    use p256::pkcs8::der::Decode as _;
    let (_, document) = p256::pkcs8::SecretDocument::from_pem(text).ok()?;
    let info = p256::pkcs8::PrivateKeyInfo::from_der(document.as_bytes()).ok()?;
    let algorithm = info.algorithm.oid.to_string();
    let parameter = info.algorithm.parameters_oid().ok().map(|oid| oid.to_string());
    Some(match (algorithm.as_str(), parameter.as_deref()) {
        ("1.2.840.113549.1.1.1", _) => "RSA".into(),
        ("1.3.101.113", _) => "Ed448".into(),
        ("1.2.840.10045.2.1", Some("1.3.132.0.34")) => "ECDSA P-384".into(),
        ("1.2.840.10045.2.1", Some("1.3.132.0.35")) => "ECDSA P-521".into(),
        ("1.2.840.10045.2.1", Some("1.3.132.0.10")) => "ECDSA secp256k1".into(),
        ("1.2.840.10045.2.1", Some(curve)) => format!("ECDSA on the curve {curve}"),
        (oid, _) => format!("the algorithm {oid}"),
    })
}
