//! Writes the CRA conformity declaration, gap report and SBOM of this product on every build.
fn main() {
    cra_build::main();
}
