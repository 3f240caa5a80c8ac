//! Who places the product on the market, and with what duties: the economic operators of the
//! regulation (Art. 3(12)–(17)) and the open-source software steward (Art. 3(14), Art. 24).
//!
//! The declaration records the manufacturer, and where there is one the authorised
//! representative (Art. 18) and the importer (Art. 19). [`roles`] lists the roles a declaration
//! shows, each with the duties that bear on the documents cra-rs writes; it is a guide to the
//! articles, not their full text. A distributor (Art. 20) and a steward (Art. 24) are roles of
//! other operators than the one writing this declaration; they are listed here so that a
//! product team can see where its duties end. An importer or distributor that places the
//! product under its own name or trademark, or modifies it substantially, is its manufacturer
//! (Art. 21), and so is anyone else who modifies it substantially (Art. 22).

use serde::Serialize;

use crate::declaration::Declaration;

/// A role of the regulation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Role {
    /// Develops or manufactures the product, or has it designed, developed or manufactured, and
    /// markets it under its own name or trademark (Art. 3(13)).
    Manufacturer,
    /// Established in the Union, holds a written mandate of the manufacturer (Art. 3(15); Art. 18).
    AuthorisedRepresentative,
    /// Established in the Union, places on the market a product bearing the name or trademark of
    /// a person established outside the Union (Art. 3(16); Art. 19).
    Importer,
    /// Makes the product available in the supply chain without affecting its properties (Art.
    /// 3(17); Art. 20).
    Distributor,
    /// Supports specific free and open-source software intended for commercial activities on a
    /// sustained basis, not as its manufacturer (Art. 3(14); Art. 24).
    OpenSourceSoftwareSteward,
}

/// One duty of a role that bears on the declaration, the documents or the reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Duty {
    /// The article.
    pub article: &'static str,
    /// What it asks, in short.
    pub duty: &'static str,
}

impl Role {
    /// The duties of the role that bear on what cra-rs writes.
    pub fn duties(self) -> &'static [Duty] {
        match self {
            Role::Manufacturer => &[
                Duty {
                    article: "Art. 13(12)",
                    duty: "draw up the technical documentation, carry out the conformity assessment, draw up the EU declaration of conformity and affix the CE marking before placing on the market",
                },
                Duty { article: "Art. 13(8)", duty: "handle vulnerabilities for the support period" },
                Duty { article: "Art. 14", duty: "report actively exploited vulnerabilities and severe incidents" },
                Duty {
                    article: "Art. 13(13)",
                    duty: "keep the technical documentation and the declaration for ten years after placing on the market or for the support period, whichever is longer",
                },
            ],
            Role::AuthorisedRepresentative => &[
                Duty {
                    article: "Art. 18",
                    duty: "the tasks of the manufacturer's written mandate, which cannot include the manufacturer's design duties or drawing up the technical documentation",
                },
                Duty {
                    article: "Art. 18(3)(a)",
                    duty: "keep the declaration and the technical documentation at the disposal of market surveillance authorities for ten years or the support period, whichever is longer",
                },
            ],
            Role::Importer => &[
                Duty {
                    article: "Art. 19(2)",
                    duty: "before placing on the market, ensure that the conformity assessment was carried out, the technical documentation drawn up, the CE marking affixed, and that the declaration and the Annex II information accompany the product",
                },
                Duty {
                    article: "Art. 19(4)",
                    duty: "indicate its name, registered trade name or trademark, postal address, email address or other digital contact and, where applicable, website on the product, its packaging or an accompanying document",
                },
                Duty {
                    article: "Art. 19(6)",
                    duty: "keep a copy of the declaration at the disposal of market surveillance authorities for ten years or the support period, whichever is longer, and make the technical documentation available on request",
                },
                Duty {
                    article: "Art. 19(3)",
                    duty: "inform the manufacturer (and, for a significant cybersecurity risk, the market surveillance authorities) when it has reason to believe the product does not conform",
                },
            ],
            Role::Distributor => &[Duty {
                article: "Art. 20",
                duty: "before making the product available, verify that it bears the CE marking and that the manufacturer and importer have met their duties; inform the manufacturer of a vulnerability it identifies",
            }],
            Role::OpenSourceSoftwareSteward => &[
                Duty {
                    article: "Art. 24(1)",
                    duty: "put in place and document a verifiable cybersecurity policy covering secure development, vulnerability handling and the voluntary reporting of vulnerabilities",
                },
                Duty {
                    article: "Art. 24(3)",
                    duty: "Art. 14(1) applies as far as the steward is involved in development; Art. 14(3) and 14(8) apply to severe incidents affecting the network and information systems it provides for development",
                },
            ],
        }
    }

    /// The role's name.
    pub fn name(self) -> &'static str {
        match self {
            Role::Manufacturer => "manufacturer",
            Role::AuthorisedRepresentative => "authorised representative",
            Role::Importer => "importer",
            Role::Distributor => "distributor",
            Role::OpenSourceSoftwareSteward => "open-source software steward",
        }
    }
}

/// A role the declaration shows, with the operator's name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Operator {
    /// The role.
    pub role: Role,
    /// Who holds it.
    pub name: String,
    /// Whether this operator places the product on the market: the importer when there is one
    /// (the product bears the name of a manufacturer outside the Union), else the manufacturer.
    pub places_on_the_market: bool,
    /// The role's duties.
    pub duties: &'static [Duty],
}

/// The operators the declaration names, manufacturer first.
pub fn roles(declaration: &Declaration) -> Vec<Operator> {
    let imported = declaration.importer.is_some();
    let mut operators = vec![Operator {
        role: Role::Manufacturer,
        name: declaration.manufacturer.name.clone(),
        places_on_the_market: !imported,
        duties: Role::Manufacturer.duties(),
    }];
    if let Some(representative) = &declaration.authorised_representative {
        operators.push(Operator {
            role: Role::AuthorisedRepresentative,
            name: representative.name.clone(),
            places_on_the_market: false,
            duties: Role::AuthorisedRepresentative.duties(),
        });
    }
    if let Some(importer) = &declaration.importer {
        operators.push(Operator {
            role: Role::Importer,
            name: importer.name.clone(),
            places_on_the_market: true,
            duties: Role::Importer.duties(),
        });
    }
    operators
}
