//! OpenPGP for the CSAF provider layout (CSAF 2.0 section 7.1.19–7.1.20): the manufacturer's
//! signing key, read from an armored secret key file, and detached, armored signatures that
//! `gpg --verify` checks. rPGP, pure Rust.

use std::path::{Path, PathBuf};

use pgp::composed::{ArmorOptions, Deserializable as _, DetachedSignature, SignedSecretKey};
use pgp::crypto::hash::HashAlgorithm;
use pgp::types::{KeyDetails as _, Password};

/// An OpenPGP key that cannot sign advisories, naming the file and why.
#[derive(Debug, thiserror::Error)]
pub enum OpenPgpError {
    /// The file could not be read.
    #[error("cannot read the OpenPGP key `{}`", .path.display())]
    Read {
        /// The key file.
        path: PathBuf,
        /// What the operating system said.
        #[source]
        source: std::io::Error,
    },
    /// Not an armored OpenPGP secret key.
    #[error(
        "`{}` is not an armored OpenPGP secret key ({reason}); export one with `gpg --armor --export-secret-keys KEY-ID > key.asc`",
        .path.display()
    )]
    Form {
        /// The key file.
        path: PathBuf,
        /// What rPGP said.
        reason: String,
    },
    /// The key is revoked.
    #[error("the OpenPGP key `{fingerprint}` in `{}` is revoked: advisories signed with it would not verify as trusted", .path.display())]
    Revoked {
        /// The key file.
        path: PathBuf,
        /// Its fingerprint.
        fingerprint: String,
    },
    /// The key has expired.
    #[error(
        "the OpenPGP key `{fingerprint}` in `{}` expired on {expired}: extend it (`gpg --quick-set-expire`) or use the current key",
        .path.display()
    )]
    Expired {
        /// The key file.
        path: PathBuf,
        /// Its fingerprint.
        fingerprint: String,
        /// When it expired (RFC 3339).
        expired: String,
    },
    /// rPGP could not sign.
    #[error("cannot sign with the OpenPGP key `{fingerprint}`: {reason}")]
    Sign {
        /// Its fingerprint.
        fingerprint: String,
        /// What rPGP said.
        reason: String,
    },
}

/// The manufacturer's OpenPGP signing key, checked usable at a given time.
pub struct OpenPgpKey {
    key: SignedSecretKey,
}

impl std::fmt::Debug for OpenPgpKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "OpenPgpKey({})", self.fingerprint())
    }
}

impl OpenPgpKey {
    /// Reads an armored secret key (without passphrase) and checks it is neither revoked nor
    /// expired at `now` (seconds since 1970).
    pub fn read(path: &Path, now: i64) -> Result<Self, OpenPgpError> {
        let text =
            std::fs::read_to_string(path).map_err(|source| OpenPgpError::Read { path: path.to_path_buf(), source })?;
        let (key, _) = SignedSecretKey::from_string(&text)
            .map_err(|e| OpenPgpError::Form { path: path.to_path_buf(), reason: e.to_string() })?;
        key.verify_bindings().map_err(|e| OpenPgpError::Form {
            path: path.to_path_buf(),
            reason: format!("its self-signatures do not hold: {e}"),
        })?;
        let key = Self { key };
        let fingerprint = key.fingerprint();
        if !key.key.details.revocation_signatures.is_empty() {
            return Err(OpenPgpError::Revoked { path: path.to_path_buf(), fingerprint });
        }
        // The newest self-signature speaks for the key now: a later one may have shortened its
        // life or changed what it may do.
        let newest = key
            .key
            .details
            .users
            .iter()
            .flat_map(|user| &user.signatures)
            .chain(&key.key.details.direct_signatures)
            .max_by_key(|signature| signature.created().map(pgp::types::Timestamp::as_secs));
        let created = i64::from(key.key.primary_key.created_at().as_secs());
        let lifetime = newest.and_then(pgp::packet::Signature::key_expiration_time).map(|d| i64::from(d.as_secs()));
        if let Some(expires) = lifetime.filter(|seconds| *seconds > 0).map(|seconds| created + seconds)
            && expires <= now
        {
            let expired = jiff::Timestamp::from_second(expires).map_or_else(|_| expires.to_string(), |t| t.to_string());
            return Err(OpenPgpError::Expired { path: path.to_path_buf(), fingerprint, expired });
        }
        if newest.is_some_and(|signature| !signature.key_flags().sign()) {
            return Err(OpenPgpError::Form {
                path: path.to_path_buf(),
                reason: "its primary key may not sign (key flags), and cra-rs signs with the primary key: make one that may, `gpg --quick-gen-key 'NAME <EMAIL>' ed25519 sign 2y`".into(),
            });
        }
        // A trial signature: a passphrase-protected or stub secret key fails here, naming the file,
        // not after the first advisory was written.
        key.sign(b"cra-rs").map_err(|e| OpenPgpError::Form {
            path: path.to_path_buf(),
            reason: format!(
                "it cannot sign ({e}); a passphrase-protected key is exported without passphrase for the publishing job"
            ),
        })?;
        Ok(key)
    }

    /// The key's fingerprint, upper-case hex without spaces (as CSAF's provider metadata and
    /// `gpg --fingerprint` write it).
    pub fn fingerprint(&self) -> String {
        format!("{:X}", self.key.fingerprint())
    }

    /// The public key, armored: published beside the advisories.
    pub fn public_armored(&self) -> String {
        self.key.to_public_key().to_armored_string(ArmorOptions::default()).expect("a public key armors")
    }

    /// A detached, armored signature of `data` (a binary signature, SHA-512).
    pub fn sign(&self, data: &[u8]) -> Result<String, OpenPgpError> {
        let failed =
            |e: pgp::errors::Error| OpenPgpError::Sign { fingerprint: self.fingerprint(), reason: e.to_string() };
        let signature = DetachedSignature::sign_binary_data(
            rand::thread_rng(),
            &self.key.primary_key,
            &Password::empty(),
            HashAlgorithm::Sha512,
            data,
        )
        .map_err(failed)?;
        signature.to_armored_string(ArmorOptions::default()).map_err(failed)
    }
}
