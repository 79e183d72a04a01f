//! The one road back for a form posted with problems: the server renders the page again with a
//! [`PostedForm`] in context (`server/src/pages.rs`), and every form page reads it.

/// The values of a posted form, by field name: what the person typed, to be shown again.
pub type FormValues = std::collections::BTreeMap<String, String>;

/// What a page shows after its form was posted with problems: each problem (field id,
/// message), in the order the error summary lists them, and the values sent, so nothing
/// typed is lost.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PostedForm {
    pub problems: Vec<(String, String)>,
    pub values: FormValues,
}

impl PostedForm {
    /// The value sent for `key`, or empty.
    pub fn value(&self, key: &str) -> String {
        self.values.get(key).cloned().unwrap_or_default()
    }

    /// The message for the field `field`, if it has a problem.
    pub fn problem(&self, field: &str) -> Option<String> {
        self.problems.iter().find(|(f, _)| f == field).map(|(_, m)| m.clone())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn problems_and_values_by_field() {
        let posted = PostedForm {
            problems: vec![("number".into(), "证件号码有误".into())],
            values: FormValues::from([("kind".into(), "resident_id".into())]),
        };
        assert_eq!(posted.problem("number").as_deref(), Some("证件号码有误"));
        assert_eq!(posted.problem("kind"), None);
        assert_eq!(posted.value("kind"), "resident_id");
        assert_eq!(posted.value("number"), "");
    }
}
