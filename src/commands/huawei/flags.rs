//! The wire enums of `providers::huawei::models` as flag values (`--type vpc|vgw`,
//! `--billing-mode 1..6`, ...), so that clap lists the allowed values in `--help`
//! and refuses any other before a command runs (exit 2 naming the flag and the values). The
//! models know nothing of clap; this is the one place that makes them flags, as
//! `commands::ovh` does for OVH's enums.

use clap::ValueEnum;
use clap::builder::PossibleValue;

use crate::providers::huawei::models::{
    BillingMode, ChargeMode, InterflowMode, NetworkInstanceType, PeriodType,
};

/// A string wire enum as flag values: its variants, in order, spelled as the API writes them.
macro_rules! flag_values {
    ($($ty:ident),+ $(,)?) => {$(
        impl ValueEnum for $ty {
            fn value_variants<'a>() -> &'a [Self] {
                $ty::VARIANTS
            }

            fn to_possible_value(&self) -> Option<PossibleValue> {
                Some(PossibleValue::new(self.as_str()))
            }
        }
    )+};
}

flag_values!(ChargeMode, InterflowMode, PeriodType, NetworkInstanceType);

/// The numbers 1 to 6, as `--billing-mode` takes them.
const BILLING_CODES: [&str; 6] = ["1", "2", "3", "4", "5", "6"];

impl ValueEnum for BillingMode {
    fn value_variants<'a>() -> &'a [Self] {
        BillingMode::VARIANTS
    }

    /// The number, with what it means (shown by `--help`).
    fn to_possible_value(&self) -> Option<PossibleValue> {
        let code = BILLING_CODES.get(usize::from(self.code()).checked_sub(1)?)?;
        Some(PossibleValue::new(*code).help(self.describe()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each flag value is the wire value the body carries, and reads back case-insensitively.
    #[test]
    fn flag_values_are_the_wire_values() {
        let names = |values: Vec<Option<PossibleValue>>| -> Vec<String> {
            values
                .into_iter()
                .map(|v| v.unwrap().get_name().to_string())
                .collect()
        };
        let of = |v: &[InterflowMode]| names(v.iter().map(|m| m.to_possible_value()).collect());
        assert_eq!(of(InterflowMode::VARIANTS), InterflowMode::ALL);
        let billing = BillingMode::VARIANTS.iter().map(|m| m.to_possible_value());
        assert_eq!(names(billing.collect()), BILLING_CODES);
        for mode in BillingMode::VARIANTS {
            let value = mode.to_possible_value().unwrap();
            assert_eq!(value.get_name(), mode.to_string());
        }
        assert_eq!(
            InterflowMode::from_str("region", true),
            Ok(InterflowMode::Region)
        );
        assert!(NetworkInstanceType::from_str("vpn", true).is_err());
    }
}
