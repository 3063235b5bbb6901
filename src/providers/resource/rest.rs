//! The calls over [`Kind`]s: how each operation reads the description (its paths, envelopes,
//! paging and words) into requests through the shared client, and its replies into [`Typed`]
//! objects.

use reqwest::Method;
use serde::de::DeserializeOwned;
use serde_json::{Value, json};

use super::{Answer, Kind, Paging, echo, malformed, unwrap_many, unwrap_one, wrap};
use crate::error::{Error, ErrorKind, Result};
use crate::http::paginate::{self, OffsetPage};
use crate::http::{ApiClient, Call, Reply};
use crate::providers::Typed;
use crate::providers::endpoint::Endpoint;

/// An id of a list of ids, as text for a path.
fn id_text(id: &Value, reply: &Reply) -> Result<String> {
    match id {
        Value::String(s) => Ok(s.clone()),
        Value::Number(n) => Ok(n.to_string()),
        _ => Err(malformed(reply, "list of ids")),
    }
}

/// The calls over [`Kind`]s of one client: its HTTP client, the values of its paths'
/// placeholders (a project, a company, an account, a parent object), and what it adds to every
/// error of its provider.
pub struct Rest<'a> {
    api: &'a ApiClient,
    scope: Vec<(&'static str, String)>,
    explain: fn(Error) -> Error,
}

impl<'a> Rest<'a> {
    /// Calls through `api`, with `scope` filling the placeholders of every path.
    pub fn new(api: &'a ApiClient, scope: Vec<(&'static str, String)>) -> Self {
        Rest {
            api,
            scope,
            explain: |e| e,
        }
    }

    /// The same, with `explain` applied to every error of a call (the provider's hints).
    pub fn explained(self, explain: fn(Error) -> Error) -> Self {
        Rest { explain, ..self }
    }

    /// `endpoint` filled from the scope and `more` values.
    pub fn fill(&self, endpoint: &Endpoint, more: &[(&str, &str)]) -> String {
        let scope = self.scope.iter().map(|(k, v)| (*k, v.as_str()));
        let values: Vec<(&str, &str)> = scope.chain(more.iter().copied()).collect();
        endpoint.fill(&values)
    }

    /// `endpoint` filled from the scope, with `id` in the kind's id placeholder.
    fn path(&self, kind: &Kind, endpoint: &Endpoint, id: Option<&str>) -> String {
        match id {
            Some(id) => self.fill(endpoint, &[(kind.id, id)]),
            None => self.fill(endpoint, &[]),
        }
    }

    fn item(&self, kind: &Kind, id: &str) -> Result<String> {
        let item = kind.item.ok_or_else(|| {
            Error::internal(format!(
                "a {} is only listed: it has no item path",
                kind.what
            ))
        })?;
        Ok(self.path(kind, &item, Some(id)))
    }

    /// The words `template` of `kind`, filled.
    fn words(&self, template: &str, kind: &Kind, id: &str) -> String {
        let text = template.replace("{what}", kind.what).replace("{id}", id);
        self.scope.iter().fold(text, |text, (name, value)| {
            text.replace(&format!("{{{name}}}"), value)
        })
    }

    /// The first request of a list of `kind`, with these query pairs.
    fn list_call(&self, kind: &Kind, query: &[(&str, String)]) -> Call {
        let path = self.path(kind, &kind.collection, None);
        let call = Call::get(path, self.words(kind.words.list, kind, ""));
        query
            .iter()
            .fold(call, |call, (key, value)| call.query(key, value))
    }

    /// Sends `call`, through the provider's explanations.
    pub async fn send(&self, call: &Call) -> Result<Reply> {
        self.api.send(call).await.map_err(self.explain)
    }

    /// The first `limit` objects of `kind` (all without one), with these query pairs on every
    /// request (repeated keys allowed).
    pub async fn list<T: DeserializeOwned>(
        &self,
        kind: &Kind,
        query: &[(&str, String)],
        limit: Option<usize>,
    ) -> Result<Vec<Typed<T>>> {
        self.list_until(kind, query, limit, |_| false).await
    }

    /// [`Rest::list`], stopping (offset paging only) at the page holding an object `found`
    /// accepts: enough for a look-up by id.
    pub async fn list_until<T: DeserializeOwned>(
        &self,
        kind: &Kind,
        query: &[(&str, String)],
        limit: Option<usize>,
        found: impl Fn(&Typed<T>) -> bool,
    ) -> Result<Vec<Typed<T>>> {
        let base = self.list_call(kind, query);
        let provider = self.api.provider();
        let parse = |items| Typed::parse_all(provider, kind.what, items);
        match kind.paging {
            Paging::Single => {
                let mut items = self.items(kind, &base).await?;
                if let Some(limit) = limit {
                    items.truncate(limit);
                }
                parse(items)
            }
            Paging::Offset { size, total } => {
                let key: fn(&Typed<T>) -> String = |t| paginate::identity(&t.raw);
                paginate::by_offset_until((provider, key), limit, size, found, |page| {
                    let call = base
                        .clone()
                        .query("limit", page.limit)
                        .query("offset", page.offset)
                        .speculative(page.speculative);
                    async move {
                        let reply = self.send(&call).await?;
                        let total = total
                            .and_then(|name| reply.header(name))
                            .and_then(|t| t.trim().parse().ok());
                        let body = reply.json()?;
                        let items = parse(unwrap_many(kind.many, body, &reply)?)?;
                        Ok(OffsetPage { items, total })
                    }
                })
                .await
            }
            Paging::Marker { size, next } => {
                parse(self.by_marker(kind, base, limit, size, next).await?)
            }
            Paging::Ids { concurrency, .. } => {
                let mut ids = self.ids_of(kind, &base).await?;
                if let Some(limit) = limit {
                    ids.truncate(limit);
                }
                paginate::fan_out(
                    ids,
                    concurrency,
                    |id| async move { self.get(kind, &id).await },
                )
                .await
            }
        }
    }

    async fn by_marker(
        &self,
        kind: &Kind,
        base: Call,
        limit: Option<usize>,
        size: usize,
        next: &str,
    ) -> Result<Vec<Value>> {
        if limit == Some(0) {
            return Ok(Vec::new());
        }
        let base = base.query("limit", limit.map_or(size, |l| l.clamp(1, size)));
        let key = (
            self.api.provider(),
            paginate::identity as fn(&Value) -> String,
        );
        paginate::by_marker(key, limit, |marker| {
            let call = match marker {
                Some(marker) => base.clone().query("marker", marker),
                None => base.clone(),
            };
            async move {
                let reply = self.send(&call).await?;
                let body: Value = reply.json()?;
                let marker = body
                    .pointer(next)
                    .and_then(Value::as_str)
                    .map(str::to_string);
                Ok((unwrap_many(kind.many, body, &reply)?, marker))
            }
        })
        .await
    }

    /// The items of the one reply to `call`.
    async fn items(&self, kind: &Kind, call: &Call) -> Result<Vec<Value>> {
        let reply = self.send(call).await?;
        unwrap_many(kind.many, reply.json()?, &reply)
    }

    /// The items of a kind listed in one call, unparsed (one reply read as two kinds).
    pub async fn values(&self, kind: &Kind, query: &[(&str, String)]) -> Result<Vec<Value>> {
        self.items(kind, &self.list_call(kind, query)).await
    }

    /// The ids a kind listed by ids answers.
    pub async fn ids(&self, kind: &Kind) -> Result<Vec<String>> {
        self.ids_of(kind, &self.list_call(kind, &[])).await
    }

    async fn ids_of(&self, kind: &Kind, call: &Call) -> Result<Vec<String>> {
        let reply = self.send(call).await?;
        if let Paging::Ids {
            more: Some(more), ..
        } = kind.paging
            && reply.header(more).is_some()
        {
            let mut err = Error::malformed(
                reply.provider,
                format!(
                    "`{}` answered one page of a paginated list ({more}), which cc does not follow yet",
                    call.what
                ),
            );
            err.status = Some(reply.status);
            err.request_id = reply.request_id.clone();
            return Err(err);
        }
        let items = unwrap_many(kind.many, reply.json()?, &reply)?;
        items.iter().map(|id| id_text(id, &reply)).collect()
    }

    /// Every object of `kind` named exactly `name` (the list's name filter where it has one;
    /// its matching rules are not documented, so the names are compared here as well).
    pub async fn named<T: DeserializeOwned>(
        &self,
        kind: &Kind,
        name: &str,
        name_of: fn(&T) -> &str,
    ) -> Result<Vec<Typed<T>>> {
        let query: Vec<(&str, String)> = kind
            .name_filter
            .map(|key| (key, name.to_string()))
            .into_iter()
            .collect();
        let all = self.list::<T>(kind, &query, None).await?;
        Ok(all
            .into_iter()
            .filter(|t| name_of(&t.view) == name)
            .collect())
    }

    /// One object by id.
    pub async fn get<T: DeserializeOwned>(&self, kind: &Kind, id: &str) -> Result<Typed<T>> {
        let call = Call::get(self.item(kind, id)?, self.words(kind.words.get, kind, id))
            // Read back in a dry run after a planned create (`id` is then a placeholder).
            .planned(wrap(kind, json!({ "id": id })));
        let reply = self.send(&call).await?;
        Typed::parse(reply.provider, kind.what, unwrap_one(kind.one, &reply)?)
    }

    /// One object by id, or `None` when it is gone (404).
    pub async fn get_if_exists<T: DeserializeOwned>(
        &self,
        kind: &Kind,
        id: &str,
    ) -> Result<Option<Typed<T>>> {
        match self.get(kind, id).await {
            Ok(t) => Ok(Some(t)),
            Err(e) if e.kind == ErrorKind::NotFound => Ok(None),
            Err(e) => Err(e),
        }
    }

    /// Creates an object from `body`; a dry run answers `planned`. Never resent on an ambiguous
    /// failure: the error then has `maybe_applied` set, and so does an unreadable answer, since
    /// the object may exist.
    pub async fn create<A: DeserializeOwned>(
        &self,
        kind: &Kind,
        body: Value,
        planned: Value,
    ) -> Result<Typed<A>> {
        let (verb, endpoint) = kind.create;
        let call = Call::create(
            verb.method(),
            self.path(kind, &endpoint, None),
            self.words(kind.words.create, kind, ""),
        )
        .planned(planned)
        .json(body);
        let reply = self.send(&call).await?;
        self.answer(kind, &reply).map_err(|mut e| {
            e.maybe_applied = true;
            e
        })
    }

    /// Updates an object with the whole of `body` (so it may be resent) and returns it as the
    /// API now has it.
    pub async fn update<T: DeserializeOwned>(
        &self,
        kind: &Kind,
        id: &str,
        body: Value,
    ) -> Result<Typed<T>> {
        let call = Call::idempotent(
            kind.update.method(),
            self.item(kind, id)?,
            self.words(kind.words.update, kind, id),
        )
        .planned(echo(kind, &body, id))
        .json(body);
        let reply = self.send(&call).await?;
        Typed::parse(reply.provider, kind.what, unwrap_one(kind.one, &reply)?)
    }

    /// Deletes an object; a dry run answers `planned` (an empty body without one). A 400 whose
    /// code is the kind's [`Kind::gone_on_delete`] is exit 4, as a 404 is. The reply is read
    /// with [`Rest::answer`] where the kind's delete answers something.
    pub async fn delete(&self, kind: &Kind, id: &str, planned: Option<Value>) -> Result<Reply> {
        let path = match kind.delete {
            Some(endpoint) => self.path(kind, &endpoint, Some(id)),
            None => self.item(kind, id)?,
        };
        let mut call = Call::idempotent(
            Method::DELETE,
            path,
            self.words(kind.words.delete, kind, id),
        );
        if let Some(planned) = planned {
            call = call.planned(planned);
        }
        self.send(&call).await.map_err(|mut err| {
            if err.status == Some(400)
                && kind.gone_on_delete.is_some()
                && err.code.as_deref() == kind.gone_on_delete
            {
                err.kind = ErrorKind::NotFound;
                err = err.hint(format!("the {} is already gone", kind.what));
            }
            err
        })
    }

    /// What a create or delete of `kind` answered, read as the kind's [`Answer`] says.
    pub fn answer<A: DeserializeOwned>(&self, kind: &Kind, reply: &Reply) -> Result<Typed<A>> {
        match kind.answer {
            Answer::Object => Typed::parse(reply.provider, kind.what, unwrap_one(kind.one, reply)?),
            Answer::Other(what) => Typed::parse(reply.provider, what, reply.json()?),
        }
    }
}
