//! Simulated utilisation of a connection: samples from `start` to `end` at `resolution`, each
//! `{timestamp, rxMax, txMax}` in Mbit/s under `results` (the shape `models::samples` reads
//! first). An ACTIVE connection follows a working day (busiest mid-afternoon UTC, quietest at
//! night) with noise that is the same for the same connection and time, so that two reads
//! agree; rx runs above tx, and nothing exceeds the connection's speed. A connection that is
//! not ACTIVE carries nothing. More than [`MAX_SAMPLES`] samples is a 400, as a window too
//! large for its resolution would be refused [INF].

use axum::extract::{Query, State};
use serde_json::{Value, json};
use sha2::{Digest, Sha256};

use super::errors::{bad_request, connection_not_found, ok_json};
use super::{Gated, Shared};
use crate::sandbox::skeleton::{self, Answer};

/// The most samples one answer holds.
pub(super) const MAX_SAMPLES: i64 = 2000;

/// The query, as sent.
#[derive(serde::Deserialize)]
pub(super) struct Window {
    start: Option<String>,
    end: Option<String>,
    resolution: Option<String>,
}

/// A number in 0..1 fixed by the connection and the time.
fn noise(id: &str, t: i64) -> f64 {
    let digest = Sha256::digest(format!("{id}/{t}").as_bytes());
    f64::from(u16::from_be_bytes([digest[0], digest[1]])) / f64::from(u16::MAX)
}

/// The share of the speed used at `t`: a working day's curve, plus noise.
fn load(id: &str, t: i64) -> f64 {
    let hour = (t.rem_euclid(86_400)) as f64 / 3600.0;
    let day = crate::sandbox::wave::sin_turns((hour - 8.0) / 24.0).max(0.0);
    (0.08 + 0.55 * day + 0.12 * noise(id, t)).min(0.98)
}

/// The samples of connection `id` (of `speed` Mbit/s, carrying traffic when `active`).
fn samples(id: &str, speed: f64, active: bool, (start, end, step): (i64, i64, i64)) -> Vec<Value> {
    let first = start - start.rem_euclid(step);
    (0..)
        .map(|i| first + i * step)
        .take_while(|t| *t < end)
        .map(|t| {
            let (rx, tx) = if active {
                let rx = speed * load(id, t);
                (rx, rx * (0.35 + 0.3 * noise(id, t + 1)))
            } else {
                (0.0, 0.0)
            };
            let round = |v: f64| (v * 1000.0).round() / 1000.0;
            json!({ "timestamp": t, "rxMax": round(rx), "txMax": round(tx) })
        })
        .collect()
}

pub(super) async fn utilization(
    State(sim): State<Shared>,
    req: Gated,
    Query(window): Query<Window>,
) -> Answer {
    let sim = skeleton::lock(&sim);
    let id = req.param("id");
    let connection = sim
        .find(id)
        .and_then(|c| c.current(sim.options.provision_delay))
        .ok_or_else(connection_not_found)?;
    let epoch = |value: &Option<String>, key: &str| {
        value
            .as_deref()
            .and_then(|v| v.trim().parse::<i64>().ok())
            .ok_or_else(|| bad_request(&format!("{key} must be a time in epoch seconds")))
    };
    let (start, end) = (epoch(&window.start, "start")?, epoch(&window.end, "end")?);
    let step = match window.resolution.as_deref() {
        Some("minute") => 60,
        Some("hour") => 3600,
        Some("day") => 86_400,
        _ => return Err(bad_request("resolution must be day, hour or minute")),
    };
    if start >= end {
        return Err(bad_request("start must be before end"));
    }
    if (end - start) / step > MAX_SAMPLES {
        return Err(bad_request(&format!(
            "too many samples: at most {MAX_SAMPLES} a request"
        )));
    }
    let speed = ["/speed", "/partner/speed", "/speed/value"]
        .iter()
        .find_map(|p| connection.pointer(p).and_then(Value::as_f64))
        .unwrap_or(0.0);
    let active = connection["status"] == "ACTIVE";
    Ok(ok_json(json!({
        "results": samples(id, speed, active, (start, end, step)),
    })))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn samples_follow_the_day_stay_under_the_speed_and_repeat() {
        let day = samples("c", 100.0, true, (0, 86_400, 3600));
        assert_eq!(day.len(), 24);
        let rx = |h: usize| day[h]["rxMax"].as_f64().unwrap();
        assert!(rx(15) > rx(2), "afternoon {} night {}", rx(15), rx(2));
        for s in &day {
            let (r, t) = (s["rxMax"].as_f64().unwrap(), s["txMax"].as_f64().unwrap());
            assert!(r <= 100.0 && t <= r && t >= 0.0, "{s}");
        }
        assert_eq!(day, samples("c", 100.0, true, (0, 86_400, 3600)));
        let idle = samples("c", 100.0, false, (0, 7200, 3600));
        assert!(idle.iter().all(|s| s["rxMax"] == 0.0));
    }
}
