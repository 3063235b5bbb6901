//! The simulated account's resources, one store per kind, and what every kind answers alike:
//! its list (filters, `limit`/`marker` pages up to [`MAX_LIMIT`], or the smaller page of
//! `Seeding::page`), get, create (each kind's own rules in its own module), update and
//! delete (refused while something depends on the resource). A page costs the items before it,
//! compared by id, and the rendering of its own items only, so that a list of thousands is not
//! quadratic.

use axum::http::StatusCode;
use axum::response::Response;
use serde_json::{Value, json};

use super::errors::{answer, bad_request, bad_request_code, no_content, not_found};
use super::rules::{check_description, check_name, positive};
use super::seed::seed;
use super::{DOMAIN_ID, MAX_LIMIT, Seeding};
use crate::providers::huawei::auth::{self, Clock};
use crate::providers::huawei::{models, paths};
use crate::sandbox::Options;
use crate::sandbox::skeleton::{Answer, Persist, Stamp};

/// One resource and when it was created.
#[derive(serde::Serialize, serde::Deserialize)]
pub(super) struct Entry {
    pub(super) object: Value,
    pub(super) created: Stamp,
}

pub(super) fn entry(object: Value) -> Entry {
    Entry {
        object,
        created: Stamp::now(),
    }
}

/// What the simulator knows; its four stores are saved.
#[derive(serde::Serialize, serde::Deserialize)]
pub(super) struct Sim {
    #[serde(skip)]
    pub(super) options: Options,
    #[serde(skip)]
    pub(super) seeding: Seeding,
    #[serde(skip, default = "system_clock")]
    pub(super) clock: Clock,
    pub(super) cloud_connections: Vec<Entry>,
    pub(super) network_instances: Vec<Entry>,
    pub(super) bandwidth_packages: Vec<Entry>,
    pub(super) inter_region_bandwidths: Vec<Entry>,
    /// Absent from a state saved before authorisations were simulated.
    #[serde(default)]
    pub(super) authorisations: Vec<Entry>,
}

impl Persist for Sim {
    fn restore(&mut self, mut saved: Sim) {
        for kind in Kind::ALL {
            *self.store_mut(kind) = std::mem::take(saved.store_mut(kind));
        }
    }

    /// The count of more cloud connections; the page size is how it serves, not what it holds.
    fn seeding(&self) -> String {
        format!("{} more cloud connections", self.seeding.connections)
    }
}

/// The clock of a deserialised [`Sim`], which `restore` does not take.
fn system_clock() -> Clock {
    Clock::System
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Kind {
    CloudConnection,
    NetworkInstance,
    BandwidthPackage,
    InterRegionBandwidth,
    Authorisation,
}

impl Kind {
    pub(super) const ALL: [Kind; 5] = [
        Kind::CloudConnection,
        Kind::NetworkInstance,
        Kind::BandwidthPackage,
        Kind::InterRegionBandwidth,
        Kind::Authorisation,
    ];

    /// The client's own table for this kind: paths and envelope keys are spelled once.
    pub(super) fn paths(self) -> &'static paths::Kind {
        match self {
            Kind::CloudConnection => &paths::CLOUD_CONNECTIONS,
            Kind::NetworkInstance => &paths::NETWORK_INSTANCES,
            Kind::BandwidthPackage => &paths::BANDWIDTH_PACKAGES,
            Kind::InterRegionBandwidth => &paths::INTER_REGION_BANDWIDTHS,
            Kind::Authorisation => &paths::AUTHORISATIONS,
        }
    }

    pub(super) fn one(self) -> &'static str {
        self.paths().one
    }

    pub(super) fn many(self) -> &'static str {
        self.paths().many
    }

    pub(super) fn what(self) -> &'static str {
        self.paths().what
    }

    /// The list filters the SDK documents for this kind (provider-notes §1.2).
    pub(super) fn filters(self) -> &'static [&'static str] {
        match self {
            Kind::CloudConnection => &[
                "id",
                "name",
                "description",
                "enterprise_project_id",
                "status",
                "type",
                "used_scene",
            ],
            Kind::NetworkInstance => &[
                "id",
                "name",
                "description",
                "cloud_connection_id",
                "status",
                "type",
                "instance_id",
                "region_id",
            ],
            Kind::BandwidthPackage => &[
                "id",
                "name",
                "enterprise_project_id",
                "cloud_connection_id",
                "status",
                "billing_mode",
                "resource_id",
            ],
            Kind::InterRegionBandwidth => &[
                "id",
                "enterprise_project_id",
                "cloud_connection_id",
                "bandwidth_package_id",
            ],
            Kind::Authorisation => &[
                "id",
                "name",
                "description",
                "cloud_connection_id",
                "instance_id",
            ],
        }
    }
}

pub(super) fn text(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        Value::Null => String::new(),
        other => other.to_string(),
    }
}

pub(super) fn now_text(clock: Clock) -> String {
    auth::format_rfc3339(clock.now())
}

impl Sim {
    /// The account as seeded, with `seeding`'s more cloud connections, on `clock`.
    pub(super) fn new(options: Options, seeding: Seeding, clock: Clock) -> Sim {
        let (cloud_connections, network_instances, bandwidth_packages, inter_region_bandwidths) =
            seed(seeding.connections);
        Sim {
            options,
            seeding,
            clock,
            cloud_connections,
            network_instances,
            bandwidth_packages,
            inter_region_bandwidths,
            authorisations: super::grants::seeded(),
        }
    }

    pub(super) fn store(&self, kind: Kind) -> &Vec<Entry> {
        match kind {
            Kind::CloudConnection => &self.cloud_connections,
            Kind::NetworkInstance => &self.network_instances,
            Kind::BandwidthPackage => &self.bandwidth_packages,
            Kind::InterRegionBandwidth => &self.inter_region_bandwidths,
            Kind::Authorisation => &self.authorisations,
        }
    }

    pub(super) fn store_mut(&mut self, kind: Kind) -> &mut Vec<Entry> {
        match kind {
            Kind::CloudConnection => &mut self.cloud_connections,
            Kind::NetworkInstance => &mut self.network_instances,
            Kind::BandwidthPackage => &mut self.bandwidth_packages,
            Kind::InterRegionBandwidth => &mut self.inter_region_bandwidths,
            Kind::Authorisation => &mut self.authorisations,
        }
    }

    pub(super) fn find(&self, kind: Kind, id: &str) -> Option<usize> {
        self.store(kind).iter().position(|e| e.object["id"] == id)
    }

    pub(super) fn count(&self, kind: Kind, field: &str, id: &str) -> usize {
        self.store(kind)
            .iter()
            .filter(|e| e.object[field] == id)
            .count()
    }

    /// The object as it looks now: counts filled in, network instances ACTIVE once provisioned.
    pub(super) fn render(&self, kind: Kind, index: usize) -> Value {
        let Some(e) = self.store(kind).get(index) else {
            return Value::Null;
        };
        let mut object = e.object.clone();
        match kind {
            Kind::CloudConnection => {
                let id = text(&object["id"]);
                object["network_instance_number"] =
                    json!(self.count(Kind::NetworkInstance, "cloud_connection_id", &id));
                object["bandwidth_package_number"] =
                    json!(self.count(Kind::BandwidthPackage, "resource_id", &id));
                object["inter_region_bandwidth_number"] =
                    json!(self.count(Kind::InterRegionBandwidth, "cloud_connection_id", &id));
            }
            Kind::NetworkInstance => {
                if object["status"] == "PENDING"
                    && e.created.elapsed() >= self.options.provision_delay
                {
                    object["status"] = json!("ACTIVE");
                }
            }
            Kind::BandwidthPackage | Kind::InterRegionBandwidth | Kind::Authorisation => {}
        }
        object
    }

    pub(super) fn list(&self, kind: Kind, pairs: &[(String, String)]) -> Answer {
        let cap = self.seeding.page.unwrap_or(MAX_LIMIT);
        let mut limit = cap;
        let mut marker = None;
        let mut filters: Vec<(&str, Vec<&str>)> = Vec::new();
        for (key, value) in pairs {
            match key.as_str() {
                "limit" => match value.parse::<usize>() {
                    Ok(n) if (1..=MAX_LIMIT).contains(&n) => limit = n.min(cap),
                    _ => return Err(bad_request("limit must be between 1 and 2000.")),
                },
                "marker" => marker = Some(value.as_str()),
                other if kind.filters().contains(&other) => {
                    match filters.iter_mut().find(|(k, _)| *k == other) {
                        Some((_, values)) => values.push(value),
                        None => filters.push((other, vec![value])),
                    }
                }
                other => {
                    return Err(bad_request(&format!(
                        "{other} is not a query parameter of this API."
                    )));
                }
            }
        }
        // Items are rendered (and cloned) only when a filter must look at them, or for the page.
        let matches = |i: usize| {
            filters.is_empty() || {
                let object = self.render(kind, i);
                filters.iter().all(|(key, values)| {
                    // `cloud_connection_id` of a bandwidth package is its `resource_id`.
                    let field = match (kind, *key) {
                        (Kind::BandwidthPackage, "cloud_connection_id") => "resource_id",
                        _ => key,
                    };
                    values.contains(&text(&object[field]).as_str())
                })
            }
        };
        let store = self.store(kind);
        let mut matching = (0..store.len()).filter(|&i| matches(i));
        if let Some(m) = marker
            && !matching.any(|i| store[i].object["id"] == m)
        {
            return Err(bad_request("marker is not the id of an item of this list."));
        }
        let page: Vec<Value> = matching
            .by_ref()
            .take(limit)
            .map(|i| self.render(kind, i))
            .collect();
        let more = matching.next().is_some();
        let mut page_info = json!({ "current_count": page.len() });
        if let Some(first) = page.first() {
            page_info["previous_marker"] = first["id"].clone();
        }
        if let (true, Some(last)) = (more, page.last()) {
            page_info["next_marker"] = last["id"].clone();
        }
        // Moved in, not through `json!`, which would copy the whole page once more.
        let body = serde_json::Map::from_iter([
            (kind.many().to_string(), Value::Array(page)),
            ("page_info".to_string(), page_info),
        ]);
        Ok(answer(StatusCode::OK, Value::Object(body)))
    }

    fn created(&mut self, kind: Kind, object: Value) -> Answer {
        self.store_mut(kind).push(entry(object));
        let index = self.store(kind).len() - 1;
        Ok(self.shown(StatusCode::CREATED, kind, index))
    }

    /// The item at `index`, as it looks now, in its envelope.
    fn shown(&self, status: StatusCode, kind: Kind, index: usize) -> Response {
        answer(status, json!({ kind.one(): self.render(kind, index) }))
    }

    /// One item.
    pub(super) fn get(&self, kind: Kind, id: &str) -> Answer {
        if kind == Kind::Authorisation {
            // The API reads authorisations by listing only (the SDK has no show call).
            return Err(super::errors::unknown_api());
        }
        let index = self
            .find(kind, id)
            .ok_or_else(|| not_found(kind.what(), id))?;
        Ok(self.shown(StatusCode::OK, kind, index))
    }

    pub(super) fn create(&mut self, kind: Kind, body: &Value) -> Answer {
        let Some(b) = body.get(kind.one()).filter(|b| b.is_object()) else {
            return Err(bad_request(&format!("{} is mandatory.", kind.one())));
        };
        let result = match kind {
            Kind::CloudConnection => self.new_cloud_connection(b),
            Kind::NetworkInstance => self.new_network_instance(b),
            Kind::BandwidthPackage => self.new_bandwidth_package(b),
            Kind::InterRegionBandwidth => self.new_inter_region(b),
            Kind::Authorisation => self.new_authorisation(b),
        };
        match result {
            Ok(object) => self.created(kind, object),
            Err(refused) => Err(refused),
        }
    }

    /// [`Sim::common`], and what an account-level resource has besides: its enterprise
    /// project (`"0"`, the default one, unless given), ACTIVE and up from the start.
    pub(super) fn common_active(&self, b: &Value) -> Value {
        let mut object = self.common(b);
        object["enterprise_project_id"] = b
            .get("enterprise_project_id")
            .cloned()
            .unwrap_or(json!("0"));
        object["status"] = json!("ACTIVE");
        object["admin_state_up"] = json!(true);
        object
    }

    pub(super) fn common(&self, b: &Value) -> Value {
        let now = now_text(self.clock);
        json!({
            "id": uuid::Uuid::new_v4().to_string(),
            "name": b.get("name").cloned().unwrap_or(json!("")),
            "description": b.get("description").cloned().unwrap_or(json!("")),
            "domain_id": DOMAIN_ID,
            "created_at": now,
            "updated_at": now,
        })
    }

    pub(super) fn update(&mut self, kind: Kind, id: &str, body: &Value) -> Answer {
        let Some(index) = self.find(kind, id) else {
            return Err(not_found(kind.what(), id));
        };
        let Some(b) = body.get(kind.one()).filter(|b| b.is_object()) else {
            return Err(bad_request(&format!("{} is mandatory.", kind.one())));
        };
        let allowed: &[&str] = match kind {
            Kind::CloudConnection => &["name", "description"],
            Kind::NetworkInstance => &["name", "description", "cidrs"],
            Kind::BandwidthPackage => &["name", "description", "bandwidth", "billing_mode"],
            Kind::InterRegionBandwidth => &["bandwidth"],
            Kind::Authorisation => &["name", "description"],
        };
        if let Some(other) = b
            .as_object()
            .and_then(|m| m.keys().find(|k| !allowed.contains(&k.as_str())))
        {
            return Err(bad_request(&format!("{other} cannot be updated.")));
        }
        check_name(b, false)?;
        check_description(
            b,
            (kind == Kind::CloudConnection).then_some(models::DESCRIPTION_MAX),
        )?;
        if b.get("bandwidth").is_some() {
            positive(b, "bandwidth")?;
        }
        // An update changes the billing mode to 5 or 6 only [SDK `UpdateBandwidthPackage`].
        if let Some(mode) = b.get("billing_mode").filter(|m| !m.is_null()) {
            let updatable = models::UPDATABLE_BILLING_MODES
                .iter()
                .any(|m| mode.as_u64() == Some(u64::from(m.code())));
            if !updatable {
                return Err(bad_request("billing_mode can only be changed to 5 or 6."));
            }
        }
        self.update_rules(kind, id, b)?;
        if kind == Kind::CloudConnection
            && let Some(name) = b["name"].as_str()
            && self
                .cloud_connections
                .iter()
                .any(|e| e.object["name"] == name && e.object["id"] != id)
        {
            return Err(bad_request_code(
                "CC.1031",
                &format!("The name {name} is already used by another cloud connection."),
            ));
        }
        let now = now_text(self.clock);
        let object = &mut self.store_mut(kind)[index].object;
        for key in allowed {
            if let Some(value) = b.get(*key).filter(|v| !v.is_null()) {
                object[*key] = value.clone();
            }
        }
        object["updated_at"] = json!(now);
        Ok(self.shown(StatusCode::OK, kind, index))
    }

    pub(super) fn delete(&mut self, kind: Kind, id: &str) -> Answer {
        let Some(index) = self.find(kind, id) else {
            return Err(not_found(kind.what(), id));
        };
        let refusal = match kind {
            Kind::CloudConnection
                if self.count(Kind::NetworkInstance, "cloud_connection_id", id) > 0 =>
            {
                Some((
                    "CC.1032",
                    "The cloud connection still has network instances.",
                ))
            }
            Kind::CloudConnection if self.count(Kind::BandwidthPackage, "resource_id", id) > 0 => {
                Some((
                    "CC.1001",
                    "The cloud connection still has bandwidth packages bound to it.",
                ))
            }
            Kind::BandwidthPackage
                if self.count(Kind::InterRegionBandwidth, "bandwidth_package_id", id) > 0 =>
            {
                Some((
                    "CC.1052",
                    "The bandwidth package is used by an inter-region bandwidth.",
                ))
            }
            _ => None,
        };
        if let Some((code, message)) = refusal {
            return Err(bad_request_code(code, message));
        }
        self.store_mut(kind).remove(index);
        Ok(no_content())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sandbox::huawei::errors::message;

    #[test]
    fn paths_and_pages() {
        // The routes are the client's templates, and the envelope keys its own.
        assert_eq!(
            Kind::BandwidthPackage.paths().item.template,
            "/v3/{domain_id}/ccaas/bandwidth-packages/{id}"
        );
        assert_eq!(Kind::InterRegionBandwidth.many(), "inter_region_bandwidths");
        assert_eq!(Kind::NetworkInstance.one(), "network_instance");
        let sim = seeded_sim(0);
        let page = |query: &[(&str, &str)]| {
            let pairs: Vec<(String, String)> = query
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect();
            sim.list(Kind::CloudConnection, &pairs)
                .map(|r| r.status())
                .map_err(|r| message(&r))
        };
        assert_eq!(page(&[("limit", "2000")]), Ok(StatusCode::OK));
        assert!(page(&[("limit", "0")]).is_err());
        assert!(page(&[("marker", "not-an-id")]).is_err());
        assert!(page(&[("cloud_connection", "x")]).is_err());
    }

    /// Every page of the cloud connections at `limit=2000`: each page's size and next marker.
    async fn walk(sim: &Sim, filter: Option<(&str, &str)>) -> Vec<(usize, Option<String>)> {
        let mut pages = Vec::new();
        let mut marker: Option<String> = None;
        loop {
            let mut pairs = vec![("limit".to_string(), "2000".to_string())];
            pairs.extend(filter.map(|(k, v)| (k.to_string(), v.to_string())));
            pairs.extend(marker.clone().map(|m| ("marker".to_string(), m)));
            let response = sim
                .list(Kind::CloudConnection, &pairs)
                .map_err(|r| message(&r))
                .expect("a page");
            let body = axum::body::to_bytes(response.into_body(), usize::MAX)
                .await
                .expect("a body");
            let body: Value = serde_json::from_slice(&body).expect("JSON");
            let items = body["cloud_connections"].as_array().expect("an array");
            let next = body["page_info"]["next_marker"]
                .as_str()
                .map(str::to_string);
            if let Some(next) = &next {
                assert_eq!(items.last().map(|i| &i["id"]), Some(&json!(next)));
            }
            pages.push((items.len(), next.clone()));
            match next {
                Some(next) if pages.len() < 1000 => marker = Some(next),
                _ => return pages,
            }
        }
    }

    /// The simulator as `router` seeds it, with `extra` more cloud connections.
    fn seeded_sim(extra: usize) -> Sim {
        paged_sim(extra, None)
    }

    /// [`seeded_sim`] with pages of at most `page` items (`CC_SANDBOX_HUAWEI_PAGE`).
    fn paged_sim(extra: usize, page: Option<usize>) -> Sim {
        Sim::new(
            Options::default(),
            Seeding {
                connections: extra,
                page,
            },
            Clock::System,
        )
    }

    #[tokio::test]
    async fn a_large_account_pages_at_the_real_limit_and_a_small_one_by_ten() {
        let sizes =
            |pages: &[(usize, Option<String>)]| pages.iter().map(|p| p.0).collect::<Vec<_>>();
        let small = walk(&paged_sim(0, Some(10)), None).await;
        assert_eq!(sizes(&small), [10, 10, 5]);
        // Unless capped, `limit=2000` is honoured: the seeded account is one page.
        assert_eq!(sizes(&walk(&seeded_sim(0), None).await), [25]);
        let large = seeded_sim(2500);
        let pages = walk(&large, None).await;
        assert_eq!(sizes(&pages), [2000, 525]);
        assert_eq!(
            pages[0].1.as_deref(),
            Some("6a1b2c3d-0000-4000-8001-000000001975")
        );
        assert_eq!(pages[1].1, None);
        // Filters still apply over the whole list: the last one alone, one page, no next.
        let one = walk(&large, Some(("name", "cc-bench-02500"))).await;
        assert_eq!(one, [(1, None)]);
        let mut ids: Vec<&Value> = large
            .cloud_connections
            .iter()
            .map(|e| &e.object["id"])
            .collect();
        ids.sort_by_key(|v| v.as_str());
        ids.dedup();
        assert_eq!(ids.len(), 2525);
    }
}
