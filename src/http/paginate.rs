//! Fetching whole collections: offset/limit pages, marker pages, and list-of-ids fan-out.
//!
//! Every list command prints one table or one JSON array, so the pages are gathered here and
//! handed on as one `Vec`. `--limit N` stops fetching once N items are in hand.

use std::future::Future;

use futures_util::{StreamExt, TryStreamExt, stream};

use crate::error::{Error, Result};

/// One page of an offset/limit collection.
#[derive(Debug)]
pub struct OffsetPage<T> {
    /// The items of this page.
    pub items: Vec<T>,
    /// `X-Total-Count`, when the provider sends it.
    pub total: Option<usize>,
}

/// Pages fetched at once when the total is known.
const PAGE_CONCURRENCY: usize = 4;

/// Fetches pages at offsets 0, n, 2n... until the total (when known) is reached, a page comes
/// back shorter than asked or empty, or `limit` items are in hand. When the first page carries
/// the total (`X-Total-Count`), the remaining pages are fetched concurrently, so a long list
/// costs two round trips instead of one per page.
pub async fn by_offset<T, F, Fut>(
    limit: Option<usize>,
    page_size: usize,
    mut fetch: F,
) -> Result<Vec<T>>
where
    F: FnMut(usize, usize) -> Fut,
    Fut: Future<Output = Result<OffsetPage<T>>>,
{
    let mut all = Vec::new();
    let mut total = None;
    loop {
        let want = match limit {
            Some(limit) => page_size.min(limit - all.len()),
            None => page_size,
        };
        let page = fetch(all.len(), want).await?;
        let got = page.items.len();
        all.extend(page.items);
        total = total.or(page.total);
        let done = got == 0
            || got < want
            || total.is_some_and(|total| all.len() >= total)
            || limit.is_some_and(|limit| all.len() >= limit);
        if done {
            break;
        }
        if let Some(total) = total {
            let end = limit.map_or(total, |limit| limit.min(total));
            let rest: Vec<(usize, usize)> = (all.len()..end)
                .step_by(page_size)
                .map(|offset| (offset, page_size.min(end - offset)))
                .collect();
            let pages = fan_out(rest, PAGE_CONCURRENCY, |(offset, n)| fetch(offset, n)).await?;
            all.extend(pages.into_iter().flat_map(|p| p.items));
            break;
        }
    }
    if let Some(limit) = limit {
        all.truncate(limit);
    }
    Ok(all)
}

/// Fetches pages following a `next` marker until there is none, or `limit` items are in hand.
/// A marker that repeats is an unreadable response (exit 5), not an endless loop.
pub async fn by_marker<T, F, Fut>(
    provider: &'static str,
    limit: Option<usize>,
    mut fetch: F,
) -> Result<Vec<T>>
where
    F: FnMut(Option<String>) -> Fut,
    Fut: Future<Output = Result<(Vec<T>, Option<String>)>>,
{
    let mut all = Vec::new();
    let mut marker: Option<String> = None;
    loop {
        let (items, next) = fetch(marker.clone()).await?;
        let empty = items.is_empty();
        all.extend(items);
        if limit.is_some_and(|limit| all.len() >= limit) {
            all.truncate(limit.unwrap_or(usize::MAX));
            return Ok(all);
        }
        match next.filter(|n| !n.is_empty()) {
            Some(next) if !empty => {
                if marker.as_deref() == Some(next.as_str()) {
                    return Err(Error::malformed(
                        provider,
                        format!("the provider returned the same page marker `{next}` twice"),
                    ));
                }
                marker = Some(next);
            }
            _ => return Ok(all),
        }
    }
}

/// Runs `fetch` for every id, at most `concurrency` at a time, keeping the order of `ids`.
pub async fn fan_out<I, T, F, Fut>(ids: Vec<I>, concurrency: usize, fetch: F) -> Result<Vec<T>>
where
    F: FnMut(I) -> Fut,
    Fut: Future<Output = Result<T>>,
{
    stream::iter(ids)
        .map(fetch)
        .buffered(concurrency.max(1))
        .try_collect()
        .await
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::cell::Cell;

    fn run<F: Future>(f: F) -> F::Output {
        tokio::runtime::Builder::new_current_thread()
            .build()
            .unwrap()
            .block_on(f)
    }

    #[test]
    fn offset_stops_on_short_page_total_or_limit() {
        let data: Vec<u32> = (0..45).collect();
        let calls = Cell::new(0);
        let fetch = |offset: usize, n: usize| {
            calls.set(calls.get() + 1);
            let items = data.iter().skip(offset).take(n).copied().collect();
            async move { Ok(OffsetPage { items, total: None }) }
        };
        assert_eq!(run(by_offset(None, 20, fetch)).unwrap(), data);
        assert_eq!(calls.get(), 3);

        calls.set(0);
        let with_total = |offset: usize, n: usize| {
            calls.set(calls.get() + 1);
            let items = data.iter().skip(offset).take(n).copied().collect();
            async move {
                Ok(OffsetPage {
                    items,
                    total: Some(40),
                })
            }
        };
        assert_eq!(run(by_offset(None, 20, with_total)).unwrap().len(), 40);
        assert_eq!(calls.get(), 2);

        let limited = |offset: usize, n: usize| {
            let items = data.iter().skip(offset).take(n).copied().collect();
            async move { Ok(OffsetPage { items, total: None }) }
        };
        assert_eq!(
            run(by_offset(Some(25), 20, limited)).unwrap(),
            (0..25).collect::<Vec<_>>()
        );
    }

    #[test]
    fn with_a_total_the_remaining_pages_are_fetched_concurrently() {
        let data: Vec<u32> = (0..100).collect();
        let (in_flight, max_in_flight) = (Cell::new(0), Cell::new(0));
        let fetch = |offset: usize, n: usize| {
            let items = data.iter().skip(offset).take(n).copied().collect();
            let (in_flight, max_in_flight) = (&in_flight, &max_in_flight);
            async move {
                in_flight.set(in_flight.get() + 1);
                max_in_flight.set(max_in_flight.get().max(in_flight.get()));
                tokio::task::yield_now().await;
                in_flight.set(in_flight.get() - 1);
                Ok(OffsetPage {
                    items,
                    total: Some(100),
                })
            }
        };
        assert_eq!(run(by_offset(None, 20, fetch)).unwrap(), data);
        assert_eq!(max_in_flight.get(), PAGE_CONCURRENCY);
    }

    #[test]
    fn marker_follows_and_detects_loops() {
        let fetch = |marker: Option<String>| async move {
            let start: u32 = marker.map(|m| m.parse().unwrap()).unwrap_or(0);
            let items: Vec<u32> = (start..(start + 10).min(25)).collect();
            let next = (start + 10 < 25).then(|| (start + 10).to_string());
            Ok((items, next))
        };
        assert_eq!(run(by_marker("test", None, fetch)).unwrap().len(), 25);
        let looping = |_m: Option<String>| async move { Ok((vec![1], Some("same".to_string()))) };
        let err = run(by_marker("test", None, looping)).unwrap_err();
        assert_eq!(err.exit_code(), 5);
    }

    #[test]
    fn fan_out_keeps_order() {
        let out = run(fan_out(vec![3, 1, 2], 2, |i| async move { Ok(i * 10) })).unwrap();
        assert_eq!(out, vec![30, 10, 20]);
    }
}
