//! Whether an OVHcloud Connect link carries traffic: the rules that turn OVH's readings into a
//! [`Verdict`], written once, and [`status`], the report built from concurrent reads.
//!
//! Why one place: `cc ovh status`, `cc connections status` and the README all say what
//! `degraded` means; if each derived it, they would drift. The rules are pure functions over
//! [`Readings`] (what was read, or the error of a read that failed) and the time of the check, so
//! they are tested on readings without a server. The rules (`CLI.md` §3 `ovh status`):
//! - an interface whose `/status` is `down` is `degraded` while another is `up`; when no
//!   interface is up (every status read), the link is `down`;
//! - a light level (`incomingLightStatus`, `outgoingLightStatus`) `down` is `degraded`;
//! - an L3 POP configuration's BGP session that is `down` is `degraded` while another is up;
//!   every session down is `down`; a session `up` whose `lastDown` is within the last hour
//!   flapped: `degraded`;
//! - an incident or maintenance that has started and not ended is `degraded`;
//! - a reading that fails is `unknown` (the service itself must be read: its error is the
//!   report's);
//! - nothing found wrong is `up` (a service with no POP configuration yet can be up).
//!
//! Tasks not `done` are reported, not judged: a change under way is not a fault.

use futures_util::future::join_all;
use jiff::{SignedDuration, Timestamp};
use serde::Serialize;

use super::OvhClient;
use super::models::{ConfigStatus, PopConfig, PopType, Service, Task, TaskStatus};
use super::readings::{Incident, InterfaceLight, LightStatus, LinkState, LinkStatus};
use crate::error::Result;
use crate::health::{Finding, Health, Verdict};

/// How recent a `lastDown` of a session now up makes it a flap.
pub const FLAP_WINDOW: SignedDuration = SignedDuration::from_secs(3600);

/// What one read gave: the value, or why it failed (the error's message).
pub type Reading<T> = std::result::Result<T, String>;

/// An interface: its light (from the interface) and its link (from its `/status`).
#[derive(Debug, Clone, PartialEq)]
pub struct InterfaceReading {
    /// The interface, with its light levels.
    pub light: InterfaceLight,
    /// Its `/status`.
    pub status: Reading<LinkStatus>,
}

/// A POP configuration, and its BGP session when it is an active L3 one.
#[derive(Debug, Clone, PartialEq)]
pub struct PopReading {
    /// The configuration.
    pub config: PopConfig,
    /// Its `/status`; `None` when it has no session to read (L2, or not `active`).
    pub bgp: Option<Reading<LinkStatus>>,
}

/// Everything read about one service, besides the service itself.
#[derive(Debug, Clone, PartialEq)]
pub struct Readings {
    /// The interfaces.
    pub interfaces: Reading<Vec<InterfaceReading>>,
    /// The POP configurations.
    pub pops: Reading<Vec<PopReading>>,
    /// Incidents and maintenances, ended or not.
    pub incidents: Reading<Vec<Incident>>,
    /// Every task.
    pub tasks: Reading<Vec<Task>>,
}

/// The findings of `readings` at `now`: the rules of this module.
pub fn findings(readings: &Readings, now: Timestamp) -> Vec<Finding> {
    let mut found = Vec::new();
    match &readings.interfaces {
        Ok(interfaces) => found.extend(interface_findings(interfaces)),
        Err(e) => found.push(unread("interfaces", e)),
    }
    match &readings.pops {
        Ok(pops) => found.extend(session_findings(pops, now)),
        Err(e) => found.push(unread("POP configurations", e)),
    }
    match &readings.incidents {
        Ok(incidents) => found.extend(incident_findings(incidents, now)),
        Err(e) => found.push(unread("incidents", e)),
    }
    if let Err(e) = &readings.tasks {
        found.push(unread("tasks", e));
    }
    found
}

/// The verdict of `readings` at `now`.
pub fn verdict(readings: &Readings, now: Timestamp) -> Verdict {
    Verdict::of(findings(readings, now))
}

fn unread(what: &str, error: &str) -> Finding {
    Finding::new(
        Health::Unknown,
        format!("{what}: could not be read: {error}"),
    )
}

/// Links down (degraded, or down when none is up and every status was read), light levels down.
fn interface_findings(interfaces: &[InterfaceReading]) -> Vec<Finding> {
    let mut found = Vec::new();
    let read: Vec<(&InterfaceLight, &LinkStatus)> = interfaces
        .iter()
        .filter_map(|i| i.status.as_ref().ok().map(|s| (&i.light, s)))
        .collect();
    let none_up = !interfaces.is_empty()
        && read.len() == interfaces.len()
        && read.iter().all(|(_, s)| s.status != LinkState::Up);
    if none_up {
        // Named here too: this first reason is the one `connections status --fail-on` quotes.
        let ids: Vec<String> = interfaces.iter().map(|i| i.light.id.to_string()).collect();
        let which = match ids.as_slice() {
            [one] => format!("interface {one}"),
            many => format!("interfaces {}", many.join(", ")),
        };
        found.push(Finding::new(
            Health::Down,
            format!("no interface up: {which} down"),
        ));
    }
    let level = if none_up {
        Health::Down
    } else {
        Health::Degraded
    };
    for interface in interfaces {
        let id = interface.light.id;
        match &interface.status {
            Err(e) => found.push(unread(&format!("interface {id}: status"), e)),
            Ok(s) if s.status != LinkState::Up => found.push(Finding::new(
                level,
                format!("interface {id}: link {}{}", s.status, since(&s.last_down)),
            )),
            Ok(_) => {}
        }
        found.extend(light_findings(&interface.light));
    }
    found
}

fn light_findings(light: &InterfaceLight) -> Vec<Finding> {
    [
        (
            "incoming",
            &light.incoming_light_status,
            light.incoming_light_value,
        ),
        (
            "outgoing",
            &light.outgoing_light_status,
            light.outgoing_light_value,
        ),
    ]
    .into_iter()
    .filter(|(_, status, _)| **status == Some(LightStatus::Down))
    .map(|(direction, _, value)| {
        let dbm = value.map(|v| format!(" ({v:.2} dBm)")).unwrap_or_default();
        Finding::new(
            Health::Degraded,
            format!("interface {}: {direction} light level down{dbm}", light.id),
        )
    })
    .collect()
}

/// BGP sessions down (every one: down), unread, or up after a recent `lastDown` (a flap).
fn session_findings(pops: &[PopReading], now: Timestamp) -> Vec<Finding> {
    let sessions: Vec<(u64, &Reading<LinkStatus>)> = pops
        .iter()
        .filter_map(|p| Some((p.config.id.unwrap_or_default(), p.bgp.as_ref()?)))
        .collect();
    let all_down = !sessions.is_empty()
        && sessions
            .iter()
            .all(|(_, s)| matches!(s, Ok(s) if s.status != LinkState::Up));
    let mut found = Vec::new();
    if all_down {
        found.push(Finding::new(Health::Down, "every BGP session down"));
    }
    for (id, session) in sessions {
        let name = format!("POP configuration {id}: BGP session");
        match session {
            Err(e) => found.push(unread(&format!("{name} status"), e)),
            Ok(s) if s.status != LinkState::Up => {
                let level = if all_down {
                    Health::Down
                } else {
                    Health::Degraded
                };
                let text = format!("{name} {}{}", s.status, since(&s.last_down));
                found.push(Finding::new(level, text));
            }
            Ok(s) => found.extend(flap(&name, s, now)),
        }
    }
    found
}

/// A session up whose `lastDown` is within [`FLAP_WINDOW`] of `now`.
fn flap(name: &str, session: &LinkStatus, now: Timestamp) -> Option<Finding> {
    let down = parse_time(session.last_down.as_deref()?)?;
    let ago = now.duration_since(down);
    if ago.is_negative() || ago > FLAP_WINDOW {
        return None;
    }
    let count = match session.flap_count {
        Some(1.0) => ", 1 flap".to_string(),
        Some(n) if n > 0.0 => format!(", {n} flaps"),
        _ => String::new(),
    };
    Some(Finding::new(
        Health::Degraded,
        format!(
            "{name} flapped: down {} min ago, up again{count}",
            ago.as_mins()
        ),
    ))
}

/// Incidents and maintenances that have started and not ended, at `now`.
fn incident_findings(incidents: &[Incident], now: Timestamp) -> Vec<Finding> {
    incidents
        .iter()
        .filter(|i| is_open(i, now) && has_started(i, now))
        .map(|i| {
            let until = i
                .end_date
                .as_ref()
                .map(|e| format!(", until {e}"))
                .unwrap_or_default();
            Finding::new(
                Health::Degraded,
                format!("{} {}: open{}{until}", i.kind, i.id, since(&i.start_date)),
            )
        })
        .collect()
}

/// Whether an incident has not ended at `now`: no `endDate`, or one in the future (an
/// unreadable date counts as not ended).
pub fn is_open(incident: &Incident, now: Timestamp) -> bool {
    match incident.end_date.as_deref().map(parse_time) {
        None | Some(None) => true,
        Some(Some(end)) => end > now,
    }
}

/// Whether an incident has started at `now` (a maintenance may be announced ahead).
fn has_started(incident: &Incident, now: Timestamp) -> bool {
    match incident.start_date.as_deref().map(parse_time) {
        Some(Some(start)) => start <= now,
        _ => true,
    }
}

fn parse_time(text: &str) -> Option<Timestamp> {
    text.parse().ok()
}

fn since(date: &Option<String>) -> String {
    date.as_ref()
        .map(|d| format!(" since {d}"))
        .unwrap_or_default()
}

/// The health of one OCC service, as `cc ovh status` prints it and `cc connections status`
/// reads it: the verdict first, then what it was drawn from.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct StatusReport {
    /// The service UUID.
    pub service: String,
    /// Its description.
    pub description: Option<String>,
    /// `health` and `reasons`.
    #[serde(flatten)]
    pub verdict: Verdict,
    /// When the readings were taken (RFC 3339, UTC).
    pub checked_at: String,
    /// Every interface (fields not read are `null`).
    pub interfaces: Vec<InterfaceView>,
    /// The BGP session of every active L3 POP configuration.
    pub sessions: Vec<SessionView>,
    /// Incidents and maintenances not ended.
    pub incidents: Vec<IncidentView>,
    /// Tasks not `done`.
    pub tasks: Vec<TaskView>,
}

/// An interface in the report.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct InterfaceView {
    /// Interface id.
    pub id: u64,
    /// `/status`: `up` or `down`.
    pub status: Option<String>,
    /// Last time it came up.
    pub last_up: Option<String>,
    /// Last time it went down.
    pub last_down: Option<String>,
    /// Light received: status.
    pub incoming_light_status: Option<String>,
    /// Light received, dBm.
    pub incoming_light_value: Option<f64>,
    /// Light sent: status.
    pub outgoing_light_status: Option<String>,
    /// Light sent, dBm.
    pub outgoing_light_value: Option<f64>,
}

/// A BGP session in the report.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SessionView {
    /// The POP configuration.
    pub pop_id: u64,
    /// Its interface.
    pub interface_id: u64,
    /// `up` or `down`; `null` when not read.
    pub status: Option<String>,
    /// Last time it came up.
    pub last_up: Option<String>,
    /// Last time it went down.
    pub last_down: Option<String>,
    /// Flaps since it last came up (a whole number when OVH sends one).
    pub flap_count: Option<serde_json::Number>,
}

/// `n` as JSON: whole numbers without a fraction.
fn number(n: f64) -> Option<serde_json::Number> {
    if n.fract() == 0.0 && (0.0..9.0e15).contains(&n) {
        Some((n as u64).into())
    } else {
        serde_json::Number::from_f64(n)
    }
}

/// An incident or maintenance in the report.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct IncidentView {
    /// Incident id.
    pub id: u64,
    /// `incident` or `maintenance`.
    #[serde(rename = "type")]
    pub kind: String,
    /// Start.
    pub start_date: Option<String>,
    /// End, when known.
    pub end_date: Option<String>,
}

/// A task in the report.
#[derive(Debug, Clone, Serialize)]
pub struct TaskView {
    /// Task id.
    pub id: u64,
    /// What it does.
    pub function: String,
    /// Where it stands.
    pub status: String,
}

/// The report of `service` from `readings` taken at `now`.
pub fn report(service: &Service, readings: &Readings, now: Timestamp) -> StatusReport {
    let ok = |s: &Reading<LinkStatus>| s.as_ref().ok().cloned();
    let word = |s: &Option<LightStatus>| s.as_ref().map(|s| s.to_string());
    let interfaces = readings.interfaces.as_deref().unwrap_or_default();
    let interfaces = interfaces.iter().map(|i| {
        let status = ok(&i.status);
        InterfaceView {
            id: i.light.id,
            status: status.as_ref().map(|s| s.status.to_string()),
            last_up: status.as_ref().and_then(|s| s.last_up.clone()),
            last_down: status.and_then(|s| s.last_down),
            incoming_light_status: word(&i.light.incoming_light_status),
            incoming_light_value: i.light.incoming_light_value,
            outgoing_light_status: word(&i.light.outgoing_light_status),
            outgoing_light_value: i.light.outgoing_light_value,
        }
    });
    let pops = readings.pops.as_deref().unwrap_or_default();
    let sessions = pops.iter().filter_map(|p| {
        let status = ok(p.bgp.as_ref()?);
        Some(SessionView {
            pop_id: p.config.id.unwrap_or_default(),
            interface_id: p.config.interface_id,
            status: status.as_ref().map(|s| s.status.to_string()),
            last_up: status.as_ref().and_then(|s| s.last_up.clone()),
            last_down: status.as_ref().and_then(|s| s.last_down.clone()),
            flap_count: status.and_then(|s| s.flap_count).and_then(number),
        })
    });
    let incidents = readings.incidents.as_deref().unwrap_or_default();
    let incidents = incidents.iter().filter(|i| is_open(i, now));
    let tasks = readings.tasks.as_deref().unwrap_or_default();
    let tasks = tasks.iter().filter(|t| t.status != TaskStatus::Done);
    StatusReport {
        service: service.uuid.clone(),
        description: service.description.clone(),
        verdict: verdict(readings, now),
        checked_at: now.to_string(),
        interfaces: interfaces.collect(),
        sessions: sessions.collect(),
        incidents: incidents
            .map(|i| IncidentView {
                id: i.id,
                kind: i.kind.to_string(),
                start_date: i.start_date.clone(),
                end_date: i.end_date.clone(),
            })
            .collect(),
        tasks: tasks
            .map(|t| TaskView {
                id: t.id,
                function: t.function.to_string(),
                status: t.status.to_string(),
            })
            .collect(),
    }
}

/// The views of a list read, or its error's message.
fn views<T>(read: Result<Vec<crate::providers::Typed<T>>>) -> Reading<Vec<T>> {
    read.map(|all| all.into_iter().map(|t| t.view).collect())
        .map_err(|e| e.to_string())
}

/// Whether a POP configuration has a BGP session to read: an `active` L3 one.
fn has_session(config: &PopConfig) -> bool {
    config.kind == PopType::L3 && matches!(config.status, Some(ConfigStatus::Active) | None)
}

/// The health of `service` (a UUID): the service, its interfaces and their `/status`, its POP
/// configurations and the BGP `/status` of the L3 ones, its incidents and its tasks, all read
/// concurrently. A read that fails makes the report `unknown` with its reason; only the service
/// itself failing (absent, refused) is this function's error.
pub async fn status(client: &OvhClient, service: &str) -> Result<StatusReport> {
    let interfaces = async {
        let lights = client.interface_lights(service).await?;
        let statuses = join_all(
            lights
                .iter()
                .map(|i| client.interface_status(service, i.view.id)),
        )
        .await;
        Ok::<_, crate::error::Error>(
            lights
                .into_iter()
                .zip(statuses)
                .map(|(light, status)| InterfaceReading {
                    light: light.view,
                    status: status.map(|s| s.view).map_err(|e| e.to_string()),
                })
                .collect::<Vec<_>>(),
        )
    };
    let pops = async {
        let configs = client.pop_configs(service).await?;
        let sessions = join_all(configs.iter().map(|p| async {
            let id = p.view.id?;
            if !has_session(&p.view) {
                return None;
            }
            let status = client.pop_status(service, id).await;
            Some(status.map(|s| s.view).map_err(|e| e.to_string()))
        }))
        .await;
        Ok::<_, crate::error::Error>(
            configs
                .into_iter()
                .zip(sessions)
                .map(|(config, bgp)| PopReading {
                    config: config.view,
                    bgp,
                })
                .collect::<Vec<_>>(),
        )
    };
    let (svc, interfaces, pops, incidents, tasks) = tokio::join!(
        client.service(service),
        interfaces,
        pops,
        client.incidents(service),
        client.tasks(service),
    );
    let svc = svc?;
    let readings = Readings {
        interfaces: interfaces.map_err(|e| e.to_string()),
        pops: pops.map_err(|e| e.to_string()),
        incidents: views(incidents),
        tasks: views(tasks),
    };
    Ok(report(&svc.view, &readings, Timestamp::now()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::providers::ovh::readings::IncidentType;

    const NOW: &str = "2026-12-10T12:00:00Z";

    fn now() -> Timestamp {
        NOW.parse().unwrap()
    }

    fn link(state: &str, last_down: Option<&str>) -> LinkStatus {
        LinkStatus {
            status: LinkState::parse(state),
            last_up: Some("2026-12-01T08:00:00Z".into()),
            last_down: last_down.map(String::from),
            last_change: None,
            flap_count: Some(0.0),
        }
    }

    fn interface(id: u64, state: &str, light: &str) -> InterfaceReading {
        InterfaceReading {
            light: InterfaceLight {
                id,
                interface_status: Some(LightStatus::parse(state)),
                incoming_light_status: Some(LightStatus::parse(light)),
                incoming_light_value: Some(if light == "down" { -31.5 } else { -2.4 }),
                outgoing_light_status: Some(LightStatus::Up),
                outgoing_light_value: Some(-1.9),
            },
            status: Ok(link(state, None)),
        }
    }

    fn pop(id: u64, bgp: Option<Reading<LinkStatus>>) -> PopReading {
        PopReading {
            config: PopConfig {
                id: Some(id),
                status: Some(ConfigStatus::Active),
                interface_id: 1,
                kind: PopType::L3,
                customer_bgp_area: Some(65400),
                ovh_bgp_area: Some(65401),
                subnet: None,
            },
            bgp,
        }
    }

    fn incident(id: u64, kind: IncidentType, start: &str, end: Option<&str>) -> Incident {
        Incident {
            id,
            kind,
            start_date: Some(start.into()),
            end_date: end.map(String::from),
        }
    }

    /// Two interfaces up with good light, one L3 session up for days, no incident.
    fn healthy() -> Readings {
        Readings {
            interfaces: Ok(vec![interface(1, "up", "up"), interface(2, "up", "up")]),
            pops: Ok(vec![pop(
                10,
                Some(Ok(link("up", Some("2026-11-20T10:00:00Z")))),
            )]),
            incidents: Ok(vec![incident(
                5,
                IncidentType::Incident,
                "2026-11-01T00:00:00Z",
                Some("2026-11-01T02:00:00Z"),
            )]),
            tasks: Ok(vec![]),
        }
    }

    fn judged(readings: &Readings) -> (Health, Vec<String>) {
        let v = verdict(readings, now());
        (v.health, v.reasons)
    }

    #[test]
    fn nothing_wrong_is_up_even_without_any_pop_configuration() {
        assert_eq!(judged(&healthy()), (Health::Up, vec![]));
        let bare = Readings {
            pops: Ok(vec![]),
            ..healthy()
        };
        assert_eq!(judged(&bare).0, Health::Up);
    }

    #[test]
    fn a_light_level_down_is_degraded_and_names_the_interface() {
        let mut r = healthy();
        r.interfaces = Ok(vec![interface(1, "up", "up"), interface(2, "up", "down")]);
        assert_eq!(
            judged(&r),
            (
                Health::Degraded,
                vec!["interface 2: incoming light level down (-31.50 dBm)".into()]
            )
        );
    }

    #[test]
    fn one_of_two_interfaces_down_is_degraded_and_none_up_is_down() {
        let mut r = healthy();
        let mut down = interface(2, "down", "up");
        down.status = Ok(link("down", Some("2026-12-10T11:00:00Z")));
        r.interfaces = Ok(vec![interface(1, "up", "up"), down.clone()]);
        assert_eq!(
            judged(&r),
            (
                Health::Degraded,
                vec!["interface 2: link down since 2026-12-10T11:00:00Z".into()]
            )
        );
        let mut first = down.clone();
        first.light.id = 1;
        r.interfaces = Ok(vec![first, down]);
        let (health, reasons) = judged(&r);
        assert_eq!(health, Health::Down);
        assert_eq!(reasons[0], "no interface up: interfaces 1, 2 down");
        assert!(
            reasons[1].starts_with("interface 1: link down"),
            "{reasons:?}"
        );
        assert!(
            reasons[2].starts_with("interface 2: link down"),
            "{reasons:?}"
        );
    }

    #[test]
    fn a_flap_within_the_hour_is_degraded_and_an_older_one_is_not() {
        let mut r = healthy();
        let mut session = link("up", Some("2026-12-10T11:35:00Z"));
        session.flap_count = Some(3.0);
        r.pops = Ok(vec![pop(10, Some(Ok(session)))]);
        assert_eq!(
            judged(&r),
            (
                Health::Degraded,
                vec![
                    "POP configuration 10: BGP session flapped: down 25 min ago, up again, 3 flaps"
                        .into()
                ]
            )
        );
        r.pops = Ok(vec![pop(
            10,
            Some(Ok(link("up", Some("2026-12-10T10:59:00Z")))),
        )]);
        assert_eq!(judged(&r).0, Health::Up);
    }

    #[test]
    fn every_session_down_is_down_and_one_of_two_is_degraded() {
        let mut r = healthy();
        let down = || Some(Ok(link("down", Some("2026-12-10T09:00:00Z"))));
        r.pops = Ok(vec![pop(10, down()), pop(11, down())]);
        let (health, reasons) = judged(&r);
        assert_eq!(health, Health::Down);
        assert_eq!(reasons[0], "every BGP session down");
        assert_eq!(
            reasons[1],
            "POP configuration 10: BGP session down since 2026-12-10T09:00:00Z"
        );
        r.pops = Ok(vec![pop(10, down()), pop(11, Some(Ok(link("up", None))))]);
        let (health, reasons) = judged(&r);
        assert_eq!(health, Health::Degraded);
        assert_eq!(reasons.len(), 1, "{reasons:?}");
    }

    #[test]
    fn an_l2_configuration_has_no_session_to_judge() {
        let mut r = healthy();
        let mut l2 = pop(12, None);
        l2.config.kind = PopType::L2;
        r.pops = Ok(vec![l2]);
        assert_eq!(judged(&r).0, Health::Up);
        let mut init = pop(13, None).config;
        init.status = Some(ConfigStatus::Init);
        assert!(!has_session(&init) && has_session(&pop(14, None).config));
    }

    #[test]
    fn an_open_maintenance_is_degraded_and_an_announced_one_is_not() {
        let mut r = healthy();
        r.incidents = Ok(vec![
            incident(
                42,
                IncidentType::Maintenance,
                "2026-12-10T11:00:00Z",
                Some("2026-12-10T13:00:00Z"),
            ),
            incident(43, IncidentType::Maintenance, "2026-12-20T00:00:00Z", None),
        ]);
        assert_eq!(
            judged(&r),
            (
                Health::Degraded,
                vec![
                    "maintenance 42: open since 2026-12-10T11:00:00Z, until 2026-12-10T13:00:00Z"
                        .into()
                ]
            )
        );
        let service = Service {
            uuid: "u".into(),
            description: None,
            status: crate::providers::ovh::models::ServiceStatus::Active,
            bandwidth: None,
            pop: None,
            provider: None,
            interface_list: vec![],
            vrack: None,
        };
        let ids: Vec<u64> = report(&service, &r, now())
            .incidents
            .iter()
            .map(|i| i.id)
            .collect();
        assert_eq!(ids, [42, 43], "the report lists every incident not ended");
    }

    #[test]
    fn a_reading_that_fails_is_unknown_with_its_reason() {
        let mut r = healthy();
        r.incidents = Err("HTTP 500".into());
        assert_eq!(
            judged(&r),
            (
                Health::Unknown,
                vec!["incidents: could not be read: HTTP 500".into()]
            )
        );
        let mut r = healthy();
        let mut unread = interface(2, "up", "up");
        unread.status = Err("timed out".into());
        let mut down = interface(1, "down", "up");
        down.status = Ok(link("down", None));
        r.interfaces = Ok(vec![down, unread]);
        let (health, reasons) = judged(&r);
        assert_eq!(health, Health::Unknown, "one unread: not proven down");
        assert_eq!(
            reasons,
            [
                "interface 2: status: could not be read: timed out",
                "interface 1: link down"
            ]
        );
    }

    #[test]
    fn the_report_serialises_health_and_reasons_at_the_top() {
        let service = Service {
            uuid: "u-1".into(),
            description: Some("Paris".into()),
            status: crate::providers::ovh::models::ServiceStatus::Active,
            bandwidth: None,
            pop: None,
            provider: None,
            interface_list: vec![1, 2],
            vrack: None,
        };
        let value = serde_json::to_value(report(&service, &healthy(), now())).unwrap();
        let keys: Vec<&str> = value
            .as_object()
            .unwrap()
            .keys()
            .map(|k| k.as_str())
            .collect();
        assert_eq!(
            keys,
            [
                "service",
                "description",
                "health",
                "reasons",
                "checkedAt",
                "interfaces",
                "sessions",
                "incidents",
                "tasks"
            ]
        );
        assert_eq!(value["health"], "up");
        assert_eq!(value["sessions"][0]["popId"], 10);
        assert_eq!(value["interfaces"][1]["incomingLightValue"], -2.4);
        assert_eq!(value["incidents"], serde_json::json!([]));
    }
}
