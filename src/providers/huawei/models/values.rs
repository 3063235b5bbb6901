//! The fixed value sets of Huawei Cloud Connect's request fields, as types: a value `cc` sends
//! is one of these variants, so a body can only carry a value the API documents, and the
//! command line offers exactly these (`commands::huawei::flags` makes them flag values; this
//! module knows nothing of flags).
//!
//! Each type serialises as the wire value (`"Area"`, `"vpc"`, `4`), spelled as the SDK models
//! and the API reference write it (`provider-notes/huawei-ovh.md` §1.3). These are request
//! values only: responses keep such fields as written (a view's `interflow_mode` is a string),
//! so a value Huawei adds later is shown rather than refused.

use serde::{Serialize, Serializer};

/// A string value set of a request field: the variants and their wire spelling.
macro_rules! wire_enum {
    ($(#[$meta:meta])* $name:ident { $($(#[$vmeta:meta])* $variant:ident = $text:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub enum $name {
            $($(#[$vmeta])* $variant,)+
        }

        impl $name {
            /// Every value, in the documentation's order.
            pub const VARIANTS: &'static [$name] = &[$($name::$variant),+];

            /// Every value as the API writes it.
            pub const ALL: &'static [&'static str] = &[$($text),+];

            /// The value as the API writes it.
            pub const fn as_str(self) -> &'static str {
                match self {
                    $($name::$variant => $text,)+
                }
            }
        }

        $crate::providers::wire_text::wire_text_impls!($name);
    };
}

wire_enum!(
    /// A bandwidth package's `charge_mode` [DOC CreateBandwidthPackage.html: "bandwidth" only].
    ChargeMode {
        /// Charged by bandwidth.
        Bandwidth = "bandwidth",
    }
);

wire_enum!(
    /// A bandwidth package's `interflow_mode` [DOC; SDK]: `Area` joins two of
    /// [`super::AREAS`]; `Region` joins two regions, whose ids (`cn-north-4`, `cn-south-1`) go in
    /// `local_area_id`/`remote_area_id`, with `spec_code` naming the pair (`Beijing4toGuangzhou`)
    /// [REPO terraform-provider-huaweicloud `TestAccBandwidthPackage_regionalInterflow`, and its
    /// doc: "If the value of interflow_mode is Region, the value depends on the specified
    /// interflow regions"].
    InterflowMode {
        /// Between two geographic areas (the provider's default).
        Area = "Area",
        /// Between two regions.
        Region = "Region",
    }
);

wire_enum!(
    /// `prepaid_options.period_type` [SDK `CreatePrepaidOptions`: month, year].
    PeriodType {
        /// Counted in months.
        Month = "month",
        /// Counted in years.
        Year = "year",
    }
);

wire_enum!(
    /// A network instance's `type` [DOC CreateNetworkInstance.html].
    NetworkInstanceType {
        /// A VPC.
        Vpc = "vpc",
        /// A Direct Connect virtual gateway.
        Vgw = "vgw",
    }
);

/// A bandwidth package's `billing_mode`, an integer in requests [DOC CreateBandwidthPackage.html;
/// SDK]. Responses may write it as a string (see the view's `billing_mode`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BillingMode {
    /// 1: yearly/monthly, Chinese mainland site.
    YearlyMonthlyMainland = 1,
    /// 2: yearly/monthly, international site.
    YearlyMonthlyInternational = 2,
    /// 3: pay-per-use, Chinese mainland site.
    PayPerUseMainland = 3,
    /// 4: pay-per-use, international site.
    PayPerUseInternational = 4,
    /// 5: 95th percentile, Chinese mainland site.
    Percentile95Mainland = 5,
    /// 6: 95th percentile, international site.
    Percentile95International = 6,
}

impl BillingMode {
    /// Every mode, 1 to 6.
    pub const VARIANTS: &'static [BillingMode] = &[
        BillingMode::YearlyMonthlyMainland,
        BillingMode::YearlyMonthlyInternational,
        BillingMode::PayPerUseMainland,
        BillingMode::PayPerUseInternational,
        BillingMode::Percentile95Mainland,
        BillingMode::Percentile95International,
    ];

    /// The number the API takes.
    pub const fn code(self) -> u8 {
        self as u8
    }

    /// What the mode is, as the documentation describes it.
    pub const fn describe(self) -> &'static str {
        match self {
            BillingMode::YearlyMonthlyMainland => "yearly/monthly, Chinese mainland site",
            BillingMode::YearlyMonthlyInternational => "yearly/monthly, international site",
            BillingMode::PayPerUseMainland => "pay-per-use, Chinese mainland site",
            BillingMode::PayPerUseInternational => "pay-per-use, international site",
            BillingMode::Percentile95Mainland => "95th percentile, Chinese mainland site",
            BillingMode::Percentile95International => "95th percentile, international site",
        }
    }

    /// Whether it is bought for a period, and so needs `prepaid_options` (modes 1 and 2).
    pub fn prepaid(self) -> bool {
        PREPAID_BILLING_MODES.contains(&self.code())
    }
}

/// Billing modes bought for a period, which need `prepaid_options` [DOC; SDK].
pub const PREPAID_BILLING_MODES: [u8; 2] = [
    BillingMode::YearlyMonthlyMainland.code(),
    BillingMode::YearlyMonthlyInternational.code(),
];

impl std::fmt::Display for BillingMode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.code())
    }
}

impl Serialize for BillingMode {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_u8(self.code())
    }
}

/// `charge_mode` values.
pub const CHARGE_MODES: &[&str] = ChargeMode::ALL;
/// `interflow_mode` values.
pub const INTERFLOW_MODES: &[&str] = InterflowMode::ALL;
/// `interflow_mode` between geographic areas (the provider's default).
pub const INTERFLOW_AREA: &str = InterflowMode::Area.as_str();
/// `interflow_mode` between two regions.
pub const INTERFLOW_REGION: &str = InterflowMode::Region.as_str();
/// `prepaid_options.period_type` values.
pub const PERIOD_TYPES: &[&str] = PeriodType::ALL;
/// Network instance types.
pub const NETWORK_INSTANCE_TYPES: &[&str] = NetworkInstanceType::ALL;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_serialise_as_the_wire_writes_them() {
        let sent = serde_json::json!({
            "charge_mode": ChargeMode::Bandwidth,
            "interflow_mode": [InterflowMode::Area, InterflowMode::Region],
            "period_type": [PeriodType::Month, PeriodType::Year],
            "type": [NetworkInstanceType::Vpc, NetworkInstanceType::Vgw],
            "billing_mode": BillingMode::VARIANTS,
        });
        assert_eq!(
            sent,
            serde_json::json!({
                "charge_mode": "bandwidth",
                "interflow_mode": ["Area", "Region"],
                "period_type": ["month", "year"],
                "type": ["vpc", "vgw"],
                "billing_mode": [1, 2, 3, 4, 5, 6],
            })
        );
        assert_eq!(INTERFLOW_MODES, ["Area", "Region"]);
        assert_eq!(BillingMode::PayPerUseInternational.to_string(), "4");
    }

    #[test]
    fn only_the_yearly_monthly_modes_are_prepaid() {
        let prepaid: Vec<u8> = BillingMode::VARIANTS
            .iter()
            .filter(|m| m.prepaid())
            .map(|m| m.code())
            .collect();
        assert_eq!(prepaid, [1, 2]);
    }
}
