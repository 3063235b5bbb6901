//! Cloud connections: signed create (with tags), lists over marker pages, get by name, update,
//! delete, and the values refused before anything is sent.

mod changes;
mod creates;
mod lists;
mod refusals;

use serde_json::{Value, json};
use wiremock::matchers::{
    body_json, header, method, path, path_regex, query_param, query_param_is_missing,
};
use wiremock::{Mock, MockServer, ResponseTemplate};

use super::{
    AK, BWP_ID, CC_ID, DOMAIN, PROJECT, SDK_DATE, SK, VPC_ID, api, assert_all_signed,
    documented_connection, empty_list, gateway, header_of, huawei, mount_name_lookup,
    refused_before_sending,
};
use crate::common::{
    TestEnv, assert_code, assert_planned, fixture, fixture_json, received, refuse, run, run_json,
    stderr, stdout,
};

/// Answers GET of the documented cloud connection (`CC_ID`), expected `times` times.
async fn mount_documented_connection(server: &MockServer, times: u64) {
    Mock::given(method("GET"))
        .and(path(api(&format!("/cloud-connections/{CC_ID}"))))
        .respond_with(gateway(
            200,
            &json!({ "cloud_connection": documented_connection() }).to_string(),
        ))
        .expect(times)
        .mount(server)
        .await;
}
