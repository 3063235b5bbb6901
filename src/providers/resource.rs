//! One description of a REST resource kind ([`Kind`]) and the calls every client makes over it
//! ([`Rest`]: list, get, get if it exists, by name, create, update, delete).
//!
//! Why: the providers wrote the same calls four ways (by hand per kind, generic over a trait,
//! tables of kinds). What differs between them is facts, not code: the two paths, how a reply
//! wraps one object and a list ([`Envelope`]), how a list pages ([`Paging`], handed to the
//! strategies of `http/paginate.rs`), the words of the calls ([`Words`], which name them in
//! errors and logs) and what a create or delete answers ([`Answer`]). So each provider states
//! those facts as consts beside its paths, and its client's methods are thin calls of [`Rest`].
//! This module names no provider.
//!
//! Every object is kept whole ([`crate::providers::Typed`]); a reply without the wrapping or the
//! fields expected is exit 5 naming the call, never a panic. A create is sent once
//! ([`crate::http::Call::create`]): when its 2xx answer cannot be read the error is
//! `maybe_applied`, since the object may exist.

use reqwest::Method;
use serde_json::{Value, json};

use crate::error::{Error, Result};
use crate::http::Reply;
use crate::providers::endpoint::Endpoint;

mod rest;
pub use rest::Rest;

/// How a reply wraps one object, or the array of a list.
#[derive(Debug, Clone, Copy)]
pub enum Envelope {
    /// The body is the object, or the array.
    Bare,
    /// Under this key, which must be there (`{"cloud_connection": {...}}`).
    Key(&'static str),
    /// Leniently under these keys. A list is a bare array, or an object holding one under the
    /// first of the keys that has one; an object (which must be one) is unwrapped from each key
    /// in turn while it has no `id` of its own (`{"results": {"connection": {...}}}`).
    Lenient(&'static [&'static str]),
}

/// How a list is read whole.
#[derive(Debug, Clone, Copy)]
pub enum Paging {
    /// One call answers the whole list; a limit cuts it.
    Single,
    /// `limit` and `offset` query pairs, `size` items a page, the count in the header `total`
    /// when the provider sends it ([`crate::http::paginate::by_offset_until`]).
    Offset {
        /// Items asked for a page.
        size: usize,
        /// The header holding the number of items, when sent.
        total: Option<&'static str>,
    },
    /// `limit` (the same on every page: `size`, or the limit when smaller) and `marker` query
    /// pairs, the next marker at the JSON pointer `next` ([`crate::http::paginate::by_marker`]).
    Marker {
        /// Items asked for a page.
        size: usize,
        /// Where the next page's marker is in a reply.
        next: &'static str,
    },
    /// The list answers ids, and each object is read with a get, `concurrency` at once, in the
    /// order of the ids ([`crate::http::paginate::fan_out`]); a limit cuts the ids. A reply
    /// carrying the header `more` is one page of a longer list, which is not followed: exit 5,
    /// rather than a list silently cut.
    Ids {
        /// Gets in flight at once.
        concurrency: usize,
        /// The header that says more ids follow.
        more: Option<&'static str>,
    },
}

/// The method of a write.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verb {
    /// POST.
    Post,
    /// PUT.
    Put,
}

impl Verb {
    fn method(self) -> Method {
        match self {
            Verb::Post => Method::POST,
            Verb::Put => Method::PUT,
        }
    }
}

/// What a create, and a delete, answer.
#[derive(Debug, Clone, Copy)]
pub enum Answer {
    /// A create answers the object, wrapped as a get's; what a delete answers is not read.
    Object,
    /// Both answer another object, bare, called this in errors (a task).
    Other(&'static str),
}

/// The words of each call, for errors and logs: `{what}` is the kind's name, `{id}` the id, and
/// `{name}` the value of that placeholder of the client's scope.
#[derive(Debug, Clone, Copy)]
pub struct Words {
    /// A list: `list {what}s`.
    pub list: &'static str,
    /// A get: ``get {what} `{id}` ``.
    pub get: &'static str,
    /// A create: `create the {what}`.
    pub create: &'static str,
    /// An update: ``update {what} `{id}` ``.
    pub update: &'static str,
    /// A delete: ``delete {what} `{id}` ``.
    pub delete: &'static str,
}

/// The words most kinds use.
pub const WORDS: Words = Words {
    list: "list {what}s",
    get: "get {what} `{id}`",
    create: "create the {what}",
    update: "update {what} `{id}`",
    delete: "delete {what} `{id}`",
};

/// A kind of REST resource, as data: where it lives, how replies wrap it, how its list pages.
#[derive(Debug, Clone, Copy)]
pub struct Kind {
    /// Its name in messages: "cloud connector".
    pub what: &'static str,
    /// The list, and (unless [`Kind::create`] says otherwise) where a create is sent.
    pub collection: Endpoint,
    /// One object: get, update and (unless [`Kind::delete`] says otherwise) delete. `None` for
    /// a kind that is only listed.
    pub item: Option<Endpoint>,
    /// The placeholder of the id in the item path.
    pub id: &'static str,
    /// How a reply wraps one object.
    pub one: Envelope,
    /// How a reply wraps a list.
    pub many: Envelope,
    /// How a list pages.
    pub paging: Paging,
    /// The query key that filters a list by name, when the list has one.
    pub name_filter: Option<&'static str>,
    /// The method and path of a create.
    pub create: (Verb, Endpoint),
    /// The method of an update (sent to the item path).
    pub update: Verb,
    /// The path of a delete, when it is not the item path.
    pub delete: Option<Endpoint>,
    /// The `code` of a 400 that, on a delete, means the object is already gone (exit 4, as a
    /// 404 is).
    pub gone_on_delete: Option<&'static str>,
    /// What a create and a delete answer.
    pub answer: Answer,
    /// The words of its calls.
    pub words: Words,
}

impl Kind {
    /// A kind at `collection` and `item`, bare, listed in one call, created by a POST to the
    /// collection and updated by a PUT: the fields a kind differs in are then set over it.
    pub const fn rest(what: &'static str, collection: Endpoint, item: Endpoint) -> Kind {
        Kind {
            what,
            collection,
            item: Some(item),
            id: "id",
            one: Envelope::Bare,
            many: Envelope::Bare,
            paging: Paging::Single,
            name_filter: None,
            create: (Verb::Post, collection),
            update: Verb::Put,
            delete: None,
            gone_on_delete: None,
            answer: Answer::Object,
            words: WORDS,
        }
    }

    /// A kind that is only listed, in one call.
    pub const fn listed(what: &'static str, collection: Endpoint) -> Kind {
        Kind {
            item: None,
            ..Kind::rest(what, collection, collection)
        }
    }
}

/// A dry run's stand-in for what a create or update of `body` answers: the body, with `id` set,
/// wrapped as the kind wraps one object (a keyed body is unwrapped first).
pub fn echo(kind: &Kind, body: &Value, id: &str) -> Value {
    let mut object = match kind.one {
        Envelope::Key(key) => body.get(key).cloned().unwrap_or_else(|| json!({})),
        Envelope::Bare | Envelope::Lenient(_) => body.clone(),
    };
    if let Some(map) = object.as_object_mut() {
        map.insert("id".into(), Value::String(id.to_string()));
    }
    wrap(kind, object)
}

/// `object` wrapped as the kind wraps one object.
fn wrap(kind: &Kind, object: Value) -> Value {
    match kind.one {
        Envelope::Key(key) => json!({ key: object }),
        Envelope::Bare | Envelope::Lenient(_) => object,
    }
}

/// Exit 5: `reply` lacks `wanted`.
fn malformed(reply: &Reply, wanted: &str) -> Error {
    let mut err = Error::malformed(
        reply.provider,
        format!(
            "unexpected response to `{}` (HTTP {}): no {wanted} in {}",
            reply.what,
            reply.status,
            crate::http::excerpt(&reply.body)
        ),
    );
    err.status = Some(reply.status);
    err.request_id = reply.request_id.clone();
    err
}

/// The one object of `reply`, unwrapped as `envelope` says.
pub fn unwrap_one(envelope: Envelope, reply: &Reply) -> Result<Value> {
    let mut body: Value = reply.json()?;
    match envelope {
        Envelope::Bare => Ok(body),
        Envelope::Key(key) => match body.get_mut(key).map(Value::take) {
            Some(object @ Value::Object(_)) => Ok(object),
            _ => Err(malformed(reply, &format!("`{key}`"))),
        },
        Envelope::Lenient(keys) => match lenient(keys, body) {
            object @ Value::Object(_) => Ok(object),
            _ => Err(malformed(reply, "JSON object")),
        },
    }
}

/// `value` unwrapped from each of `keys` in turn while it has no `id` of its own (see
/// [`Envelope::Lenient`]).
pub fn lenient(keys: &[&str], mut value: Value) -> Value {
    for key in keys {
        if value.get("id").is_none()
            && let Some(inner) = value.get_mut(*key).filter(|v| v.is_object())
        {
            value = inner.take();
        }
    }
    value
}

/// The items of the list `reply`, unwrapped as `envelope` says.
fn unwrap_many(envelope: Envelope, body: Value, reply: &Reply) -> Result<Vec<Value>> {
    match (envelope, body) {
        (Envelope::Bare | Envelope::Lenient(_), Value::Array(items)) => Ok(items),
        (Envelope::Key(key), Value::Object(mut map)) => match map.remove(key) {
            Some(Value::Array(items)) => Ok(items),
            _ => Err(malformed(reply, &format!("`{key}`"))),
        },
        (Envelope::Lenient(keys), Value::Object(mut map)) => keys
            .iter()
            .find_map(|k| match map.remove(*k) {
                Some(Value::Array(items)) => Some(items),
                _ => None,
            })
            .ok_or_else(|| malformed(reply, &lenient_array(keys))),
        (Envelope::Key(key), _) => Err(malformed(reply, &format!("`{key}`"))),
        (Envelope::Lenient(keys), _) => Err(malformed(reply, &lenient_array(keys))),
        (Envelope::Bare, _) => Err(malformed(reply, "JSON array")),
    }
}

fn lenient_array(keys: &[&str]) -> String {
    let keys: Vec<String> = keys.iter().map(|k| format!("`{k}`")).collect();
    format!("JSON array (bare or under {})", keys.join(", "))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::provider::ProviderName;

    fn reply(body: &str) -> Reply {
        Reply {
            provider: ProviderName::Huawei,
            what: "list things".into(),
            status: 200,
            headers: Default::default(),
            body: body.as_bytes().to_vec(),
            request_id: Some("req-1".into()),
            secrets: Default::default(),
        }
    }

    fn many(envelope: Envelope, body: &str) -> Result<Vec<Value>> {
        let reply = reply(body);
        unwrap_many(envelope, reply.json()?, &reply)
    }

    #[test]
    fn lists_are_read_as_their_envelope_says() {
        let lenient = Envelope::Lenient(&["items", "results"]);
        assert_eq!(many(lenient, "[1, 2]").unwrap().len(), 2);
        assert_eq!(many(lenient, r#"{"results": [1]}"#).unwrap().len(), 1);
        assert_eq!(
            many(Envelope::Key("things"), r#"{"things": []}"#)
                .unwrap()
                .len(),
            0
        );
        for (envelope, body, wanted) in [
            (lenient, r#"{"results": 3}"#, "under `items`, `results`"),
            (lenient, "3", "under `items`, `results`"),
            (Envelope::Key("things"), "[1]", "no `things`"),
            (Envelope::Key("things"), r#"{"thing": []}"#, "no `things`"),
            (Envelope::Bare, r#"{"items": []}"#, "no JSON array"),
        ] {
            let err = many(envelope, body).unwrap_err();
            assert_eq!(err.exit_code(), 5, "{body}");
            assert!(err.message.contains(wanted), "{body}: {}", err.message);
            assert!(err.message.contains("list things"), "{}", err.message);
            assert_eq!(err.request_id.as_deref(), Some("req-1"));
        }
    }

    #[test]
    fn one_object_is_read_as_its_envelope_says() {
        let body = r#"{"thing": {"id": "a"}, "request_id": "r"}"#;
        let one = unwrap_one(Envelope::Key("thing"), &reply(body)).unwrap();
        assert_eq!(one, json!({"id": "a"}));
        let err = unwrap_one(Envelope::Key("other"), &reply(body)).unwrap_err();
        assert!(err.message.contains("no `other`"), "{}", err.message);
        let lenient = Envelope::Lenient(&["results"]);
        let err = unwrap_one(lenient, &reply("[1]")).unwrap_err();
        assert!(err.message.contains("no JSON object"), "{}", err.message);
        assert_eq!(
            unwrap_one(Envelope::Bare, &reply("[1]")).unwrap(),
            json!([1])
        );
    }

    #[test]
    fn a_dry_run_echoes_the_body_with_its_id_wrapped_alike() {
        let keyed = Kind {
            one: Envelope::Key("thing"),
            ..Kind::listed(
                "thing",
                crate::providers::endpoint::ep("/t", crate::providers::endpoint::Evidence::Doc),
            )
        };
        assert_eq!(
            echo(&keyed, &json!({"thing": {"name": "n"}}), "<id>"),
            json!({"thing": {"name": "n", "id": "<id>"}})
        );
        let bare = Kind {
            one: Envelope::Bare,
            ..keyed
        };
        assert_eq!(
            echo(&bare, &json!({"name": "n"}), "7"),
            json!({"name": "n", "id": "7"})
        );
    }

    #[test]
    fn objects_are_unwrapped_only_when_they_have_no_id() {
        let keys = &["results", "connection"];
        assert_eq!(
            lenient(keys, json!({"id": "a", "results": {"id": "b"}}))["id"],
            "a"
        );
        assert_eq!(
            lenient(
                keys,
                json!({"results": {"connectionProvisioningId": "p", "connection": {"id": "c"}}})
            )["id"],
            "c"
        );
        assert_eq!(lenient(keys, json!({"results": {"id": "r"}}))["id"], "r");
    }
}
