//! Dates and times in TOML files the user writes (manifests, vulnerability records): a TOML
//! literal or the same written as a string, read by one visitor.

use std::fmt;

use serde::Deserialize as _;
use serde::de::{self, MapAccess, Visitor};

/// A TOML date or date-time literal, or the same written as a string, read by `parse` from its
/// text: one reader for every date and time of manifests and vulnerability records.
pub(crate) struct LiteralOrString<T> {
    /// What is expected, for the error message.
    pub(crate) expecting: &'static str,
    /// Reads the text; its error is the message.
    pub(crate) parse: fn(&str) -> Result<T, String>,
}

impl<'de, T> Visitor<'de> for LiteralOrString<T> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str(self.expecting)
    }

    fn visit_str<E: de::Error>(self, text: &str) -> Result<T, E> {
        (self.parse)(text).map_err(E::custom)
    }

    fn visit_map<M: MapAccess<'de>>(self, map: M) -> Result<T, M::Error> {
        let datetime = toml::value::Datetime::deserialize(de::value::MapAccessDeserializer::new(map))?;
        (self.parse)(&datetime.to_string()).map_err(de::Error::custom)
    }
}
