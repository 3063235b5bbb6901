//! In-process round trips: the real [`OvhClient`] against this simulator on 127.0.0.1.

use std::time::Duration;

use super::*;
use crate::http::{HttpSettings, build_reqwest};
use crate::providers::Typed;
use crate::providers::ovh::conf::OvhConf;
use crate::providers::ovh::config::{self, OvhConfig};
use crate::providers::ovh::models::{
    ConfigStatus, DatacenterConfig, DatacenterExtraConfig, ExtraType, PopConfig, PopType, Task,
    TaskStatus, VrackTaskStatus,
};
use crate::providers::ovh::{OvhClient, rules, sign};
use serde_json::Value;

/// The simulator with a provision delay long enough that a read right after a change still
/// sees it in progress on a loaded machine.
fn options() -> Options {
    Options {
        latency: Duration::ZERO,
        provision_delay: Duration::from_millis(200),
        ..Options::default()
    }
}

/// Polls OCC task `id` until it is `done` (the waits with their messages are the command
/// layer's; these tests only need the simulator to finish it).
async fn task_done(ovh: &OvhClient, service: &str, id: u64) -> Typed<Task> {
    for _ in 0..2000 {
        let task = ovh.task(service, id).await.unwrap();
        if task.view.status == TaskStatus::Done {
            return task;
        }
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    panic!("task {id} of {service} is not done after 10 s");
}

/// Polls vRack task `id` until it is gone or `done`.
async fn vrack_done(ovh: &OvhClient, vrack: &str, id: u64) {
    for _ in 0..2000 {
        match ovh.vrack_task(vrack, id).await.unwrap() {
            Some(task) if task.view.status != VrackTaskStatus::Done => {}
            _ => return,
        }
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    panic!("vRack task {id} of {vrack} is not done after 10 s");
}

/// Serves `router` under [`MOUNT`] on 127.0.0.1 and returns the API base.
async fn serve(router: Router) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let app = Router::new().nest(MOUNT, router);
    tokio::spawn(async move {
        let _ = axum::serve(listener, app).await;
    });
    format!("http://{addr}{MOUNT}")
}

/// [`settings`] as owned pairs, to edit.
fn pairs(base: &str) -> Vec<(String, String)> {
    settings(base)
        .into_iter()
        .map(|(k, v)| (k.to_string(), v))
        .collect()
}

fn resolved(pairs: Vec<(String, String)>) -> OvhConfig {
    config::resolve(
        move |key: &str| pairs.iter().find(|(k, _)| k == key).map(|(_, v)| v.clone()),
        &OvhConf::default(),
    )
    .unwrap()
    .unwrap()
}

fn client(config: &OvhConfig) -> OvhClient {
    let settings = HttpSettings {
        no_retry_delay: true,
        ..HttpSettings::default()
    };
    OvhClient::from_config(config, build_reqwest(&settings).unwrap(), settings).unwrap()
}

fn signed(base: &str) -> OvhClient {
    client(&resolved(pairs(base)))
}

fn oauth2(base: &str) -> OvhClient {
    let mut pairs: Vec<(String, String)> = pairs(base)
        .into_iter()
        .filter(|(k, _)| !k.contains("application") && !k.contains("consumer"))
        .collect();
    pairs.push(("ovh.client_id".into(), CLIENT_ID.into()));
    pairs.push(("ovh.client_secret".into(), CLIENT_SECRET.into()));
    client(&resolved(pairs))
}

#[test]
fn every_route_of_the_table_is_a_path_of_the_client() {
    for (endpoint, _) in routes() {
        assert!(
            paths::ALL.iter().any(|e| e.template == endpoint.template),
            "{}",
            endpoint.template
        );
    }
}

#[tokio::test]
async fn signed_round_trip_through_the_configuration_tree_and_the_vrack() {
    // The sandbox clock is an hour ahead: only the /auth/time offset makes signatures valid.
    let base = serve(router_with_clock_offset(
        options(),
        Seeding::default(),
        3600,
    ))
    .await;
    let ovh = signed(&base);
    let skew = ovh.clock_skew().await.unwrap();
    assert!((skew - 3600).abs() <= 2, "{skew}");

    let services = ovh.services().await.unwrap();
    let ids: Vec<&str> = services.iter().map(|s| s.view.uuid.as_str()).collect();
    assert_eq!(ids, [SERVICE_L2_READY, SERVICE_L3, SERVICE_IN_VRACK]);
    assert_eq!(services[1].view.vrack.as_deref(), Some(VRACK_OF_L3));
    assert_eq!(
        ovh.interfaces(SERVICE_L2_READY).await.unwrap()[0].view.id,
        2001
    );
    assert_eq!(ovh.datacenters(SERVICE_L2_READY).await.unwrap().len(), 4);

    // An L3 POP, waited for, then read by the task's resourceId.
    let pop = PopConfig {
        id: None,
        status: None,
        interface_id: 2001,
        kind: PopType::L3,
        customer_bgp_area: Some(65400),
        ovh_bgp_area: Some(65401),
        subnet: Some("198.51.100.0/30".into()),
    };
    rules::check_pop(&pop).unwrap();
    let task = ovh.create_pop_config(SERVICE_L2_READY, &pop).await.unwrap();
    assert_eq!(task.view.status, TaskStatus::Todo);
    let done = task_done(&ovh, SERVICE_L2_READY, task.view.id).await;
    assert_eq!(done.view.status, TaskStatus::Done);
    let pop_id = done.view.resource_id.unwrap();
    let created = ovh.pop_config(SERVICE_L2_READY, pop_id).await.unwrap();
    assert_eq!(created.view.status, Some(ConfigStatus::Active));
    assert_eq!(created.view.subnet.as_deref(), Some("198.51.100.0/30"));

    // A rule the server enforces too: a /29 datacenter subnet is refused with 400.
    let small = DatacenterConfig {
        id: None,
        status: None,
        datacenter_id: 5,
        ovh_bgp_area: Some(65402),
        subnet: Some("10.20.0.0/29".into()),
    };
    let err = ovh
        .create_datacenter_config(SERVICE_L2_READY, pop_id, &small)
        .await
        .unwrap_err();
    assert_eq!(err.status, Some(400));
    assert!(
        err.provider_message
            .as_deref()
            .unwrap_or_default()
            .contains("/28"),
        "{err:?}"
    );
    assert!(!err.maybe_applied);
    // Switching the service to L2 is refused while the L3 POP exists.
    let l2 = PopConfig {
        kind: PopType::L2,
        customer_bgp_area: None,
        ovh_bgp_area: None,
        subnet: None,
        ..pop.clone()
    };
    let err = ovh
        .create_pop_config(SERVICE_L2_READY, &l2)
        .await
        .unwrap_err();
    assert_eq!(err.status, Some(400));

    // A datacenter and a static route; then BGP on the same datacenter is refused.
    let dc = DatacenterConfig {
        subnet: Some("10.20.0.0/28".into()),
        ..small
    };
    let task = ovh
        .create_datacenter_config(SERVICE_L2_READY, pop_id, &dc)
        .await
        .unwrap();
    let dc_id = task_done(&ovh, SERVICE_L2_READY, task.view.id)
        .await
        .view
        .resource_id
        .unwrap();
    let route = DatacenterExtraConfig {
        id: None,
        status: None,
        kind: ExtraType::Network,
        subnet: Some("172.16.1.0/24".into()),
        next_hop: Some("10.20.0.5".into()),
        bgp_neighbor_area: None,
        bgp_neighbor_ip: None,
    };
    let task = ovh
        .create_extra_config(SERVICE_L2_READY, pop_id, dc_id, &route)
        .await
        .unwrap();
    task_done(&ovh, SERVICE_L2_READY, task.view.id).await;
    let extras = ovh
        .extra_configs(SERVICE_L2_READY, pop_id, dc_id)
        .await
        .unwrap();
    assert_eq!(extras.len(), 1);
    let existing: Vec<DatacenterExtraConfig> = extras.into_iter().map(|e| e.view).collect();
    assert!(rules::check_extra_mix(&existing, &ExtraType::Bgp).is_err());
    let bgp = DatacenterExtraConfig {
        kind: ExtraType::Bgp,
        subnet: None,
        next_hop: None,
        bgp_neighbor_area: Some(65500),
        bgp_neighbor_ip: Some("10.20.0.6".into()),
        ..route
    };
    let err = ovh
        .create_extra_config(SERVICE_L2_READY, pop_id, dc_id, &bgp)
        .await
        .unwrap_err();
    assert_eq!(err.status, Some(400));

    // Deleting the POP deletes the tree: toDelete, then gone.
    let task = ovh
        .delete_pop_config(SERVICE_L2_READY, pop_id)
        .await
        .unwrap();
    let seen = ovh
        .datacenter_config(SERVICE_L2_READY, pop_id, dc_id)
        .await
        .unwrap();
    assert_eq!(seen.view.status, Some(ConfigStatus::ToDelete));
    task_done(&ovh, SERVICE_L2_READY, task.view.id).await;
    tokio::time::sleep(Duration::from_millis(250)).await;
    let err = ovh.pop_config(SERVICE_L2_READY, pop_id).await.unwrap_err();
    assert_eq!(err.exit_code(), 4);
    assert!(
        err.request_id
            .as_deref()
            .unwrap_or_default()
            .starts_with("SANDBOX.")
    );
    assert!(ovh.pop_configs(SERVICE_L2_READY).await.unwrap().is_empty());

    // The vRack: eligible, attach, wait (the task vanishes), then it is listed.
    assert_eq!(
        ovh.vrack_eligible(VRACK_EMPTY).await.unwrap(),
        [SERVICE_L2_READY]
    );
    let task = ovh
        .vrack_attach(VRACK_EMPTY, SERVICE_L2_READY)
        .await
        .unwrap();
    assert!(
        ovh.vrack_task(VRACK_EMPTY, task.view.id)
            .await
            .unwrap()
            .is_some()
    );
    vrack_done(&ovh, VRACK_EMPTY, task.view.id).await;
    assert!(
        ovh.vrack_task(VRACK_EMPTY, task.view.id)
            .await
            .unwrap()
            .is_none()
    );
    assert_eq!(
        ovh.vrack_services(VRACK_EMPTY).await.unwrap(),
        [SERVICE_L2_READY]
    );
    assert!(ovh.vrack_eligible(VRACK_EMPTY).await.unwrap().is_empty());
    let task = ovh
        .vrack_detach(VRACK_OF_IN_VRACK, SERVICE_IN_VRACK)
        .await
        .unwrap();
    vrack_done(&ovh, VRACK_OF_IN_VRACK, task.view.id).await;
    assert!(
        ovh.vrack_services(VRACK_OF_IN_VRACK)
            .await
            .unwrap()
            .is_empty()
    );
}

#[tokio::test]
async fn bad_secret_bad_key_and_stale_timestamp_are_refused() {
    let base = serve(router(options(), Seeding::default())).await;
    let mut pairs = pairs(&base);
    for (k, v) in &mut pairs {
        if k == "ovh.application_secret" {
            *v = "not-the-secret".into();
        }
    }
    let err = client(&resolved(pairs.clone()))
        .services()
        .await
        .unwrap_err();
    assert_eq!(err.status, Some(400));
    assert_eq!(err.code.as_deref(), Some("INVALID_SIGNATURE"));
    assert_eq!(err.provider_message.as_deref(), Some("Invalid signature"));
    assert!(err.hints[0].contains("clock"), "{:?}", err.hints);
    assert!(!err.render().contains("not-the-secret"));

    for (k, v) in &mut pairs {
        if k == "ovh.application_key" {
            *v = "unknownKey".into();
        }
    }
    let err = client(&resolved(pairs)).service_ids().await.unwrap_err();
    assert_eq!(err.exit_code(), 3);
    assert_eq!(err.code.as_deref(), Some("INVALID_KEY"));
    assert!(err.hints[0].contains("access rules"), "{:?}", err.hints);

    // A timestamp ten minutes old, correctly signed, is out of the window.
    let url = format!("{base}/ovhCloudConnect");
    let old = crate::providers::ovh::auth::local_now() - 600;
    let signature = sign::signature(APPLICATION_SECRET, CONSUMER_KEY, "GET", &url, b"", old);
    let response = build_reqwest(&HttpSettings::default())
        .unwrap()
        .get(&url)
        .header("X-Ovh-Application", APPLICATION_KEY)
        .header("X-Ovh-Consumer", CONSUMER_KEY)
        .header("X-Ovh-Timestamp", old.to_string())
        .header("X-Ovh-Signature", signature)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 400);
    assert!(response.headers().contains_key("x-ovh-queryid"));
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["errorCode"], "QUERY_TIME_OUT");
}

#[tokio::test]
async fn oauth2_round_trip_with_a_service_account() {
    let base = serve(router(options(), Seeding::default())).await;
    let ovh = oauth2(&base);
    let services = ovh.services().await.unwrap();
    assert_eq!(services.len(), 3);
    let l3 = ovh.pop_configs(SERVICE_L3).await.unwrap();
    assert_eq!(l3[0].view.kind, PopType::L3);
    let task = ovh
        .delete_extra_config(SERVICE_L3, 1001, 3001, 4001)
        .await
        .unwrap();
    task_done(&ovh, SERVICE_L3, task.view.id).await;
    // A bearer the sandbox never issued is refused.
    let response = build_reqwest(&HttpSettings::default())
        .unwrap()
        .get(format!("{base}/ovhCloudConnect"))
        .bearer_auth("forged")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 401);
    let mut pairs = pairs(&base);
    pairs.retain(|(k, _)| !k.contains("application") && !k.contains("consumer"));
    pairs.push(("ovh.client_id".into(), CLIENT_ID.into()));
    pairs.push(("ovh.client_secret".into(), "wrong".into()));
    let err = client(&resolved(pairs)).services().await.unwrap_err();
    assert_eq!(err.exit_code(), 3);
}

#[tokio::test]
async fn the_account_can_be_seeded_with_more_services() {
    let base = serve(router(options(), Seeding { services: 25 })).await;
    let services = signed(&base).services().await.unwrap();
    assert_eq!(services.len(), 25);
    assert_eq!(services[0].view.uuid, SERVICE_L2_READY);
    let uuids: std::collections::HashSet<&str> =
        services.iter().map(|s| s.view.uuid.as_str()).collect();
    assert_eq!(uuids.len(), 25, "every id is distinct");
    // Fewer than the seeded three keeps the three.
    let base = serve(router(options(), Seeding { services: 1 })).await;
    assert_eq!(signed(&base).services().await.unwrap().len(), 3);
}

#[tokio::test]
async fn a_description_with_a_control_character_is_refused_as_ovh_refuses() {
    let base = serve(router(options(), Seeding::default())).await;
    let ovh = signed(&base);
    // The client sends what it is given: the refusal is the simulator's.
    let err = ovh
        .update_description(SERVICE_L2_READY, "two\nlines")
        .await
        .unwrap_err();
    assert_eq!(err.status, Some(400));
    assert_eq!(err.code.as_deref(), Some("Client::BadRequest"));
    let said = err.provider_message.as_deref().unwrap_or_default();
    assert!(
        said.starts_with("Invalid value for description: must not hold control characters"),
        "{said}"
    );
    let kept = ovh.service(SERVICE_L2_READY).await.unwrap();
    assert_eq!(
        kept.view.description.as_deref(),
        Some("Paris datacenter link")
    );
    let changed = ovh
        .update_description(SERVICE_L2_READY, "Paris link")
        .await
        .unwrap();
    assert_eq!(changed.view.description.as_deref(), Some("Paris link"));
}
