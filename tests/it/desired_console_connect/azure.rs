//! Against wiremock: exactly what one Azure create sends, once; the service key's own refusals
//! (its words, its speeds) are exit 2 with nothing ordered; a lost create answer is never resent.

use super::*;

#[tokio::test(flavor = "multi_thread")]
async fn apply_sends_exactly_the_documented_create_body_once() {
    let server = MockServer::start().await;
    let made = fixture_json("console_connect", "connection_group_creating.json");
    mock_account(&server, json_value(200, &made)).await;
    let (_env, mut cmd) = applying(&server, ONE);
    cmd.args(["--no-wait", "-o", "json"]);
    let out = run(cmd).await;
    assert_code(&out, 0);
    let puts = received(&server, "PUT", "/AZURE/layer2/create").await;
    assert_eq!(puts.len(), 1);
    let body: Value = serde_json::from_slice(&puts[0].body).unwrap();
    assert_eq!(
        body,
        json!({
            "azureServiceKey": SEEDED_KEY,
            "name": "er-1",
            "srcPort": [{"portId": "5893d943878d635dde318022"}, {"portId": "5893d943878d635dde318023"}],
            "speed": 100,
            "paymentType": "payg",
        })
    );
    let asked = received(&server, "POST", "/AZURE/layer2/serviceKey").await;
    assert_eq!(asked.len(), 1, "the key is asked about first");
    let shown: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(shown["results"][0]["id"], "5e7a2b1903be0d0014960141");
    let printed = format!("{}{}", stdout(&out), stderr(&out));
    assert!(!printed.contains(SEEDED_KEY), "{printed}");
}

/// A service key Console Connect refuses or calls not valid stops apply as it stops
/// `azure create` (one check, the same words), naming the file's field, not the flag: exit 5,
/// nothing ordered, the key never shown.
#[tokio::test(flavor = "multi_thread")]
async fn apply_refuses_a_service_key_in_the_words_of_azure_create_naming_its_field() {
    let answers = [
        (
            ResponseTemplate::new(400).set_body_raw(
                fixture("console_connect", "error_invalid_service_key.json"),
                "application/json",
            ),
            "Azure connection `er-1`: service_key: Console Connect refused the Azure service key",
        ),
        (
            json_value(
                200,
                &json!({"valid": false, "message": "The service key is expired"}),
            ),
            "Azure connection `er-1`: service_key: the Azure service key is not valid: The service key is expired",
        ),
    ];
    for (answer, wanted) in answers {
        let server = MockServer::start().await;
        Mock::given(method("POST"))
            .and(path(
                "/api/company/acme/connections/directConnectPartner/AZURE/layer2/serviceKey",
            ))
            .respond_with(answer)
            .with_priority(1)
            .mount(&server)
            .await;
        mock_account(&server, ResponseTemplate::new(500)).await;
        let (_env, cmd) = applying(&server, ONE);
        let out = run(cmd).await;
        assert_code(&out, 5);
        let err = stderr(&out);
        assert!(err.contains(wanted), "{wanted}: {err}");
        assert!(err.contains("copy the service key again"), "{err}");
        assert!(err.contains("nothing was ordered"), "{err}");
        assert!(!err.contains(SEEDED_KEY), "{err}");
        assert_eq!(orders(&server).await, 0);
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn a_lost_create_answer_is_never_resent() {
    let server = MockServer::start().await;
    mock_account(&server, ResponseTemplate::new(503)).await;
    let (_env, mut cmd) = applying(&server, ONE);
    cmd.arg("--no-wait");
    let out = run(cmd).await;
    assert_code(&out, 5);
    assert_eq!(orders(&server).await, 1);
    let err = stderr(&out);
    assert!(err.contains("NOT sent again"), "{err}");
    assert!(
        err.contains("no Azure connection named `er-1` has appeared"),
        "{err}"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_speed_the_service_key_does_not_allow_is_exit_2_and_nothing_is_ordered() {
    let server = MockServer::start().await;
    mock_account(&server, ResponseTemplate::new(500)).await;
    let (_env, cmd) = applying(&server, &ONE.replace("speed: 100", "speed: 200"));
    let out = run(cmd).await;
    assert_code(&out, 2);
    assert_eq!(orders(&server).await, 0);
    let err = stderr(&out);
    assert!(
        err.contains(
            "Azure connection `er-1`: speed 200: the service key's ExpressRoute circuit is 100 Mbps"
        ),
        "{err}"
    );
}
