//! # cra-grammar: the `#[cra(...)]` grammar and the words it uses
//!
//! `#[derive(CraComponent)]` (crate `cra-derive`) and the build-time generator (`cra-core`'s
//! feature `build`) read a component's `#[cra(...)]` attribute with this one grammar
//! ([`syntax`], feature `syntax`), so that both accept and reject exactly the same input. The
//! grammar names the vocabulary of the Cyber Resilience Act (Regulation (EU) 2024/2847) that
//! lives here too: the essential requirements of Annex I ([`requirements`]), the kinds and
//! forms of evidence ([`evidence`]) and the rules every claim must satisfy ([`rules`]).
//!
//! The crate is the floor of cra-rs's model: it depends on `strsim` alone (and `syn` for the
//! grammar), because the derive compiles it in every product build. serde and the JSON Schema
//! come with the features `serde` and `schema`, which `cra-core` turns on for its documents;
//! the derive writes its output without them. docs/api.md argues the split.

pub mod evidence;
pub mod requirements;
pub mod rules;
pub mod suggest;
#[cfg(feature = "syntax")]
pub mod syntax;

/// `Serialize` and `Deserialize` for a type written as one string in documents: one shape for
/// every string ID of the model (categories, requirement IDs, months, validation codes). It is
/// written with its `Display` and read back with `parse` (by default its `FromStr`), whose error,
/// with its "did you mean", becomes serde's message; `expecting` is what serde says when the
/// value is not a string at all. The `display =` form writes the `Display` impl too. The caller
/// needs `serde` as a dependency of that name.
#[doc(hidden)]
#[macro_export]
macro_rules! __string_id {
    ($ty:ty, display = $display:path, expecting = $expecting:literal $(, parse = $parse:expr)?) => {
        impl ::std::fmt::Display for $ty {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str($display(*self))
            }
        }
        $crate::__string_id!($ty, expecting = $expecting $(, parse = $parse)?);
    };
    ($ty:ty, expecting = $expecting:literal) => {
        $crate::__string_id!($ty, expecting = $expecting, parse = <$ty as ::std::str::FromStr>::from_str);
    };
    ($ty:ty, expecting = $expecting:literal, parse = $parse:expr) => {
        impl ::serde::Serialize for $ty {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> ::core::result::Result<S::Ok, S::Error> {
                serializer.collect_str(self)
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $ty {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::core::result::Result<Self, D::Error> {
                struct Visitor;
                impl ::serde::de::Visitor<'_> for Visitor {
                    type Value = $ty;

                    fn expecting(&self, f: &mut ::std::fmt::Formatter) -> ::std::fmt::Result {
                        f.write_str($expecting)
                    }

                    fn visit_str<E: ::serde::de::Error>(self, text: &str) -> ::core::result::Result<$ty, E> {
                        $parse(text).map_err(E::custom)
                    }
                }
                deserializer.deserialize_str(Visitor)
            }
        }
    };
}

/// Implements `JsonSchema` (with the caller's feature `schema`) for a type serialized as a
/// string, constrained to the given values or to a pattern: one shape for every such type in
/// the model. The caller needs `schemars` as a dependency of that name.
#[doc(hidden)]
#[macro_export]
macro_rules! __string_schema {
    ($ty:ty, $name:literal, $description:literal, enum = $values:expr) => {
        #[cfg(feature = "schema")]
        impl schemars::JsonSchema for $ty {
            fn schema_name() -> ::std::borrow::Cow<'static, str> {
                $name.into()
            }

            fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
                let values: ::std::vec::Vec<&str> = $values;
                schemars::json_schema!({ "description": $description, "type": "string", "enum": values })
            }
        }
    };
    ($ty:ty, $name:literal, $description:literal, pattern = $pattern:literal) => {
        #[cfg(feature = "schema")]
        impl schemars::JsonSchema for $ty {
            fn schema_name() -> ::std::borrow::Cow<'static, str> {
                $name.into()
            }

            fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
                schemars::json_schema!({ "description": $description, "type": "string", "pattern": $pattern })
            }
        }
    };
}
