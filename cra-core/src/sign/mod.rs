//! Signatures on what cra-rs writes, so that a reader can tell who made a document and that no
//! one changed it since.
//!
//! - [`key`]: the signing key (a PKCS#8 PEM file, Ed25519 or ECDSA P-256) and its public half as
//!   a JWK (RFC 7517) with its RFC 7638 thumbprint as the key ID.
//! - [`jsf`]: JSON Signature Format, the enveloped signature CycloneDX specifies for its JSON
//!   documents (the SBOM, the CycloneDX VEX): the document is canonicalized with RFC 8785 (JCS)
//!   including the signature object without its `value`, and signed.
//!
//! docs/sbom.md explains key handling and verification for a manufacturer and for an authority.

pub mod bundle;
pub mod jsf;
pub mod key;
pub mod strict_json;

pub use bundle::{BundleError, Checked, Sealed};
pub use jsf::{SignatureError, Verified};
pub use key::{KeyError, PublicKey, SigningKey};
