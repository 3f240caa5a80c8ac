//! Product categories: important products of Annex III (Class I and II) and critical products of
//! Annex IV; every other product is in the default category.
//!
//! The category follows the product's **core functionality** (Art. 7(1)). Integrating a component
//! that would itself be an important product does not make the host product important
//! (Art. 7(1), second sentence): that is why [`Category`] is a property of the product and never
//! of a component, and why no function here derives a product's category from its components.
//! Deciding whether a core functionality falls into a listed category is the manufacturer's
//! judgement (with the technical descriptions of Impl. Reg. (EU) 2025/2392); the model records it.

use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// The tier of a product, which selects the conformity assessment procedures (Art. 32).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum Class {
    /// Not listed in Annex III or IV.
    Default,
    /// Important product, Annex III Class I (Art. 7(1)).
    ImportantClassI,
    /// Important product, Annex III Class II (Art. 7(1)).
    ImportantClassII,
    /// Critical product, Annex IV (Art. 8).
    Critical,
}

impl Class {
    /// Human-readable name.
    pub fn label(self) -> &'static str {
        match self {
            Class::Default => "default",
            Class::ImportantClassI => "important, Class I",
            Class::ImportantClassII => "important, Class II",
            Class::Critical => "critical",
        }
    }
}

/// One listed category of Annex III or IV, as catalogue data.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub struct CategoryInfo {
    /// Stable ID: `III.I.<n>`, `III.II.<n>` or `IV.<n>`.
    pub id: &'static str,
    /// The tier.
    pub class: Class,
    /// Item number within its list.
    pub item: u8,
    /// Title, close to the annex wording.
    pub title: &'static str,
    /// Where the law lists it.
    pub reference: &'static str,
}

macro_rules! categories {
    ($( $id:literal, $class:ident, $item:literal, $reference:literal, $title:literal; )*) => {
        /// Every listed category, Annex III Class I, then Class II, then Annex IV, in item order.
        pub static CATEGORIES: &[CategoryInfo] = &[$(
            CategoryInfo { id: $id, class: Class::$class, item: $item, title: $title, reference: $reference },
        )*];
    };
}

categories! {
    "III.I.1", ImportantClassI, 1, "Annex III Class I point 1", "Identity management systems and privileged access management software and hardware, including authentication and access control readers, including biometric readers";
    "III.I.2", ImportantClassI, 2, "Annex III Class I point 2", "Standalone and embedded browsers";
    "III.I.3", ImportantClassI, 3, "Annex III Class I point 3", "Password managers";
    "III.I.4", ImportantClassI, 4, "Annex III Class I point 4", "Software that searches for, removes, or quarantines malicious software";
    "III.I.5", ImportantClassI, 5, "Annex III Class I point 5", "Products with digital elements with the function of virtual private network (VPN)";
    "III.I.6", ImportantClassI, 6, "Annex III Class I point 6", "Network management systems";
    "III.I.7", ImportantClassI, 7, "Annex III Class I point 7", "Security information and event management (SIEM) systems";
    "III.I.8", ImportantClassI, 8, "Annex III Class I point 8", "Boot managers";
    "III.I.9", ImportantClassI, 9, "Annex III Class I point 9", "Public key infrastructure and digital certificate issuance software";
    "III.I.10", ImportantClassI, 10, "Annex III Class I point 10", "Physical and virtual network interfaces";
    "III.I.11", ImportantClassI, 11, "Annex III Class I point 11", "Operating systems";
    "III.I.12", ImportantClassI, 12, "Annex III Class I point 12", "Routers, modems intended for the connection to the internet, and switches";
    "III.I.13", ImportantClassI, 13, "Annex III Class I point 13", "Microprocessors with security-related functionalities";
    "III.I.14", ImportantClassI, 14, "Annex III Class I point 14", "Microcontrollers with security-related functionalities";
    "III.I.15", ImportantClassI, 15, "Annex III Class I point 15", "Application specific integrated circuits (ASIC) and field-programmable gate arrays (FPGA) with security-related functionalities";
    "III.I.16", ImportantClassI, 16, "Annex III Class I point 16", "Smart home general purpose virtual assistants";
    "III.I.17", ImportantClassI, 17, "Annex III Class I point 17", "Smart home products with security functionalities, including smart door locks, security cameras, baby monitoring systems and alarm systems";
    "III.I.18", ImportantClassI, 18, "Annex III Class I point 18", "Internet connected toys covered by Directive 2009/48/EC that have social interactive features or that have location tracking features";
    "III.I.19", ImportantClassI, 19, "Annex III Class I point 19", "Personal wearable products to be worn or placed on a human body that have a health monitoring purpose and to which Regulation (EU) 2017/745 or (EU) 2017/746 do not apply, or personal wearable products that are intended for the use by and for children";
    "III.II.1", ImportantClassII, 1, "Annex III Class II point 1", "Hypervisors and container runtime systems that support virtualised execution of operating systems and similar environments";
    "III.II.2", ImportantClassII, 2, "Annex III Class II point 2", "Firewalls, intrusion detection and prevention systems";
    "III.II.3", ImportantClassII, 3, "Annex III Class II point 3", "Tamper-resistant microprocessors";
    "III.II.4", ImportantClassII, 4, "Annex III Class II point 4", "Tamper-resistant microcontrollers";
    "IV.1", Critical, 1, "Annex IV point 1", "Hardware Devices with Security Boxes";
    "IV.2", Critical, 2, "Annex IV point 2", "Smart meter gateways within smart metering systems as defined in Article 2(23) of Directive (EU) 2019/944 and other devices for advanced security purposes, including for secure cryptoprocessing";
    "IV.3", Critical, 3, "Annex IV point 3", "Smartcards or similar devices, including secure elements";
}

/// The category a product is placed in: the default category, or one listed item.
///
/// Serialized as `"default"` or the item's stable ID (`"III.I.17"`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Category {
    /// Not listed in Annex III or IV.
    #[default]
    Default,
    /// A listed item of Annex III or IV.
    Listed(&'static CategoryInfo),
}

/// The serialized name of the default category.
pub const DEFAULT_CATEGORY: &str = "default";

impl Category {
    /// The product's tier.
    pub fn class(self) -> Class {
        match self {
            Category::Default => Class::Default,
            Category::Listed(info) => info.class,
        }
    }

    /// `"default"` or the listed item's ID.
    pub fn id(self) -> &'static str {
        match self {
            Category::Default => DEFAULT_CATEGORY,
            Category::Listed(info) => info.id,
        }
    }

    /// The legal reference of the category.
    pub fn reference(self) -> &'static str {
        match self {
            Category::Default => "Art. 6; Art. 32(1)",
            Category::Listed(info) => info.reference,
        }
    }

    /// Whether the category is listed in Annex III (important), which matters for the FOSS
    /// exception of Art. 32(5).
    pub fn is_annex_iii(self) -> bool {
        matches!(self.class(), Class::ImportantClassI | Class::ImportantClassII)
    }
}

string_id!(Category, display = Category::id, expecting = "a product category as a string, e.g. \"III.I.17\"");

/// A text that names no category.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown product category `{text}`{}; expected `default` or an ID such as `III.I.17`, `III.II.2` or `IV.1`", crate::suggest::did_you_mean(*.suggestion))]
pub struct UnknownCategory {
    /// What was given.
    pub text: String,
    /// The closest known ID, if any is close.
    pub suggestion: Option<&'static str>,
}

impl FromStr for Category {
    type Err = UnknownCategory;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        if s == DEFAULT_CATEGORY {
            return Ok(Category::Default);
        }
        CATEGORIES.iter().find(|c| c.id == s).map(Category::Listed).ok_or_else(|| UnknownCategory {
            text: s.to_owned(),
            suggestion: crate::suggest::closest(
                s,
                std::iter::once(DEFAULT_CATEGORY).chain(CATEGORIES.iter().map(|c| c.id)),
            ),
        })
    }
}

string_schema!(
    Category,
    "Category",
    "Product category: `default`, an Annex III item (`III.I.1`–`III.I.19`, `III.II.1`–`III.II.4`) or an Annex IV item (`IV.1`–`IV.3`).",
    enum = std::iter::once(DEFAULT_CATEGORY).chain(CATEGORIES.iter().map(|c| c.id)).collect()
);
