//! How every provider spells its paths: a template, how sure we are of it, and safe filling.
//!
//! Each provider keeps its own table of [`Endpoint`]s in its `paths.rs`, so that a path learnt
//! wrong from the public material is corrected in one place; this module is what the tables
//! have in common.

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};

/// How a path is known (the tags of `provider-notes/`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Evidence {
    /// In the provider document or the provider's API reference.
    Doc,
    /// Named by `CLI.md` after the provider document; its answer is not documented.
    Spec,
    /// In the provider's official SDK.
    Sdk,
    /// Seen in a public script that ran against the live API.
    Repo,
    /// Inferred; not in any public material.
    Inferred,
}

/// One endpoint: a path template with `{name}` placeholders.
#[derive(Debug, Clone, Copy)]
pub struct Endpoint {
    /// Path relative to the provider's base URL.
    pub template: &'static str,
    /// How we know it.
    pub evidence: Evidence,
}

/// Shorthand for the tables.
pub const fn ep(template: &'static str, evidence: Evidence) -> Endpoint {
    Endpoint { template, evidence }
}

/// A path of the provider document or API reference.
pub const fn doc(template: &'static str) -> Endpoint {
    ep(template, Evidence::Doc)
}

/// A path of the provider's official SDK.
pub const fn sdk(template: &'static str) -> Endpoint {
    ep(template, Evidence::Sdk)
}

/// A path seen in a public script that ran against the live API.
pub const fn repo(template: &'static str) -> Endpoint {
    ep(template, Evidence::Repo)
}

/// A path inferred, in no public material.
pub const fn inferred(template: &'static str) -> Endpoint {
    ep(template, Evidence::Inferred)
}

/// What a path segment may hold unescaped: RFC 3986 unreserved characters.
const SEGMENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

impl Endpoint {
    /// The path with each `{name}` replaced by its value, percent-encoded as one segment (so an
    /// id holding `/` or `?` cannot change the path).
    pub fn fill(&self, values: &[(&str, &str)]) -> String {
        values
            .iter()
            .fold(self.template.to_string(), |path, (name, value)| {
                path.replace(
                    &format!("{{{name}}}"),
                    &utf8_percent_encode(value, SEGMENT).to_string(),
                )
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fills_and_encodes_each_value_as_one_segment() {
        let e = ep("/v1/{project}/items/{id}", Evidence::Doc);
        assert_eq!(
            e.fill(&[("project", "3fa85f64-5717"), ("id", "a b/c?d")]),
            "/v1/3fa85f64-5717/items/a%20b%2Fc%3Fd"
        );
        assert_eq!(e.fill(&[("project", "p")]), "/v1/p/items/{id}");
    }
}
