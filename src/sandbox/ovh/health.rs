//! The simulated link health of a service: interface and BGP `/status`, statistics series,
//! diagnostics, incidents and maintenances, the description update, and the control that breaks
//! things on purpose so that users can rehearse their monitoring.
//!
//! What is broken lives in the service's saved state ([`Health`]), in seconds of the sandbox
//! clock, so that `--sandbox` commands see it from one process to the next. An interface broken
//! on purpose shows `down` with no light (its `Interface` object and its `/status`), its
//! traffic drops to zero and its BGP sessions go down; a flap takes a session down for the
//! provision delay and brings it back (`lastDown`, `lastUp`, `flapCount`); a maintenance is
//! open for two hours from when it is asked. Diagnostics go `todo` → `doing` → `done` over the
//! provision delay, with a result shaped as the function's (`DiagnosticResult`). Series are
//! computed from the time, with plausible shapes (a day's traffic curve, a light level that
//! barely moves, error spikes that are rare), so that the same instant reads the same value.

use serde_json::{Value, json};

use super::account::{Sim, Svc};
use super::call::Call;
use super::errors::{Reply, bad_request, not_found};
use crate::providers::ovh::readings::{DiagnosticFunction, DiagnosticType};
use crate::providers::ovh::rules;

/// What is broken on purpose, and the diagnostics run, on one service.
#[derive(Debug, Default, Clone, serde::Serialize, serde::Deserialize)]
pub(super) struct Health {
    /// Interfaces down: id and since when.
    pub down: Vec<(u64, i64)>,
    /// BGP flaps: POP configuration id, when it went down, how many flaps so far.
    pub flaps: Vec<(u64, i64, u64)>,
    /// Incidents and maintenances (`Incident` objects).
    pub incidents: Vec<Value>,
    /// Diagnostics: the object as answered, and when it was asked.
    pub diagnostics: Vec<(Value, i64)>,
}

/// When the seeded links last came up.
const SEEDED_UP: i64 = 1_714_633_200; // 2024-05-02T07:00:00Z

fn rfc3339(secs: i64) -> Value {
    jiff::Timestamp::from_second(secs).map_or(Value::Null, |t| json!(t.to_string()))
}

fn svc<'a>(
    sim: &'a mut Sim,
    call: &Call,
) -> Result<&'a mut Svc, crate::sandbox::skeleton::Refusal> {
    let s = sim.svc_index(call.param("serviceName"))?;
    Ok(&mut sim.services[s])
}

fn interface_down(svc: &Svc, id: u64) -> Option<i64> {
    svc.health
        .down
        .iter()
        .find(|(i, _)| *i == id)
        .map(|(_, t)| *t)
}

/// `GET .../interface/{id}/status`.
pub(super) fn interface_status(sim: &mut Sim, call: &Call) -> Reply {
    let now = sim.now();
    let id = call.id("id")?;
    let svc = svc(sim, call)?;
    if !svc.interfaces.iter().any(|i| i["id"] == id) {
        return Err(not_found("id", &id.to_string()));
    }
    Ok(match interface_down(svc, id) {
        Some(since) => json!({"status": "down", "lastUp": rfc3339(SEEDED_UP),
            "lastDown": rfc3339(since), "lastChange": rfc3339(since), "lastUpdate": rfc3339(now)}),
        None => json!({"status": "up", "lastUp": rfc3339(SEEDED_UP), "lastDown": null,
            "lastChange": rfc3339(SEEDED_UP), "lastUpdate": rfc3339(now)}),
    })
}

/// The live L3 POP configuration `{popId}` of a service (a 404 otherwise, an L2 one a 400).
fn l3_pop(svc: &Svc, call: &Call) -> Result<Value, crate::sandbox::skeleton::Refusal> {
    let id = call.id("popId")?;
    let pop = svc
        .configs
        .iter()
        .filter_map(|c| c.live_pop())
        .find(|p| p["id"] == id)
        .ok_or_else(|| not_found("popId", &id.to_string()))?;
    if pop["type"] != "l3" {
        return Err(bad_request("This POP configuration is not of type l3"));
    }
    Ok(pop)
}

/// `GET .../config/pop/{popId}/status`: the BGP session, down while its interface is, or for
/// the provision delay after a flap.
pub(super) fn pop_status(sim: &mut Sim, call: &Call) -> Reply {
    let (now, delay) = (sim.now(), sim.delay().as_secs() as i64);
    let svc = svc(sim, call)?;
    let pop = l3_pop(svc, call)?;
    let id = pop["id"].as_u64().unwrap_or_default();
    let flap = svc.health.flaps.iter().find(|(p, ..)| *p == id).copied();
    let broken = pop["interfaceId"]
        .as_u64()
        .and_then(|i| interface_down(svc, i));
    let (status, last_down, last_up, count) = match (broken, flap) {
        (Some(since), _) => ("down", Some(since), SEEDED_UP, 0),
        (None, Some((_, at, n))) if now < at + delay.max(1) => ("down", Some(at), SEEDED_UP, n),
        (None, Some((_, at, n))) => ("up", Some(at), at + delay.max(1), n),
        (None, None) => ("up", None, SEEDED_UP, 0),
    };
    Ok(json!({
        "status": status,
        "lastUp": rfc3339(last_up),
        "lastDown": last_down.map_or(Value::Null, rfc3339),
        "lastChange": rfc3339(last_down.map_or(last_up, |d| d.max(last_up))),
        "lastUpdate": rfc3339(now),
        "flapCount": count,
    }))
}

/// The samples of a period: how many, and how far apart (seconds).
fn span(period: &str) -> Option<(i64, i64)> {
    match period {
        "hourly" => Some((12, 300)),
        "daily" => Some((288, 300)),
        "weekly" => Some((168, 3600)),
        _ => None,
    }
}

/// A repeatable pseudo-random number in [0, 1) for instant `t` and a salt.
fn noise(t: i64, salt: u64) -> f64 {
    let mut x = (t as u64) ^ salt.wrapping_mul(0x9e37_79b9_7f4a_7c15);
    x ^= x >> 33;
    x = x.wrapping_mul(0xff51_afd7_ed55_8ccd);
    x ^= x >> 33;
    (x >> 11) as f64 / (1u64 << 53) as f64
}

/// The value of series `kind` at `t` on an interface (`None` while it is down since `down`).
fn sample(kind: &str, t: i64, down: Option<i64>) -> (f64, &'static str) {
    let off = down.is_some_and(|since| t >= since);
    let day = (t % 86_400) as f64 / 86_400.0;
    // Traffic peaks mid-afternoon, bottoms out at night.
    let curve = 0.55 - 0.45 * crate::sandbox::wave::cos_turns(day - 0.1);
    let round = |v: f64| (v * 100.0).round() / 100.0;
    match kind {
        "traffic:download" | "traffic:upload" if off => (0.0, "bytes/s"),
        "traffic:download" => (round(curve * 9.0e7 * (0.9 + 0.2 * noise(t, 1))), "bytes/s"),
        "traffic:upload" => (round(curve * 3.5e7 * (0.9 + 0.2 * noise(t, 2))), "bytes/s"),
        "error:download" | "error:upload" => {
            let spike = noise(t, 3) > 0.97;
            (
                if spike { round(noise(t, 4) * 4.0) } else { 0.0 },
                "error/s",
            )
        }
        "light:in" | "light:out" if off => (-40.0, "dbm"),
        "light:in" => (round(-2.41 + 0.1 * (noise(t, 5) - 0.5)), "dbm"),
        "light:out" => (round(-1.87 + 0.1 * (noise(t, 6) - 0.5)), "dbm"),
        "prefix:accepted" if off => (0.0, "prefix_accepted"),
        "prefix:accepted" => (12.0, "prefix_accepted"),
        _ => (100.0, "prefix_limit"),
    }
}

/// A series ending now: `period` and `type` required and checked as the schema has them.
fn series(call: &Call, now: i64, types: &[&str], down: Option<i64>) -> Reply {
    let query: Vec<(String, String)> = url::form_urlencoded::parse(call.query().as_bytes())
        .into_owned()
        .collect();
    let get = |k: &str| query.iter().find(|(q, _)| q == k).map(|(_, v)| v.as_str());
    let (Some(period), Some(kind)) = (get("period"), get("type")) else {
        return Err(bad_request("Missing parameter(s): period, type"));
    };
    let Some((n, step)) = span(period) else {
        return Err(bad_request(&format!("Invalid value for period: {period}")));
    };
    if !types.contains(&kind) {
        return Err(bad_request(&format!("Invalid value for type: {kind}")));
    }
    let last = now - now % step;
    Ok(json!(
        (0..n)
            .map(|i| {
                let t = last - (n - 1 - i) * step;
                let (value, unit) = sample(kind, t, down);
                json!({"timestamp": t, "value": {"unit": unit, "value": value}})
            })
            .collect::<Vec<_>>()
    ))
}

/// `GET .../interface/{id}/statistics`.
pub(super) fn interface_statistics(sim: &mut Sim, call: &Call) -> Reply {
    let now = sim.now();
    let id = call.id("id")?;
    let svc = svc(sim, call)?;
    if !svc.interfaces.iter().any(|i| i["id"] == id) {
        return Err(not_found("id", &id.to_string()));
    }
    let types = [
        "error:download",
        "error:upload",
        "light:in",
        "light:out",
        "traffic:download",
        "traffic:upload",
    ];
    series(call, now, &types, interface_down(svc, id))
}

/// `GET .../config/pop/{popId}/statistics`.
pub(super) fn pop_statistics(sim: &mut Sim, call: &Call) -> Reply {
    let now = sim.now();
    let svc = svc(sim, call)?;
    let pop = l3_pop(svc, call)?;
    let down = pop["interfaceId"]
        .as_u64()
        .and_then(|i| interface_down(svc, i));
    series(call, now, &["prefix:accepted", "prefix:limit"], down)
}

/// `GET .../incident`.
pub(super) fn incidents(sim: &mut Sim, call: &Call) -> Reply {
    let svc = svc(sim, call)?;
    let ids: Vec<Value> = svc
        .health
        .incidents
        .iter()
        .map(|i| i["id"].clone())
        .collect();
    Ok(json!(ids))
}

/// `GET .../incident/{id}`.
pub(super) fn incident(sim: &mut Sim, call: &Call) -> Reply {
    let id = call.id("id")?;
    let svc = svc(sim, call)?;
    svc.health
        .incidents
        .iter()
        .find(|i| i["id"] == id)
        .cloned()
        .ok_or_else(|| not_found("id", &id.to_string()))
}

/// `GET .../diagnostic`.
pub(super) fn diagnostics(sim: &mut Sim, call: &Call) -> Reply {
    let svc = svc(sim, call)?;
    let ids: Vec<Value> = svc
        .health
        .diagnostics
        .iter()
        .map(|(d, _)| d["id"].clone())
        .collect();
    Ok(json!(ids))
}

/// `POST .../diagnostic` (`DiagnosticConfiguration`): the diagnostic, `todo`.
pub(super) fn run_diagnostic(sim: &mut Sim, call: &Call) -> Reply {
    let body = call.json()?;
    let name = body["diagnosticName"].as_str().unwrap_or_default();
    if !DiagnosticFunction::ALL.contains(&name) {
        return Err(bad_request(&format!(
            "Invalid value for diagnosticName: {name}"
        )));
    }
    if let Some(kind) = body.get("diagnosticType").and_then(Value::as_str)
        && !DiagnosticType::ALL.contains(&kind)
    {
        return Err(bad_request(&format!(
            "Invalid value for diagnosticType: {kind}"
        )));
    }
    let Some(pop) = body["popConfigId"].as_u64() else {
        return Err(bad_request("Missing parameter(s): popConfigId"));
    };
    let (now, id) = (sim.now(), sim.id());
    let svc = svc(sim, call)?;
    if !svc
        .configs
        .iter()
        .filter_map(|c| c.live_pop())
        .any(|p| p["id"] == pop)
    {
        return Err(not_found("popConfigId", &pop.to_string()));
    }
    let diagnostic = json!({"id": id, "function": name, "status": "todo", "date": rfc3339(now),
        "description": format!("{name} on POP configuration {pop}"), "source": "sandbox",
        "result": null});
    svc.health.diagnostics.push((diagnostic.clone(), now));
    Ok(diagnostic)
}

/// `GET .../diagnostic/{id}`: `todo`, `doing`, then `done` with its result.
pub(super) fn diagnostic(sim: &mut Sim, call: &Call) -> Reply {
    let (now, delay) = (sim.now(), sim.delay().as_secs() as i64);
    let id = call.id("id")?;
    let svc = svc(sim, call)?;
    let (mut d, at) = svc
        .health
        .diagnostics
        .iter()
        .find(|(d, _)| d["id"] == id)
        .cloned()
        .ok_or_else(|| not_found("id", &id.to_string()))?;
    let elapsed = now - at;
    d["status"] = json!(match elapsed {
        e if e >= delay => "done",
        e if e * 3 >= delay => "doing",
        _ => "todo",
    });
    if d["status"] == "done" {
        d["result"] = result(d["function"].as_str().unwrap_or_default(), at);
    }
    Ok(d)
}

/// A `DiagnosticResult[]` shaped as `function`'s.
fn result(function: &str, at: i64) -> Value {
    let when = rfc3339(at);
    match function {
        "diagMacs" => json!([
            {"mac": "00:00:5e:00:53:01", "routermac": "00:00:5e:00:53:ff", "timestamp": when},
            {"mac": "00:00:5e:00:53:02", "routermac": "00:00:5e:00:53:ff", "timestamp": when}
        ]),
        "diagRoutes" => json!([
            {"prefix": "198.51.100.0/24", "aspath": "65400", "med": 0, "localprefix": 100,
             "timestamp": when},
            {"prefix": "203.0.113.0/24", "aspath": "65400 64512", "med": 10, "localprefix": 100,
             "timestamp": when}
        ]),
        _ => json!([{
            "cmd": "show bgp neighbor 192.0.2.2",
            "output": "BGP neighbor is 192.0.2.2, remote AS 65400\n  BGP state = Established, up for 7d02h\n  Prefixes accepted: 12",
            "timestamp": when
        }]),
    }
}

/// `PUT /ovhCloudConnect/{serviceName}` (`Update {description}`): answers nothing. A
/// description with a control character is refused as `cc` refuses it before sending
/// (`rules::check_description`), in the API's error shape (`{"class": "Client::BadRequest",
/// "message"}`); the wording, and that OVH refuses it at all, are [INF] (the rule's own tag).
pub(super) fn update(sim: &mut Sim, call: &Call) -> Reply {
    let body = call.json()?;
    let description = match body.get("description") {
        Some(Value::String(d)) => {
            if let Err(mut refused) = rules::check_description(d) {
                let rule = refused.refusal.take().map(|r| r.rule);
                let why = rule.unwrap_or_else(|| refused.message.clone());
                return Err(bad_request(&format!(
                    "Invalid value for description: {why}"
                )));
            }
            json!(d)
        }
        Some(Value::Null) | None => Value::Null,
        Some(_) => return Err(bad_request("Invalid value for description: not a string")),
    };
    let svc = svc(sim, call)?;
    svc.object["description"] = description.clone();
    svc.object["iam"]["displayName"] = description;
    Ok(Value::Null)
}

/// What [`BREAK_PATH`] can do to a service.
pub const BREAKS: &[&str] = &["interface-down", "flap", "maintenance", "repair"];

/// The control route that breaks things on purpose, under the OVH mount:
/// `POST /ovh/1.0/_sandbox/break?service=UUID&what=interface-down|flap|maintenance|repair`
/// (`&interface=ID` or `&pop=ID` to pick one; the first otherwise). Unsigned, as a test hook.
pub const BREAK_PATH: &str = "/_sandbox/break";

/// Applies break `what` to service `s` at `now` (seconds of the sandbox clock); the id of what
/// it broke, or why not.
pub(super) fn apply(
    sim: &mut Sim,
    s: usize,
    what: &str,
    target: Option<u64>,
) -> Result<Value, String> {
    let (now, id) = (sim.now(), sim.id());
    let svc = &mut sim.services[s];
    match what {
        "interface-down" => {
            let iface = target
                .or_else(|| svc.interfaces.first().and_then(|i| i["id"].as_u64()))
                .ok_or("the service has no interface")?;
            let object = svc
                .interfaces
                .iter_mut()
                .find(|i| i["id"] == iface)
                .ok_or(format!("no interface {iface}"))?;
            object["interfaceStatus"] = json!("down");
            object["incomingLightStatus"] = json!("down");
            object["incomingLightValue"] = json!(-40.0);
            object["interfaceStatusLastUpdate"] = rfc3339(now);
            svc.health.down.retain(|(i, _)| *i != iface);
            svc.health.down.push((iface, now));
            Ok(json!({"interface": iface, "status": "down"}))
        }
        "flap" => {
            let pop = target
                .or_else(|| {
                    let l3 = svc.configs.iter().filter_map(|c| c.live_pop());
                    l3.filter(|p| p["type"] == "l3")
                        .find_map(|p| p["id"].as_u64())
                })
                .ok_or("the service has no L3 POP configuration")?;
            let count = svc
                .health
                .flaps
                .iter()
                .find(|f| f.0 == pop)
                .map_or(0, |f| f.2);
            svc.health.flaps.retain(|f| f.0 != pop);
            svc.health.flaps.push((pop, now, count + 1));
            Ok(json!({"popConfig": pop, "flapCount": count + 1}))
        }
        "maintenance" => {
            svc.health
                .incidents
                .push(json!({"id": id, "type": "maintenance",
                "startDate": rfc3339(now), "endDate": rfc3339(now + 7200)}));
            Ok(json!({"incident": id, "type": "maintenance"}))
        }
        "repair" => {
            for iface in &mut svc.interfaces {
                iface["interfaceStatus"] = json!("up");
                iface["incomingLightStatus"] = json!("up");
                iface["incomingLightValue"] = json!(-2.41);
            }
            svc.health.down.clear();
            svc.health.flaps.clear();
            for incident in &mut svc.health.incidents {
                if incident["endDate"].as_str() > rfc3339(now).as_str()
                    || incident["endDate"].is_null()
                {
                    incident["endDate"] = rfc3339(now);
                }
            }
            Ok(json!({"repaired": true}))
        }
        other => Err(format!(
            "what: `{other}` is not one of {}",
            BREAKS.join(", ")
        )),
    }
}

/// The incident every seeded service has had (ended), so that `--all` shows something.
pub(super) fn seeded() -> Health {
    Health {
        incidents: vec![json!({"id": 501, "type": "incident",
            "startDate": "2024-06-11T03:10:00Z", "endDate": "2024-06-11T04:25:00Z"})],
        ..Health::default()
    }
}
