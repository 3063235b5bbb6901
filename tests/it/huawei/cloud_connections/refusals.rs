//! The values refused before anything is sent: angle brackets in a description, and the other
//! bad values, each a usage error.

use super::*;

#[tokio::test(flavor = "multi_thread")]
async fn angle_brackets_in_a_description_are_refused_before_anything_is_sent() {
    let commands: [&[&str]; 5] = [
        &[
            "huawei",
            "create",
            "--name",
            "cc-x",
            "--description",
            "a <b> c",
        ],
        &["huawei", "update", CC_ID, "--description", "x>y"],
        &[
            "huawei",
            "network-instances",
            "create",
            "--cloud-connection",
            "cc-paris",
            "--name",
            "vpc-x",
            "--type",
            "vpc",
            "--instance-id",
            VPC_ID,
            "--project-id",
            PROJECT,
            "--region-id",
            "eu-west-0",
            "--cidr",
            "10.0.0.0/16",
            "--description",
            "<script>",
        ],
        &[
            "huawei",
            "bandwidth-packages",
            "create",
            "--name",
            "bwp",
            "--project-id",
            PROJECT,
            "--local-area",
            "Asia-Pacific",
            "--remote-area",
            "Asia-Pacific",
            "--bandwidth",
            "10",
            "--billing-mode",
            "4",
            "--description",
            "<",
        ],
        &[
            "huawei",
            "bandwidth-packages",
            "update",
            BWP_ID,
            "--description",
            "a>",
        ],
    ];
    let cases: Vec<(&[&str], &str)> = commands.map(|a| (a, "angle brackets")).to_vec();
    refused_before_sending(&MockServer::start().await, &cases).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn other_bad_values_are_usage_errors_with_nothing_sent() {
    let cases: [(&[&str], &str); 7] = [
        (&["huawei", "create", "--name", "bad name"], "--name"),
        (
            &["huawei", "create", "--name", "ok", "--tag", "novalue"],
            "--tag",
        ),
        (
            &[
                "huawei",
                "network-instances",
                "create",
                "--cloud-connection",
                CC_ID,
                "--name",
                "n",
                "--type",
                "vpn",
                "--instance-id",
                VPC_ID,
                "--project-id",
                PROJECT,
                "--region-id",
                "r",
                "--cidr",
                "10.0.0.0/16",
            ],
            "--type",
        ),
        (
            &[
                "huawei",
                "network-instances",
                "create",
                "--cloud-connection",
                CC_ID,
                "--name",
                "n",
                "--type",
                "vpc",
                "--instance-id",
                VPC_ID,
                "--project-id",
                PROJECT,
                "--region-id",
                "r",
                "--cidr",
                "10.0.0.1/16",
            ],
            "--cidr",
        ),
        (
            &[
                "huawei",
                "bandwidth-packages",
                "create",
                "--name",
                "b",
                "--project-id",
                PROJECT,
                "--local-area",
                "Europe",
                "--remote-area",
                "Asia-Pacific",
                "--bandwidth",
                "10",
                "--billing-mode",
                "4",
            ],
            "--local-area",
        ),
        (
            &[
                "huawei",
                "inter-region-bandwidths",
                "create",
                "--cloud-connection",
                CC_ID,
                "--bandwidth-package",
                BWP_ID,
                "--bandwidth",
                "5",
                "--region",
                "eu-west-0",
            ],
            "--region",
        ),
        (&["huawei", "update", CC_ID], "nothing to update"),
    ];
    refused_before_sending(&MockServer::start().await, &cases).await;
}
