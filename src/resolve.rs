//! The one id-or-name resolver: every argument that takes a resource "by id or exact name"
//! (`CLI.md` §3) goes through [`Lookup`], so that a miss and an ambiguity read the same for
//! every provider and every flag. It lives below the command layer so that a provider's
//! look-up, shared by its commands and its part of `cc apply`, words its errors the same way.
//!
//! Two inputs: the whole list (`pick`: by id first, then by name; a miss lists what is known)
//! or the matches the API returned for a name filter (`only`: a miss points at the list
//! command). A miss is exit 4, an ambiguity exit 2 listing the ids to pass instead.

use crate::error::{Error, Result};

/// What is looked for, for the messages.
#[derive(Debug, Clone, Copy)]
pub struct Lookup<'a> {
    /// The provider, for the error.
    pub provider: crate::provider::ProviderName,
    /// The noun: "cloud connector", "technical VPN".
    pub what: &'a str,
    /// The flag the value came from (`--vpn`), if any.
    pub flag: Option<&'a str>,
    /// The command that lists them (`cc orange list`).
    pub list: &'a str,
}

impl Lookup<'_> {
    /// The one item of `items` (the whole list) whose id, else one of whose names, is
    /// `wanted`.
    pub fn pick<'i, T>(
        &self,
        items: &'i [T],
        wanted: &str,
        id: impl Fn(&T) -> String,
        names: impl Fn(&T) -> Vec<String>,
    ) -> Result<&'i T> {
        if let Some(by_id) = items.iter().find(|i| id(i) == wanted) {
            return Ok(by_id);
        }
        let matches: Vec<&T> = items
            .iter()
            .filter(|i| names(i).iter().any(|n| n == wanted))
            .collect();
        match matches.as_slice() {
            [one] => Ok(one),
            [] => {
                let known: Vec<String> = items
                    .iter()
                    .map(|i| match names(i).first() {
                        Some(name) if *name != id(i) => format!("{name} ({})", id(i)),
                        _ => id(i).to_string(),
                    })
                    .collect();
                Err(self.missing(wanted, Some(&known)))
            }
            several => Err(self.ambiguous(wanted, several.iter().map(|i| id(i)).collect())),
        }
    }

    /// The one item of `named` (what the API returned for the name `wanted`).
    pub fn only<T>(&self, mut named: Vec<T>, wanted: &str, id: impl Fn(&T) -> String) -> Result<T> {
        match named.len() {
            1 => Ok(named.remove(0)),
            0 => Err(self.missing(wanted, None)),
            _ => Err(self.ambiguous(wanted, named.iter().map(id).collect())),
        }
    }

    fn subject(&self, wanted: &str) -> String {
        let wanted = crate::output::escape::shortened(wanted);
        match self.flag {
            Some(flag) => format!("{flag} `{wanted}`"),
            None => format!("`{wanted}`"),
        }
    }

    /// Exit 4: nothing has that id or name.
    fn missing(&self, wanted: &str, known: Option<&[String]>) -> Error {
        let err = Error::not_found(
            self.provider,
            format!(
                "{}: no {} with that id or name",
                self.subject(wanted),
                self.what
            ),
        );
        match known {
            Some([]) => err.hint(format!(
                "known: (none); `{}` lists them",
                crate::hint::cc(self.list)
            )),
            Some(known) => err.hint(format!("known: {}", known.join(", "))),
            None => err.hint(format!("`{}` shows them all", crate::hint::cc(self.list))),
        }
    }

    /// Exit 2: several have that name.
    fn ambiguous(&self, wanted: &str, ids: Vec<String>) -> Error {
        Error::usage(format!(
            "{}: {} {}s have that name; pass the id: {}",
            self.subject(wanted),
            ids.len(),
            self.what,
            ids.join(", ")
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::ErrorKind;

    const VPN: Lookup = Lookup {
        provider: crate::provider::ProviderName::Orange,
        what: "technical VPN",
        flag: Some("--vpn"),
        list: "cc orange vpns",
    };

    fn id(i: &(&str, &str)) -> String {
        i.0.to_string()
    }

    fn names(i: &(&str, &str)) -> Vec<String> {
        vec![i.1.to_string()]
    }

    fn items() -> Vec<(&'static str, &'static str)> {
        vec![("id-1", "a"), ("id-2", "b"), ("id-3", "b")]
    }

    #[test]
    fn id_first_then_one_name() {
        let items = items();
        let pick = |w| VPN.pick(&items, w, id, names);
        assert_eq!(pick("id-3").unwrap().0, "id-3");
        assert_eq!(pick("a").unwrap().0, "id-1");
    }

    #[test]
    fn a_miss_is_exit_4_listing_what_is_known_and_an_ambiguity_exit_2_listing_ids() {
        let items = items();
        let err = VPN.pick(&items, "zz", id, names).unwrap_err();
        assert_eq!(err.kind, ErrorKind::NotFound);
        assert_eq!(
            err.message,
            "--vpn `zz`: no technical VPN with that id or name"
        );
        assert_eq!(err.hints, ["known: a (id-1), b (id-2), b (id-3)"]);
        let err = VPN.pick(&items, "b", id, names).unwrap_err();
        assert_eq!(err.kind, ErrorKind::Usage);
        assert_eq!(
            err.message,
            "--vpn `b`: 2 technical VPNs have that name; pass the id: id-2, id-3"
        );
        let err = VPN.only(Vec::<(&str, &str)>::new(), "x", id).unwrap_err();
        assert_eq!(err.hints, ["`cc orange vpns` shows them all"]);
        let err = VPN.only(items, "b", id).unwrap_err();
        assert!(err.message.contains("3 technical VPNs"), "{}", err.message);
    }
}
