//! The provider document's rules, refused with exit 2 naming the flag and the rule: those that
//! need no read before any request at all (a catch-all mock expects none), those that need one
//! (the POP's layer, the existing extras) before anything is sent.

use serde_json::json;
use wiremock::matchers::method;
use wiremock::{Mock, MockServer};

use super::*;
use crate::common::{TestEnv, assert_code, run, stderr};

/// Runs `args` against a server that must receive nothing; asserts exit 2 and that stderr
/// holds every `needle`.
async fn refused_before_sending(args: &[&str], needles: &[&str]) {
    let server = MockServer::start().await;
    nothing_else(&server).await;
    let env = TestEnv::new();
    let mut cmd = ovh(&env, &server);
    cmd.args(args);
    let out = run(cmd).await;
    assert_code(&out, 2);
    let err = stderr(&out);
    for needle in needles {
        assert!(err.contains(needle), "{args:?}: `{needle}` not in:\n{err}");
    }
    server.verify().await;
}

/// `base` then `more`, as one argument list.
fn args<'a>(base: &[&'a str], more: &[&'a str]) -> Vec<&'a str> {
    base.iter().chain(more).copied().collect()
}

#[tokio::test(flavor = "multi_thread")]
async fn an_l3_pop_needs_both_asns_and_a_30() {
    let pop = ["ovh", "pop", "create", SVC, "--interface", "2001"];
    let with = |more: &[&'static str]| args(&pop, more);
    refused_before_sending(
        &with(&[
            "--type",
            "l3",
            "--customer-asn",
            "65400",
            "--subnet",
            "192.0.2.0/30",
        ]),
        &["--ovh-asn", "needs the customer ASN, the OVH ASN and a /30"],
    )
    .await;
    refused_before_sending(
        &with(&["--type", "l3"]),
        &["--customer-asn, --ovh-asn, --subnet", "missing"],
    )
    .await;
    refused_before_sending(
        &with(&[
            "--type",
            "l3",
            "--customer-asn",
            "65400",
            "--ovh-asn",
            "65401",
            "--subnet",
            "192.0.2.0/29",
        ]),
        &["--subnet", "must be a /30", "192.0.2.0/29"],
    )
    .await;
    refused_before_sending(
        &with(&[
            "--type",
            "l3",
            "--customer-asn",
            "3215",
            "--ovh-asn",
            "65401",
            "--subnet",
            "192.0.2.0/30",
        ]),
        &["--customer-asn", "3215", "private"],
    )
    .await;
    refused_before_sending(
        &with(&[
            "--type",
            "l3",
            "--customer-asn",
            "65401",
            "--ovh-asn",
            "65401",
            "--subnet",
            "192.0.2.0/30",
        ]),
        &["--customer-asn, --ovh-asn", "different"],
    )
    .await;
    refused_before_sending(
        &with(&["--type", "l2", "--subnet", "192.0.2.0/30"]),
        &["--subnet", "L2 POP configuration takes only"],
    )
    .await;
    refused_before_sending(&with(&["--type", "l4"]), &["--type", "l4"]).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn an_l3_datacenter_subnet_is_a_28_or_larger_and_asns_are_private() {
    let dc = ["ovh", "dc", "create", SVC, "1001", "--datacenter", "5"];
    refused_before_sending(
        &args(&dc, &["--ovh-asn", "65402", "--subnet", "10.0.0.0/29"]),
        &["--subnet", "/28 or larger", "10.0.0.0/29"],
    )
    .await;
    refused_before_sending(
        &args(&dc, &["--ovh-asn", "70000", "--subnet", "10.0.0.0/28"]),
        &["--ovh-asn", "70000", "private"],
    )
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn an_extra_takes_the_flags_of_its_type_only() {
    let extra = ["ovh", "extra", "create", SVC, "1001", "3001"];
    let with = |more: &[&'static str]| args(&extra, more);
    refused_before_sending(
        &with(&["--type", "network", "--subnet", "172.16.0.0/24"]),
        &["--next-hop", "needs a subnet and a next hop"],
    )
    .await;
    refused_before_sending(
        &with(&[
            "--type",
            "bgp",
            "--bgp-neighbor-asn",
            "65500",
            "--bgp-neighbor-ip",
            "10.0.0.4",
            "--subnet",
            "172.16.0.0/24",
        ]),
        &["--subnet", "takes no route subnet"],
    )
    .await;
    refused_before_sending(
        &with(&[
            "--type",
            "bgp",
            "--bgp-neighbor-asn",
            "100",
            "--bgp-neighbor-ip",
            "10.0.0.4",
        ]),
        &["private"],
    )
    .await;
    refused_before_sending(
        &with(&[
            "--type",
            "network",
            "--subnet",
            "172.16.0.0/24",
            "--next-hop",
            "nope",
        ]),
        &["next hop `nope`"],
    )
    .await;
}

/// A server with this POP and datacenter configuration tree, that must receive no POST.
pub(super) async fn tree(pops: &[Value], dcs: &[Value], extras: &[Value]) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(wiremock::matchers::path(api("/auth/time")))
        .respond_with(json_response(200, &now().to_string()))
        .mount(&server)
        .await;
    mount_list(&server, &occ("/config/pop"), pops).await;
    mount_list(&server, &occ("/config/pop/1001/datacenter"), dcs).await;
    mount_list(
        &server,
        &occ("/config/pop/1001/datacenter/3001/extra"),
        extras,
    )
    .await;
    Mock::given(method("POST"))
        .respond_with(answer(200, &fixture_with("task.json", json!({}))))
        .expect(0)
        .mount(&server)
        .await;
    server
}

#[tokio::test(flavor = "multi_thread")]
async fn switching_layers_names_the_pop_delete_commands() {
    let l3 = fixture_with("pop_config.json", json!({ "interfaceId": 2001 }));
    let server = tree(&[l3], &[], &[]).await;
    let env = TestEnv::new();
    let config = env.home.path().join("cc.toml");
    env.with_profile(Some(&config), "work");
    let mut cmd = ovh(&env, &server);
    cmd.args(["--profile", "work", "--config"])
        .arg(&config)
        .args([
            "ovh",
            "pop",
            "create",
            SVC,
            "--interface",
            "2001",
            "--type",
            "l2",
        ]);
    let out = run(cmd).await;
    assert_code(&out, 2);
    let err = stderr(&out);
    assert!(
        err.contains("--type") && err.contains("configured as l3"),
        "{err}"
    );
    let delete = format!(
        "cc --profile work --config {} ovh pop delete {SVC} 1001 --yes",
        config.display()
    );
    assert!(err.contains(&delete), "`{delete}` not in:\n{err}");
    server.verify().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_datacenter_under_an_l2_pop_takes_no_asn() {
    let l2 = fixture_with(
        "pop_config.json",
        json!({ "type": "l2", "customerBgpArea": null, "ovhBgpArea": null, "subnet": null }),
    );
    let server = tree(&[l2], &[], &[]).await;
    let env = TestEnv::new();
    let mut cmd = ovh(&env, &server);
    cmd.args([
        "ovh",
        "dc",
        "create",
        SVC,
        "1001",
        "--datacenter",
        "5",
        "--ovh-asn",
        "65402",
    ]);
    let out = run(cmd).await;
    assert_code(&out, 2);
    let err = stderr(&out);
    assert!(err.contains("--ovh-asn") && err.contains("L2 POP"), "{err}");
    server.verify().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn static_routes_and_bgp_never_mix_and_addresses_stay_in_the_subnet() {
    let pop = fixture_with("pop_config.json", json!({}));
    let dc = fixture_with("datacenter_config.json", json!({}));
    let route = fixture_with("extra_config.json", json!({}));
    let server = tree(&[pop], &[dc], &[route]).await;
    let env = TestEnv::new();
    let mut cmd = ovh(&env, &server);
    cmd.args([
        "ovh",
        "extra",
        "create",
        SVC,
        "1001",
        "3001",
        "--type",
        "bgp",
        "--bgp-neighbor-asn",
        "65500",
        "--bgp-neighbor-ip",
        "10.10.0.4",
    ]);
    let out = run(cmd).await;
    assert_code(&out, 2);
    let err = stderr(&out);
    assert!(err.contains("cannot be combined"), "{err}");
    assert!(
        err.contains(&format!("cc ovh extra delete {SVC} 1001 3001 4001 --yes")),
        "{err}"
    );
    let mut cmd = ovh(&env, &server);
    cmd.args([
        "ovh",
        "extra",
        "create",
        SVC,
        "1001",
        "3001",
        "--type",
        "network",
        "--subnet",
        "172.16.9.0/24",
        "--next-hop",
        "10.99.0.1",
    ]);
    let out = run(cmd).await;
    assert_code(&out, 2);
    let err = stderr(&out);
    assert!(
        err.contains("--next-hop") && err.contains("not inside the datacenter subnet 10.10.0.0/28"),
        "{err}"
    );
    server.verify().await;
}
