//! The documented values and limits of Huawei Cloud Connect's request fields, and the checks
//! that hold a value to them before anything is sent. A refusal names the body field; the
//! command layer maps it to its flag.

use super::{INTERFLOW_REGION, Tag};
use crate::error::Result;
use crate::validate::{quoted, refuse};

/// The areas a bandwidth package joins [DOC CreateBandwidthPackage.html; SDK].
pub const AREAS: [&str; 6] = [
    "Chinese-Mainland",
    "Asia-Pacific",
    "Africa",
    "Western-Latin-America",
    "Eastern-Latin-America",
    "Northern-Latin-America",
];

/// The `resource_type` of a cloud connection.
pub const RESOURCE_TYPE_CLOUD_CONNECTION: &str = "cloud_connection";

/// Longest name accepted [DOC: the console guide and the API pages give names of 1-64
/// characters of Chinese, letters, digits, `_`, `-` and `.`].
pub const NAME_MAX: usize = 64;
/// Longest description of a cloud connection [DOC CreateCloudConnection.html, "Maximum: 255"].
pub const DESCRIPTION_MAX: usize = 255;
/// Longest description of a network instance or bandwidth package on EARLIER API pages [DOC 2023
/// pages; the current pages give none]. Uncertain, so NOT enforced: the provider's 400 (its code
/// and message, exit 5) says it if it still holds.
pub const LEGACY_DESCRIPTION_MAX: usize = 85;
/// Smallest bandwidth on EARLIER API pages [DOC 2023 pages; the current pages give none].
/// Uncertain, so NOT enforced (`cc` refuses only 0); the provider's 400 says it if it holds.
pub const LEGACY_BANDWIDTH_MIN: u32 = 2;
/// Longest tag key and value [DOC provider document Table 7].
pub const TAG_KEY_MAX: usize = 128;
/// Longest tag value.
pub const TAG_VALUE_MAX: usize = 255;

fn is_cjk(c: char) -> bool {
    matches!(c, '\u{4e00}'..='\u{9fff}' | '\u{3400}'..='\u{4dbf}')
}

/// A resource name: "Chinese characters, letters, digits, underscores, hyphens and periods"
/// [SDK `CreateCloudConnection.name`, `CreateNetworkInstance.name`], 1 to [`NAME_MAX`].
/// `field` is the input checked, in the body's spelling (`name`): every check here refuses an
/// input by its field, and the command layer names it by its flag.
pub fn check_name(field: &str, text: &str) -> Result<String> {
    let name = crate::validate::name(field, text, NAME_MAX)?;
    if let Some(bad) = name
        .chars()
        .find(|c| !(c.is_ascii_alphanumeric() || "_-.".contains(*c) || is_cjk(*c)))
    {
        return Err(refuse(
            field,
            quoted(&name),
            format!(
                "`{bad}` is not allowed; use letters, digits, Chinese characters, `_`, `-` and `.`"
            ),
        ));
    }
    Ok(name)
}

/// A description: no `<` or `>` (the API forbids them), at most `max` characters when the limit
/// is documented for the kind (`Some(DESCRIPTION_MAX)` for cloud connections; `None` for network
/// instances and bandwidth packages, see [`LEGACY_DESCRIPTION_MAX`]).
pub fn check_description(field: &str, text: &str, max: Option<usize>) -> Result<String> {
    if text.contains(['<', '>']) {
        return Err(refuse(
            field,
            None,
            "angle brackets (< and >) are not allowed in a Huawei Cloud Connect description",
        ));
    }
    if let Some(max) = max
        && text.chars().count() > max
    {
        return Err(refuse(field, None, format!("at most {max} characters")));
    }
    if text.chars().any(char::is_control) {
        return Err(refuse(field, None, "must not contain control characters"));
    }
    Ok(text.to_string())
}

/// A tag `KEY=VALUE` given as `field`: key of letters, digits, `-` and `_` (1-128), value of
/// letters, digits, `-`, `_` and `.` (0-255) [DOC provider document Table 7].
pub fn check_tag(field: &str, text: &str) -> Result<Tag> {
    let Some((key, value)) = text.split_once('=') else {
        return Err(refuse(field, quoted(text), "expected KEY=VALUE"));
    };
    let key_ok = |c: char| c.is_alphanumeric() || c == '-' || c == '_';
    let value_ok = |c: char| key_ok(c) || c == '.';
    if key.is_empty() || key.chars().count() > TAG_KEY_MAX || !key.chars().all(key_ok) {
        return Err(refuse(
            field,
            quoted(text),
            format!("the key must be 1-{TAG_KEY_MAX} letters, digits, `-` or `_`"),
        ));
    }
    if value.chars().count() > TAG_VALUE_MAX || !value.chars().all(value_ok) {
        return Err(refuse(
            field,
            quoted(text),
            format!("the value must be at most {TAG_VALUE_MAX} letters, digits, `-`, `_` or `.`"),
        ));
    }
    Ok(Tag {
        key: key.to_string(),
        value: value.to_string(),
    })
}

/// An id-like value (project id, account id, region id, spec code): ASCII letters, digits, `-`,
/// `_` and `.`, not empty.
pub fn check_token(field: &str, text: &str) -> Result<String> {
    let t = text.trim();
    if t.is_empty() {
        return Err(refuse(field, None, "must not be empty"));
    }
    if !t
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || "-_.".contains(c))
    {
        return Err(refuse(
            field,
            quoted(t),
            "expected letters, digits, `-`, `_` or `.`",
        ));
    }
    Ok(t.to_string())
}

/// A value from a fixed list, matched case-insensitively and returned as the list writes it.
pub fn one_of(field: &str, text: &str, allowed: &[&str]) -> Result<String> {
    allowed
        .iter()
        .find(|a| a.eq_ignore_ascii_case(text.trim()))
        .map(|a| a.to_string())
        .ok_or_else(|| {
            refuse(
                field,
                quoted(text),
                format!("must be one of {}", allowed.join(", ")),
            )
        })
}

/// A region id such as `cn-north-4` or `ap-southeast-1`: lower-case words joined by `-`, the
/// last one a number [INF: the shape of every Huawei region id seen; not a documented rule].
pub fn check_region_id(field: &str, text: &str) -> Result<String> {
    let t = text.trim();
    let parts: Vec<&str> = t.split('-').collect();
    let word = |p: &&str| !p.is_empty() && p.chars().all(|c| c.is_ascii_lowercase());
    let shaped = parts.len() >= 2
        && parts[..parts.len() - 1].iter().all(word)
        && parts
            .last()
            .is_some_and(|n| !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()));
    if !shaped {
        return Err(refuse(
            field,
            quoted(t),
            "expected a region id such as cn-north-4",
        ));
    }
    Ok(t.to_string())
}

/// The two ends of a bandwidth package for its `interflow_mode` (`None`: the default, Area):
/// two of [`AREAS`] in Area mode, two region ids in Region mode. A mix (an area in Region mode, a
/// region id in Area mode) is refused naming the input and the mode that takes it. `ends` holds
/// each end's field and value.
pub fn check_interflow_ends(mode: Option<&str>, ends: [(&str, &str); 2]) -> Result<[String; 2]> {
    let region_mode = mode == Some(INTERFLOW_REGION);
    let check = |(field, value): (&str, &str)| {
        let is_area = AREAS.iter().any(|a| a.eq_ignore_ascii_case(value.trim()));
        match (region_mode, is_area) {
            (true, true) => Err(refuse(
                field,
                quoted(value),
                "is an area, but the interflow mode is Region, which joins two regions: give region ids such as cn-north-4 (areas go with Area mode)",
            )),
            (true, false) => check_region_id(field, value),
            (false, false) if check_region_id(field, value).is_ok() => Err(refuse(
                field,
                quoted(value),
                format!(
                    "is a region id, but the interflow mode is Area, which joins two areas ({}); for two regions pass `--interflow-mode Region` and `--spec-code`",
                    AREAS.join(", ")
                ),
            )),
            (false, _) => one_of(field, value, &AREAS),
        }
    };
    Ok([check(ends[0])?, check(ends[1])?])
}

/// A bandwidth in Mbit/s: a whole number of at least 1 (see [`LEGACY_BANDWIDTH_MIN`]).
pub fn check_bandwidth(field: &str, mbps: u32) -> Result<u32> {
    if mbps == 0 {
        return Err(refuse(
            field,
            Some("0".into()),
            "a bandwidth is at least 1 Mbit/s",
        ));
    }
    Ok(mbps)
}
