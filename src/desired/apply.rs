//! Running a plan (`cc apply`): each change once its waits are done, independent ones
//! concurrently, and what became of each.
//!
//! Why here and on plain data: the order is the engine's ([`Change::after`]), so the rule "a
//! failure stops only what depends on it, the rest finishes" is written once, naming no
//! provider, and is tested without HTTP by giving [`run`] a fake `start`. What one change sends
//! is the provider's (`DesiredState`); the rule every create obeys after a lost answer (look it
//! up by name, never send it again) is [`after_lost_create`], so each provider's create says it
//! the same way.

use futures_util::StreamExt;
use futures_util::future::LocalBoxFuture;
use futures_util::stream::FuturesUnordered;
use serde_json::{Value, json};

use crate::desired::Change;
use crate::error::{Error, Result};

/// What became of one change.
#[derive(Debug)]
pub enum Result_ {
    /// Made (waited for unless `--no-wait` or `--dry-run`); the resource's id when known.
    Done(Option<String>),
    /// It failed: nothing after it that waits for it was tried.
    Failed(Error),
    /// Not tried: a change it waits for (its index) failed or was not tried.
    NotTried(usize),
}

impl Result_ {
    /// Its word in the summary (`done`, `failed`, `not_tried`).
    pub fn as_str(&self) -> &'static str {
        match self {
            Result_::Done(_) => "done",
            Result_::Failed(_) => "failed",
            Result_::NotTried(_) => "not_tried",
        }
    }
}

/// Runs every change of `changes` through `start` (given its index), each once all of
/// [`Change::after`] are done, as many at once as are ready; a change whose wait failed or was
/// not tried is not tried. The results are in the order of `changes`.
pub async fn run<'a>(
    changes: &[Change],
    mut start: impl FnMut(usize) -> LocalBoxFuture<'a, Result<Option<String>>>,
) -> Vec<Result_> {
    let n = changes.len();
    let mut results: Vec<Option<Result_>> = (0..n).map(|_| None).collect();
    let mut started = vec![false; n];
    let mut running = FuturesUnordered::new();
    loop {
        for i in 0..n {
            if started[i] {
                continue;
            }
            let waits = &changes[i].after;
            if let Some(&stop) = waits
                .iter()
                .find(|&&j| matches!(results[j], Some(Result_::Failed(_) | Result_::NotTried(_))))
            {
                started[i] = true;
                results[i] = Some(Result_::NotTried(stop));
            } else if waits
                .iter()
                .all(|&j| matches!(results[j], Some(Result_::Done(_))))
            {
                started[i] = true;
                let work = start(i);
                running.push(async move { (i, work.await) });
            }
        }
        let Some((i, result)) = running.next().await else {
            break;
        };
        results[i] = Some(match result {
            Ok(id) => Result_::Done(id),
            Err(e) => Result_::Failed(e),
        });
    }
    // A cycle (never ready) is not tried, waiting on its first wait.
    results
        .into_iter()
        .enumerate()
        .map(|(i, r)| {
            r.unwrap_or_else(|| Result_::NotTried(changes[i].after.first().copied().unwrap_or(i)))
        })
        .collect()
}

/// After a create whose answer was lost (`err.maybe_applied`): the order is never sent again;
/// `found` are the ids of the resources of that name now (the plan found none before it). One
/// is the one it made, and the change goes on with it; none or several fail, saying why.
pub fn after_lost_create(
    err: Error,
    what: &str,
    name: &str,
    list: &str,
    found: Result<Vec<String>>,
) -> Result<String> {
    let err = err.hint(format!(
        "the request was NOT sent again, so that one apply never creates two {what}s"
    ));
    match found {
        Ok(found) => match found.as_slice() {
            [id] => {
                crate::log::line(
                    crate::log::PROGRESS,
                    format!("the answer was lost, but {what} `{name}` exists: {id}; not sent again"),
                );
                Ok(id.clone())
            }
            [] => Err(err.hint(format!(
                "no {what} named `{name}` has appeared; check `{}` before running apply again",
                crate::hint::cc(list)
            ))),
            several => Err(err.hint(format!(
                "{what}s named `{name}` appeared: {}",
                several.join(", ")
            ))),
        },
        Err(lookup) => Err(err.hint(format!(
            "looking for a {what} named `{name}` failed too ({}); check `{}` before running apply again",
            lookup.message,
            crate::hint::cc(list)
        ))),
    }
}

/// `apply -o json`: `{"results": [{"action", "provider", "kind", "name", "id", "result",
/// "error"}], "summary": {"done", "failed", "not_tried"}}`.
pub fn to_json(changes: &[Change], results: &[Result_]) -> Value {
    let rows: Vec<Value> = changes
        .iter()
        .zip(results)
        .map(|(c, r)| {
            let id = match r {
                Result_::Done(Some(id)) => Some(id.clone()),
                _ => c.id.clone(),
            };
            let error = match r {
                Result_::Failed(e) => Value::from(e.message.clone()),
                Result_::NotTried(j) => Value::from(format!(
                    "waits for {} `{}`, which did not happen",
                    changes[*j].kind.what, changes[*j].name
                )),
                Result_::Done(_) => Value::Null,
            };
            json!({
                "action": c.action.as_str(),
                "provider": c.provider.id(),
                "kind": c.kind.what,
                "name": c.path(),
                "id": id,
                "result": r.as_str(),
                "error": error,
            })
        })
        .collect();
    let count = |w: &str| results.iter().filter(|r| r.as_str() == w).count();
    json!({
        "results": rows,
        "summary": {"done": count("done"), "failed": count("failed"), "not_tried": count("not_tried")},
    })
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;
    use crate::desired::{Action, Kind};
    use crate::provider::ProviderName;

    const KIND: Kind = Kind {
        key: "things",
        what: "thing",
        identity: &["name"],
        fields: &[],
        children: &[],
        managed: true,
    };

    fn change(name: &str, after: &[usize]) -> Change {
        Change {
            action: Action::Create,
            provider: ProviderName::Orange,
            kind: &KIND,
            name: name.into(),
            id: None,
            fields: BTreeMap::new(),
            want: BTreeMap::new(),
            parents: Vec::new(),
            after: after.to_vec(),
            line: Some(1),
        }
    }

    #[tokio::test]
    async fn a_failure_stops_only_what_waits_for_it() {
        // 0 fails; 1 waits for 0; 2 waits for 1; 3 is independent; 4 waits for 3.
        let changes = vec![
            change("a", &[]),
            change("b", &[0]),
            change("c", &[1]),
            change("d", &[]),
            change("e", &[3]),
        ];
        let tried = std::cell::RefCell::new(Vec::new());
        let results = run(&changes, |i| {
            tried.borrow_mut().push(i);
            Box::pin(async move {
                if i == 0 {
                    Err(Error::internal("boom"))
                } else {
                    Ok(Some(format!("id-{i}")))
                }
            })
        })
        .await;
        let words: Vec<&str> = results.iter().map(Result_::as_str).collect();
        assert_eq!(words, ["failed", "not_tried", "not_tried", "done", "done"]);
        assert!(matches!(results[2], Result_::NotTried(1)));
        let mut tried = tried.into_inner();
        tried.sort_unstable();
        assert_eq!(tried, [0, 3, 4], "nothing waiting on a failure was started");
        let json = to_json(&changes, &results);
        assert_eq!(
            json["summary"],
            json!({"done": 2, "failed": 1, "not_tried": 2})
        );
        assert_eq!(json["results"][4]["id"], "id-4");
        assert_eq!(
            json["results"][1]["error"],
            "waits for thing `a`, which did not happen"
        );
    }

    #[tokio::test]
    async fn independent_changes_run_at_once() {
        let changes = vec![change("a", &[]), change("b", &[]), change("c", &[0, 1])];
        let (tx, rx) = tokio::sync::watch::channel(0usize);
        let results = run(&changes, |i| {
            let (tx, mut rx) = (tx.clone(), rx.clone());
            Box::pin(async move {
                tx.send_modify(|n| *n += 1);
                if i < 2 {
                    // Both first changes must be running before either ends.
                    rx.wait_for(|n| *n >= 2).await.unwrap();
                }
                Ok(None)
            })
        })
        .await;
        assert!(results.iter().all(|r| matches!(r, Result_::Done(None))));
    }

    #[test]
    fn a_lost_create_is_never_resent_and_one_found_goes_on() {
        let lost = || Error::internal("reset");
        let found = after_lost_create(lost(), "thing", "a", "cc x list", Ok(vec!["i".into()]));
        assert_eq!(found.unwrap(), "i");
        let none = after_lost_create(lost(), "thing", "a", "cc x list", Ok(vec![])).unwrap_err();
        assert!(none.hints[0].contains("NOT sent again"), "{:?}", none.hints);
        assert!(none.hints[1].contains("has appeared"), "{:?}", none.hints);
        let two = after_lost_create(lost(), "thing", "a", "l", Ok(vec!["i".into(), "j".into()]));
        assert!(two.unwrap_err().hints[1].ends_with("appeared: i, j"));
    }
}
