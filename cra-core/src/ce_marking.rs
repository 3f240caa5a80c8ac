//! The CE marking: where it is affixed (Art. 30(1)), and the notified body's identification
//! number that follows it when the body is involved in the production control phase of Module H
//! (Art. 30(4)). Affixing it is the last step before placing on the market, after the
//! declaration (Art. 13(12)); the declaration says where it is, and so do the documents.

use serde::{Deserialize, Serialize};

/// Where the CE marking is affixed (Art. 30(1)).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum CeMarking {
    /// Visibly, legibly and indelibly on the product.
    Product,
    /// On the packaging and on the EU declaration of conformity, where the nature of the product
    /// does not allow or warrant it on the product.
    PackagingAndDeclaration,
    /// Software: on the EU declaration of conformity.
    Declaration,
    /// Software: on the website accompanying the software, in a section directly accessible to
    /// consumers; the address of that section.
    Website(String),
}

impl CeMarking {
    /// Where the marking is, in words.
    pub fn placement(&self) -> String {
        match self {
            CeMarking::Product => "affixed visibly, legibly and indelibly to the product".into(),
            CeMarking::PackagingAndDeclaration => {
                "affixed to the packaging and to the EU declaration of conformity".into()
            }
            CeMarking::Declaration => "affixed to the EU declaration of conformity".into(),
            CeMarking::Website(url) => {
                format!(
                    "affixed to the website accompanying the software, in a section directly accessible to consumers: {url}"
                )
            }
        }
    }

    /// Whether the marking is on the declaration itself, so the declaration shows it.
    pub fn on_the_declaration(&self) -> bool {
        matches!(self, CeMarking::PackagingAndDeclaration | CeMarking::Declaration)
    }
}
