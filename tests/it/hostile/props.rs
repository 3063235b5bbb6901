//! Property tests of what comes from outside (issue 20 items 6 and 12): any page envelope a
//! server sends is read or refused (exit 0 or 5), never a panic and never an endless list; and
//! every number and duration flag of the command tree refuses extreme values with exit 2 (the
//! parsers' own properties live beside them: `duration.rs`, `config/read.rs`, the dialects...).

use std::any::TypeId;
use std::time::Duration;

use clap::CommandFactory;
use proptest::prelude::*;
use serde_json::{Value, json};
use wiremock::matchers::method;
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::common::{TestEnv, assert_code, stderr};

/// Any JSON a little deep, keys from page envelopes and from anything.
fn json_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        Just(Value::from(u64::MAX)),
        "[a-z0-9-]{0,6}".prop_map(Value::String),
    ];
    let key = prop::sample::select(vec![
        "id",
        "name",
        "state",
        "status",
        "next_marker",
        "items",
    ]);
    leaf.prop_recursive(3, 24, 5, move |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..5).prop_map(Value::Array),
            prop::collection::btree_map(key.clone().prop_map(str::to_string), inner, 0..4)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

/// A list page as a provider might wrap it: the documented envelope with anything in it, or
/// anything at all.
fn envelope() -> impl Strategy<Value = Value> {
    prop_oneof![
        (json_value(), json_value()).prop_map(|(items, marker)| json!({
            "cloud_connections": items, "page_info": {"next_marker": marker}
        })),
        (prop::collection::vec(json_value(), 0..6), "[a-c]{0,2}").prop_map(|(items, marker)| {
            json!({"cloud_connections": items, "page_info": {"next_marker": marker}})
        }),
        prop::collection::vec(json_value(), 0..6).prop_map(Value::Array),
        json_value().prop_map(|v| json!({"items": v})),
        json_value(),
    ]
}

#[test]
fn any_page_envelope_is_read_or_refused_never_a_panic() {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .unwrap();
    let server = rt.block_on(MockServer::start());
    let env = TestEnv::new();
    let mut runner = proptest::test_runner::TestRunner::new(ProptestConfig {
        cases: 24,
        failure_persistence: None,
        ..ProptestConfig::default()
    });
    let cases = (envelope(), prop::sample::select(vec!["huawei", "orange"]));
    runner
        .run(&cases, |(page, provider)| {
            rt.block_on(async {
                server.reset().await;
                Mock::given(method("GET"))
                    .respond_with(ResponseTemplate::new(200).set_body_json(&page))
                    .mount(&server)
                    .await;
            });
            let mut cmd = env.cc();
            cmd.env("CC_HUAWEI_URL", server.uri())
                .env("CC_HUAWEI_AK", "AKPROPTEST000001")
                .env("CC_HUAWEI_SK", "sk-proptest-0001")
                .env("CC_HUAWEI_DOMAIN_ID", "d")
                .env("CC_ORANGE_URL", server.uri())
                .env("CC_ORANGE_TOKEN", "t-proptest-0001")
                .env("CC_ORANGE_API_KEY", "k-proptest-0001")
                .env("CC_ORANGE_PROJECT_ID", "p")
                .env("CC_MAX_ITEMS", "50")
                .args([provider, "list"])
                .timeout(Duration::from_secs(20));
            let out = cmd.output().unwrap();
            let code = out.status.code();
            prop_assert!(
                matches!(code, Some(0 | 5)),
                "{provider} {page}: {code:?} {}",
                stderr(&out)
            );
            prop_assert!(!stderr(&out).contains("panicked"), "{}", stderr(&out));
            let sent = rt.block_on(server.received_requests()).unwrap().len();
            prop_assert!(sent <= 60, "{provider} {page}: {sent} requests");
            Ok(())
        })
        .unwrap();
}

/// Every option of the tree whose value is a number or a duration, as `(command path, --flag)`.
fn number_flags() -> Vec<(Vec<String>, String)> {
    let numbers = [
        TypeId::of::<u8>(),
        TypeId::of::<u16>(),
        TypeId::of::<u32>(),
        TypeId::of::<u64>(),
        TypeId::of::<usize>(),
        TypeId::of::<i32>(),
        TypeId::of::<i64>(),
        TypeId::of::<f64>(),
        TypeId::of::<Duration>(),
    ];
    let mut out = Vec::new();
    for (path, leaf) in crate::help::commands() {
        if !leaf {
            continue;
        }
        let mut cmd = cc::cli::Cli::command();
        cmd.build();
        let mut at = &cmd;
        for name in &path {
            at = at.find_subcommand(name).expect("a subcommand of the walk");
        }
        for arg in at.get_arguments() {
            let parser = arg.get_value_parser();
            if let Some(long) = arg.get_long()
                && numbers.iter().any(|t| parser.type_id() == *t)
            {
                out.push((path.clone(), format!("--{long}")));
            }
        }
    }
    out
}

#[test]
fn every_number_and_duration_flag_refuses_extreme_values_with_exit_2() {
    let flags = number_flags();
    // 18 flags over 346 commands when this was written.
    assert!(flags.len() > 300, "{} number flags", flags.len());
    for flag in [
        "--timeout",
        "--interval",
        "--http-timeout",
        "--limit",
        "--speed",
    ] {
        assert!(flags.iter().any(|(_, f)| f == flag), "{flag} not found");
    }
    let extremes = [
        "18446744073709551616",
        "-1",
        "1e999",
        "NaN",
        "99999999999999999999999999h",
        "",
    ];
    for (path, flag) in &flags {
        for value in extremes {
            let mut words: Vec<String> = vec!["cc".into()];
            words.extend(path.iter().cloned());
            words.push(format!("{flag}={value}"));
            let Err(err) = cc::cli::Cli::command().try_get_matches_from(&words) else {
                // An empty value or `-1` may be a valid choice for a flag that takes anything.
                assert!(value.is_empty() || value == "-1", "{words:?} accepted");
                continue;
            };
            assert_eq!(err.exit_code(), 2, "{words:?}: {err}");
        }
    }
    // Values clap reads but beyond the bounds of CLI.md §5: exit 2 from the binary, no panic.
    let env = TestEnv::new();
    for (flag, value) in [
        ("--interval", "18446744073709551615s"),
        ("--interval", "5124095576030431h"),
        ("--http-timeout", "18446744073709551615s999ms"),
        ("--timeout", "18446744073709551615"),
        ("--timeout", "8d"),
    ] {
        let mut cmd = env.cc();
        cmd.args(["--sandbox", flag, value, "orange", "list"])
            .timeout(Duration::from_secs(20));
        let out = cmd.output().unwrap();
        assert_code(&out, 2);
        assert!(
            stderr(&out).contains(flag),
            "{flag} {value}: {}",
            stderr(&out)
        );
    }
    for (var, value) in [
        ("CC_TIMEOUT", "18446744073709551615s"),
        ("CC_MAX_ITEMS", "-1"),
    ] {
        let mut cmd = env.cc();
        cmd.env(var, value)
            .args(["--sandbox", "orange", "list"])
            .timeout(Duration::from_secs(20));
        let out = cmd.output().unwrap();
        assert_code(&out, 2);
        assert!(
            stderr(&out).contains(var),
            "{var} {value}: {}",
            stderr(&out)
        );
    }
}
