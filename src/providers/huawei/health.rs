//! Huawei's health rules (`cc connections status`): from a cloud connection, the network
//! instances loaded on it and its inter-region bandwidths, read in three lists for the whole
//! account.
//!
//! - A cloud connection in ERROR is `down`; PENDING is `up` and not in service yet; a status
//!   the documents do not name is `unknown`.
//! - No network instance yet is `up`, said (it carries nothing, but nothing is wrong).
//! - A network instance in ERROR is `degraded`, every one in ERROR `down`; one PENDING is said.
//! - Two regions holding ACTIVE network instances with no inter-region bandwidth between them
//!   are `degraded`: traffic between them goes at the test rate only [INF: the console's
//!   guide gives cross-region traffic without a bandwidth package a test rate of 10 kbit/s].
//! - An inter-region bandwidth to a region with no ACTIVE network instance is `degraded`: the
//!   bandwidth is bought, nothing uses it (the rule `huawei-region-instance`, `rules.rs`).

use super::models::{CloudConnection, InterRegionBandwidth, NetworkInstance, Status};
use crate::health::{Finding, Health, Verdict};

/// A network instance as reasons name it: `vpc-paris (eu-west-0)`.
fn label(ni: &NetworkInstance) -> String {
    let name = if ni.name.is_empty() { &ni.id } else { &ni.name };
    format!("{name} ({})", ni.region_id.as_deref().unwrap_or("?"))
}

/// The findings of the network instances: which are ACTIVE, and their regions.
fn instance_findings(instances: &[&NetworkInstance], findings: &mut Vec<Finding>) -> Vec<String> {
    let mut regions: Vec<String> = Vec::new();
    let mut failed = 0;
    for ni in instances {
        match ni.status.as_ref() {
            Some(Status::Active) => {
                if let Some(r) = &ni.region_id
                    && !regions.contains(r)
                {
                    regions.push(r.clone());
                }
            }
            Some(Status::Error) => {
                failed += 1;
                findings.push(Finding::new(
                    Health::Degraded,
                    format!("network instance {}: ERROR", label(ni)),
                ));
            }
            Some(Status::Pending) => findings.push(Finding::new(
                Health::Up,
                format!("network instance {}: PENDING", label(ni)),
            )),
            other => findings.push(Finding::new(
                Health::Unknown,
                format!(
                    "network instance {}: status {}",
                    label(ni),
                    other.map_or("absent", Status::as_str)
                ),
            )),
        }
    }
    if failed > 0 && failed == instances.len() {
        findings.push(Finding::new(Health::Down, "no network instance ACTIVE"));
    }
    regions
}

/// The health of cloud connection `cc`, with its network instances and inter-region
/// bandwidths.
pub fn verdict(
    cc: &CloudConnection,
    instances: &[&NetworkInstance],
    bandwidths: &[&InterRegionBandwidth],
) -> Verdict {
    let mut findings = Vec::new();
    match cc.status.as_ref() {
        Some(Status::Active) | None => {}
        Some(Status::Error) => findings.push(Finding::new(Health::Down, "status ERROR")),
        Some(Status::Pending) => findings.push(Finding::new(
            Health::Up,
            "status PENDING: not in service yet",
        )),
        Some(Status::Other(s)) => findings.push(Finding::new(
            Health::Unknown,
            format!("status {s}: a status cc does not know"),
        )),
    }
    if instances.is_empty() {
        findings.push(Finding::new(
            Health::Up,
            "no network instance loaded yet: it carries nothing",
        ));
    }
    let regions = instance_findings(instances, &mut findings);
    let pairs: Vec<[String; 2]> = bandwidths.iter().filter_map(|b| b.regions()).collect();
    for (i, a) in regions.iter().enumerate() {
        for b in &regions[i + 1..] {
            if !pairs.iter().any(|p| p.contains(a) && p.contains(b)) {
                findings.push(Finding::new(
                    Health::Degraded,
                    format!("no inter-region bandwidth between {a} and {b}: only a test rate"),
                ));
            }
        }
    }
    for (bw, pair) in bandwidths.iter().filter_map(|b| Some((b, b.regions()?))) {
        for region in pair.iter().filter(|r| !regions.contains(r)) {
            findings.push(Finding::new(
                Health::Degraded,
                format!(
                    "inter-region bandwidth {}: {region} has no ACTIVE network instance",
                    bw.id
                ),
            ));
        }
    }
    Verdict::of(findings)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn ni(id: &str, region: &str, status: &str) -> NetworkInstance {
        serde_json::from_value(json!({"id": id, "region_id": region, "status": status})).unwrap()
    }

    fn bw(id: &str, a: &str, b: &str) -> InterRegionBandwidth {
        serde_json::from_value(json!({"id": id, "inter_regions": [
            {"local_region_id": a, "remote_region_id": b},
        ]}))
        .unwrap()
    }

    fn cc(status: &str) -> CloudConnection {
        serde_json::from_value(json!({"id": "c", "status": status})).unwrap()
    }

    #[test]
    fn a_complete_cloud_connection_is_up_with_no_reason() {
        let (p, h) = (
            ni("p", "eu-west-0", "ACTIVE"),
            ni("h", "ap-southeast-1", "ACTIVE"),
        );
        let b = bw("b", "ap-southeast-1", "eu-west-0");
        assert_eq!(
            verdict(&cc("ACTIVE"), &[&p, &h], &[&b]),
            Verdict::of(vec![])
        );
        let empty = verdict(&cc("ACTIVE"), &[], &[]);
        assert_eq!(empty.health, Health::Up);
        assert_eq!(empty.reasons.len(), 1);
    }

    #[test]
    fn missing_bandwidths_failed_instances_and_statuses() {
        let (p, h) = (
            ni("p", "eu-west-0", "ACTIVE"),
            ni("h", "ap-southeast-1", "ACTIVE"),
        );
        let v = verdict(&cc("ACTIVE"), &[&p, &h], &[]);
        assert_eq!(v.health, Health::Degraded);
        assert_eq!(
            v.reasons,
            ["no inter-region bandwidth between eu-west-0 and ap-southeast-1: only a test rate"]
        );
        let broken = ni("x", "ap-southeast-1", "ERROR");
        let b = bw("b", "ap-southeast-1", "eu-west-0");
        let v = verdict(&cc("ACTIVE"), &[&p, &broken], &[&b]);
        assert_eq!(v.health, Health::Degraded);
        assert!(
            v.reasons
                .contains(&"network instance x (ap-southeast-1): ERROR".to_string())
        );
        assert!(v.reasons.contains(
            &"inter-region bandwidth b: ap-southeast-1 has no ACTIVE network instance".to_string()
        ));
        assert_eq!(verdict(&cc("ACTIVE"), &[&broken], &[]).health, Health::Down);
        assert_eq!(verdict(&cc("ERROR"), &[&p], &[]).health, Health::Down);
        assert_eq!(verdict(&cc("FREEZED"), &[&p], &[]).health, Health::Unknown);
        assert_eq!(verdict(&cc("PENDING"), &[], &[]).health, Health::Up);
    }
}
