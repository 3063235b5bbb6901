//! The impls every value-set type of a provider's models shares once it has `as_str` (its wire
//! spelling): `Display` prints it and `Serialize` sends it. One macro so the providers' enum
//! macros (huawei's `wire_enum!`, ovh's `string_enum!`) cannot drift apart on them.

/// `Display` and `Serialize` for `$name` through its `as_str()`.
macro_rules! wire_text_impls {
    ($name:ident) => {
        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }
    };
}

pub(crate) use wire_text_impls;
