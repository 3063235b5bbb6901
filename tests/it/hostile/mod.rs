//! What a hostile server or hostile input cannot make `cc` do (issue 20), one module per
//! concern; every test is bounded in time.

mod config;
mod deadlines;
mod local;
mod props;
mod servers;
mod terminal;

use wiremock::MockServer;

use crate::common::TestEnv;

const TOKEN: &str = "hostile-test-token-5e1f";
const API_KEY: &str = "hostile-test-api-key-9c2d";

/// `cc` pointed at `server` as Orange, with a fixed token; the caller adds the arguments.
fn orange(env: &TestEnv, server: &MockServer) -> assert_cmd::Command {
    let mut cmd = env.cc();
    cmd.env("CC_ORANGE_URL", server.uri())
        .env("CC_ORANGE_TOKEN", TOKEN)
        .env("CC_ORANGE_API_KEY", API_KEY)
        .env("CC_ORANGE_PROJECT_ID", "p");
    cmd
}

/// `cc api orange METHOD PATH` against `server`, with a fixed token.
fn orange_api(env: &TestEnv, server: &MockServer, verb: &str, at: &str) -> assert_cmd::Command {
    let mut cmd = orange(env, server);
    cmd.args(["api", "orange", verb, at]);
    cmd
}
