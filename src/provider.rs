//! The name of a provider, as a type: what `--provider` and `cc api PROVIDER` parse, what every
//! error carries (`Error::provider`) and what the registry (`registry.rs`) matches on.
//!
//! It sits in the core layer so that errors and the HTTP client can carry it without knowing
//! anything else of the providers; the enum is the list of providers (its order is the display
//! order), and adding one is one variant here plus the registry's arm (see `registry.rs`).

/// A provider, as named on the command line (`--provider`, `cc api PROVIDER`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, clap::ValueEnum)]
pub enum ProviderName {
    /// Orange Business Evolution Platform
    Orange,
    /// Console Connect
    ConsoleConnect,
    /// Huawei Cloud Connect
    Huawei,
    /// OVHcloud Connect
    Ovh,
}

impl ProviderName {
    /// Every provider, in display order (the enum's order).
    pub fn all() -> impl Iterator<Item = ProviderName> {
        <ProviderName as clap::ValueEnum>::value_variants()
            .iter()
            .copied()
    }

    /// The name in errors and rows (`orange`, `console-connect`): the same as its Display.
    pub fn id(self) -> &'static str {
        match self {
            ProviderName::Orange => "orange",
            ProviderName::ConsoleConnect => "console-connect",
            ProviderName::Huawei => "huawei",
            ProviderName::Ovh => "ovh",
        }
    }
}

impl std::fmt::Display for ProviderName {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.id())
    }
}

impl serde::Serialize for ProviderName {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.id())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_the_command_line_names() {
        let ids: Vec<&str> = ProviderName::all().map(ProviderName::id).collect();
        assert_eq!(ids, ["orange", "console-connect", "huawei", "ovh"]);
        for p in ProviderName::all() {
            use clap::ValueEnum;
            assert_eq!(p.to_possible_value().unwrap().get_name(), p.id());
        }
        assert_eq!(
            serde_json::to_value(ProviderName::Ovh).unwrap(),
            serde_json::json!("ovh")
        );
    }
}
