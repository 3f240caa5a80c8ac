// Evidence: kinds, paths and URLs.
use cra_derive::CraComponent;

/// A path that does not exist.
#[derive(CraComponent)]
#[cra(addresses(integrity, evidence(test_report = "docs/reports/missing.md")))]
struct MissingFile;

/// A URL with a broken scheme separator.
#[derive(CraComponent)]
#[cra(addresses(integrity, evidence(test_report = "https:/reports.example/integrity")))]
struct BrokenUrl;

/// A URL that is not http(s).
#[derive(CraComponent)]
#[cra(addresses(integrity, evidence(certificate = "ftp://certs.example/lock.pdf")))]
struct FtpUrl;

/// A misspelled evidence kind.
#[derive(CraComponent)]
#[cra(addresses(integrity, evidence(test_reprot = "Cargo.toml")))]
struct UnknownKind;

/// Empty evidence.
#[derive(CraComponent)]
#[cra(addresses(integrity, evidence()))]
struct EmptyEvidence;

/// An absolute path.
#[derive(CraComponent)]
#[cra(addresses(integrity, evidence(test = "/etc/hostname")))]
struct AbsolutePath;

/// A path that leads out of the package.
#[derive(CraComponent)]
#[cra(addresses(integrity, evidence(test = "evidence/../../../etc/passwd")))]
struct OutsideThePackage;

/// A location that is not a string.
#[derive(CraComponent)]
#[cra(addresses(integrity, evidence(test = 42)))]
struct NotAString;

fn main() {}
