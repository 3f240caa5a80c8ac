//! A template value with a fixed set of named fields, for the rows a large declaration has
//! thousands of (evidence, matrix).
//!
//! Converting a row through serde makes a new value for every field, so a row costs one
//! allocation per string. A [`Fields`] row holds values that can be shared instead (the same
//! component, requirement and kind values in many rows are one value each, cloned by reference
//! count), and its fields live in one array. Templates read it like a struct that went
//! through serde: `row.name`, `{% if row.name %}`, `row | length`.

use std::sync::Arc;

use minijinja::value::{Enumerator, Object, Value};

/// `N` fields, in the order they are listed.
#[derive(Debug)]
pub(super) struct Fields<const N: usize>(pub(super) [(&'static str, Value); N]);

impl<const N: usize> Fields<N> {
    /// The row as a template value.
    pub(super) fn value(fields: [(&'static str, Value); N]) -> Value {
        Value::from_object(Fields(fields))
    }
}

impl<const N: usize> Object for Fields<N> {
    fn get_value(self: &Arc<Self>, key: &Value) -> Option<Value> {
        self.get_value_by_str(key.as_str()?)
    }

    fn get_value_by_str(self: &Arc<Self>, key: &str) -> Option<Value> {
        self.0.iter().find(|(name, _)| *name == key).map(|(_, value)| value.clone())
    }

    fn enumerate(self: &Arc<Self>) -> Enumerator {
        Enumerator::Values(self.0.iter().map(|(name, _)| Value::from(*name)).collect())
    }

    fn enumerator_len(self: &Arc<Self>) -> Option<usize> {
        Some(N)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn templates_read_fields_as_they_read_a_serialized_struct() {
        #[derive(serde::Serialize)]
        struct Row {
            name: &'static str,
            url: Option<&'static str>,
        }
        let template = "{{ r.name }}|{% if r.url %}url{% else %}none{% endif %}|{{ r.url }}|{{ r | length }}|{% for k in r %}{{ k }},{% endfor %}|{{ r.missing is defined }}";
        let env = minijinja::Environment::new();
        let render = |r: Value| env.render_str(template, minijinja::context! { r }).unwrap();
        let fields = Fields::value([("name", Value::from("a")), ("url", Value::from(()))]);
        let serialized = Value::from(minijinja::value::Serde(Row { name: "a", url: None }));
        assert_eq!(render(fields), render(serialized));
        assert_eq!(
            render(Fields::value([("name", Value::from("a")), ("url", Value::from(()))])),
            "a|none|None|2|name,url,|False"
        );
    }
}
