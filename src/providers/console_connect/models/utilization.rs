//! A connection's utilisation: the samples of `GET .../connections/{id}/utilization/`.
//!
//! What is known of the answer comes from one public bash script that ran against the live API
//! (provider-notes §2.5): it asks `start`/`end` in epoch seconds and a `resolution` of `day`,
//! `hour` or `minute`, and reads `rxMax` and `txMax` from each sample, comparing them with the
//! connection's speed in Mbps, so they are Mbit/s [INF]; its `cut` of the pretty-printed body
//! puts the samples one object deep in an array under a key [INF]. The rest is read leniently
//! [INF]: the samples are the body itself when it is an array, else the first array under
//! [`SAMPLE_KEYS`] (or any key); a sample's time is the first of [`TIME_KEYS`], in epoch seconds,
//! epoch milliseconds or RFC 3339. A body with no array of samples is exit 5, never a guess.

use serde_json::Value;

/// The resolutions the API takes.
pub const RESOLUTIONS: [&str; 3] = ["minute", "hour", "day"];

/// Where the samples are looked for first, in order [INF].
pub const SAMPLE_KEYS: [&str; 4] = ["results", "data", "utilization", "samples"];

/// Where a sample's time is looked for, in order [INF].
pub const TIME_KEYS: [&str; 5] = ["timestamp", "time", "date", "start", "ts"];

/// One sample.
#[derive(Debug, Clone, PartialEq)]
pub struct Sample {
    /// When, in epoch seconds, if the sample says.
    pub time: Option<i64>,
    /// The highest received rate, Mbit/s.
    pub rx_max: Option<f64>,
    /// The highest sent rate, Mbit/s.
    pub tx_max: Option<f64>,
}

/// A number, or a number written as text.
fn number(value: Option<&Value>) -> Option<f64> {
    match value? {
        Value::Number(n) => n.as_f64(),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

/// A time in epoch seconds: a number of seconds, or of milliseconds (past the year 2286 in
/// seconds), or RFC 3339 text.
fn time(value: &Value) -> Option<i64> {
    match value {
        Value::Number(n) => {
            let n = n.as_f64()? as i64;
            Some(if n > 10_000_000_000 { n / 1000 } else { n })
        }
        Value::String(s) => match s.trim().parse::<i64>() {
            Ok(n) => time(&Value::from(n)),
            Err(_) => s.parse::<jiff::Timestamp>().ok().map(|t| t.as_second()),
        },
        _ => None,
    }
}

/// The samples of a utilisation answer, oldest first; `Err` says what is missing.
pub fn samples(body: &Value) -> Result<Vec<Sample>, String> {
    let items = match body {
        Value::Array(items) => items,
        Value::Object(map) => SAMPLE_KEYS
            .iter()
            .find_map(|k| map.get(*k).and_then(Value::as_array))
            .or_else(|| map.values().find_map(Value::as_array))
            .ok_or("no array of samples in the answer")?,
        _ => return Err("the answer is neither an array nor an object".to_string()),
    };
    let mut samples: Vec<Sample> = items
        .iter()
        .filter(|item| item.is_object())
        .map(|item| Sample {
            time: TIME_KEYS.iter().find_map(|k| item.get(*k).and_then(time)),
            rx_max: number(item.get("rxMax")),
            tx_max: number(item.get("txMax")),
        })
        .collect();
    if !items.is_empty()
        && samples
            .iter()
            .all(|s| s.rx_max.is_none() && s.tx_max.is_none())
    {
        return Err("no sample has rxMax or txMax".to_string());
    }
    samples.sort_by_key(|s| s.time.unwrap_or(i64::MIN));
    Ok(samples)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn reads_samples_under_a_key_or_bare_in_any_time_shape() {
        let body = json!({"results": [
            {"timestamp": 1_700_003_600_000_i64, "rxMax": 12.5, "txMax": "3"},
            {"time": "2023-11-14T22:13:20Z", "rxMax": 10, "txMax": 2},
        ]});
        let got = samples(&body).unwrap();
        assert_eq!(got[0].time, Some(1_700_000_000));
        assert_eq!(got[1].time, Some(1_700_003_600));
        assert_eq!(got[1].rx_max, Some(12.5));
        assert_eq!(got[1].tx_max, Some(3.0));
        let bare = json!([{"date": 1_700_000_000, "rxMax": 1}]);
        assert_eq!(samples(&bare).unwrap()[0].tx_max, None);
        assert!(samples(&json!({"results": []})).unwrap().is_empty());
    }

    #[test]
    fn an_answer_without_samples_is_refused() {
        assert!(samples(&json!({"message": "ok"})).is_err());
        assert!(samples(&json!("text")).is_err());
        assert!(samples(&json!({"results": [{"foo": 1}]})).is_err());
    }
}
