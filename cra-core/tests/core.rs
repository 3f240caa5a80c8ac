//! Integration tests of cra-core: one binary, one module per part of the model. Each test names
//! the article or annex point it checks.

mod core {
    pub mod fixture;

    mod annexes;
    mod catalogue;
    mod conformity;
    mod diff;
    mod judgements;
    mod layers;
    mod never_panic;
    mod read;
    mod reporting;
    #[cfg(feature = "build")]
    mod rule_help;
    #[cfg(feature = "schema")]
    mod schema;
    mod scope;
    mod support;
    mod validate;
    #[cfg(feature = "vuln")]
    mod vuln;
}
