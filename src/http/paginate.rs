//! Fetching whole collections: offset/limit pages, marker pages, and list-of-ids fan-out.
//!
//! Every list command prints one table or one JSON array, so the pages are gathered here and
//! handed on as one `Vec`. `--limit N` stops fetching once N items are in hand.
//!
//! Round trips, not CPU, are what a user waits for, so offset paging keeps the critical path
//! short: when the first page comes back full, the next pages are asked for together (a bounded
//! window, in order), whether or not the provider sends a total. Without a total the pages past
//! the next one are *speculative*: they may turn out to lie past the end, so they are marked as
//! such (`-vv` shows it), nothing is asked for past a page that came back short or empty, and
//! the answers still in flight then are dropped. A look-up after one item stops at the page that
//! holds it.
//!
//! A list always ends (`CLI.md` §5, bounds): a marker seen before, a page that adds no item not
//! already in hand, or more than [`max_items`] items is exit 5 naming the provider and what
//! looped, whatever the server says of its totals; an item that comes back on a later page is
//! dropped, with one warning.

use std::collections::HashSet;
use std::future::Future;

use futures_util::stream::FuturesOrdered;
use futures_util::{FutureExt, StreamExt, TryStreamExt, stream};

use crate::error::{Error, Result};
use crate::provider::ProviderName;

/// The most items a list gathers, 100,000 unless `CC_MAX_ITEMS` says more (or less).
pub fn max_items() -> Result<usize> {
    let var = crate::env::CC_MAX_ITEMS;
    match var.value() {
        None => Ok(100_000),
        Some(text) => text.trim().parse().map_err(|_| {
            Error::usage(format!(
                "{} `{text}`: expected a number of items, e.g. 500000",
                var.name
            ))
        }),
    }
}

/// What makes an item the same as another across pages: its `id`, or the whole object when it
/// has none.
pub fn identity(item: &serde_json::Value) -> String {
    match item.get("id") {
        Some(id) => id.to_string(),
        None => item.to_string(),
    }
}

/// The items of a list gathered so far, and what keeps the list finite.
struct Gathered<T> {
    provider: ProviderName,
    key: fn(&T) -> String,
    items: Vec<T>,
    seen: HashSet<String>,
    dropped: usize,
    max: usize,
}

impl<T> Gathered<T> {
    fn new(provider: ProviderName, key: fn(&T) -> String) -> Result<Self> {
        Ok(Gathered {
            provider,
            key,
            items: Vec::new(),
            seen: HashSet::new(),
            dropped: 0,
            max: max_items()?,
        })
    }

    /// Adds a page: items already in hand are dropped; a page with items but none new, or one
    /// past the bound, ends the list (exit 5).
    fn add(&mut self, page: Vec<T>) -> Result<()> {
        let (got, before) = (page.len(), self.items.len());
        for item in page {
            if self.seen.insert((self.key)(&item)) {
                self.items.push(item);
            } else {
                self.dropped += 1;
            }
        }
        if got > 0 && self.items.len() == before {
            return Err(self.looped(format!(
                "a page of {got} items added none that was not already in hand"
            )));
        }
        if self.items.len() > self.max {
            return Err(self
                .looped(format!("the list passed {} items", self.max))
                .hint(format!(
                    "{}=N raises the bound",
                    crate::env::CC_MAX_ITEMS.name
                )));
        }
        Ok(())
    }

    fn looped(&self, what: String) -> Error {
        Error::malformed(
            self.provider,
            format!("{}: paging stopped: {what}", self.provider),
        )
    }

    /// The items, with a warning if any came twice.
    fn finish(self) -> Vec<T> {
        if self.dropped > 0 {
            crate::log::warn(format!(
                "{}: {} item(s) came back on more than one page; each is listed once",
                self.provider, self.dropped
            ));
        }
        self.items
    }
}

/// One page of an offset/limit collection.
#[derive(Debug)]
pub struct OffsetPage<T> {
    /// The items of this page.
    pub items: Vec<T>,
    /// `X-Total-Count`, when the provider sends it.
    pub total: Option<usize>,
}

/// Which page to fetch.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PageRequest {
    /// Index of the first item.
    pub offset: usize,
    /// Items asked for.
    pub limit: usize,
    /// Asked for before the pages before it were known to be full (no total was given): it may
    /// lie past the end of the collection. Logged at `-vv`.
    pub speculative: bool,
}

/// Pages in flight at once, once the first page came back full.
pub const PAGE_CONCURRENCY: usize = 4;

/// Fetches a whole offset/limit collection (or its first `limit` items). See
/// [`by_offset_until`].
pub async fn by_offset<T, F, Fut>(
    (provider, key): (ProviderName, fn(&T) -> String),
    limit: Option<usize>,
    page_size: usize,
    fetch: F,
) -> Result<Vec<T>>
where
    F: FnMut(PageRequest) -> Fut,
    Fut: Future<Output = Result<OffsetPage<T>>>,
{
    by_offset_until((provider, key), limit, page_size, |_: &T| false, fetch).await
}

/// Fetches pages at offsets 0, n, 2n... until the total (when known) is reached, a page comes
/// back shorter than asked or empty, `limit` items are in hand, or a page holds an item for
/// which `found` is true (a look-up by id: that page is the last one kept). The first page is
/// fetched alone; once it is full, up to [`PAGE_CONCURRENCY`] pages are in flight, answers are
/// taken in order, and no page is asked for past the total, the limit, or a short page. Pages
/// asked for before the total or the fullness of the pages before them is known are marked
/// [`PageRequest::speculative`].
pub async fn by_offset_until<T, S, F, Fut>(
    (provider, key): (ProviderName, fn(&T) -> String),
    limit: Option<usize>,
    page_size: usize,
    found: S,
    mut fetch: F,
) -> Result<Vec<T>>
where
    S: Fn(&T) -> bool,
    F: FnMut(PageRequest) -> Fut,
    Fut: Future<Output = Result<OffsetPage<T>>>,
{
    let page_size = page_size.max(1);
    let mut all = Gathered::new(provider, key)?;
    let mut total: Option<usize> = None;
    // Offset of the next page to ask for, and whether a page has been answered yet.
    let mut next = 0;
    let mut answered = false;
    let mut pending = FuturesOrdered::new();
    'pages: loop {
        let end = match (limit, total) {
            (Some(limit), Some(total)) => Some(limit.min(total)),
            (one, other) => one.or(other),
        };
        let window = if answered { PAGE_CONCURRENCY } else { 1 };
        while pending.len() < window && end.is_none_or(|end| next < end) {
            let want = end.map_or(page_size, |end| page_size.min(end - next));
            let request = PageRequest {
                offset: next,
                limit: want,
                speculative: total.is_none() && !pending.is_empty(),
            };
            pending.push_back(fetch(request).map(move |page| (want, page)));
            next += want;
        }
        let Some(mut answer) = pending.next().await else {
            break;
        };
        // Every answer already in is read before the window is refilled, so that a short page
        // that arrived with the others stops it without one more guess.
        loop {
            let (want, page) = answer;
            let page = page?;
            answered = true;
            let got = page.items.len();
            let hit = page.items.iter().any(&found);
            all.add(page.items)?;
            total = total.or(page.total);
            let held = all.items.len();
            // More than asked: the provider ignored `limit` and sent the rest in one page.
            let done = hit
                || got == 0
                || got != want
                || total.is_some_and(|total| held >= total)
                || limit.is_some_and(|limit| held >= limit);
            if done {
                // Pages still in flight lie past what is needed: dropped unread.
                break 'pages;
            }
            match pending.next().now_or_never() {
                Some(Some(next)) => answer = next,
                _ => break,
            }
        }
    }
    let mut all = all.finish();
    if let Some(limit) = limit {
        all.truncate(limit);
    }
    Ok(all)
}

/// Fetches pages following a `next` marker until there is none, or `limit` items are in hand.
/// A marker seen before, a page that adds nothing new, or too many items is exit 5, not an
/// endless loop.
pub async fn by_marker<T, F, Fut>(
    (provider, key): (ProviderName, fn(&T) -> String),
    limit: Option<usize>,
    mut fetch: F,
) -> Result<Vec<T>>
where
    F: FnMut(Option<String>) -> Fut,
    Fut: Future<Output = Result<(Vec<T>, Option<String>)>>,
{
    let mut all = Gathered::new(provider, key)?;
    let mut markers: HashSet<String> = HashSet::new();
    let mut marker: Option<String> = None;
    loop {
        let (items, next) = fetch(marker.clone()).await?;
        let empty = items.is_empty();
        all.add(items)?;
        if limit.is_some_and(|limit| all.items.len() >= limit) {
            let mut all = all.finish();
            all.truncate(limit.unwrap_or(usize::MAX));
            return Ok(all);
        }
        match next.filter(|n| !n.is_empty()) {
            Some(next) if !empty => {
                if !markers.insert(next.clone()) {
                    return Err(all.looped(format!(
                        "the page marker {} came back after {} pages",
                        crate::http::excerpt(next.as_bytes()),
                        markers.len()
                    )));
                }
                marker = Some(next);
            }
            _ => return Ok(all.finish()),
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
    use std::cell::{Cell, RefCell};

    /// The provider errors name, and what tells the numbers of the fake collections apart.
    const NUMBERS: (ProviderName, fn(&u32) -> String) = (ProviderName::Orange, |n| n.to_string());

    fn run<F: Future>(f: F) -> F::Output {
        tokio::runtime::Builder::new_current_thread()
            .build()
            .unwrap()
            .block_on(f)
    }

    /// A fake collection of `len` numbers, `total` sent or not, that records every request, the
    /// requests in flight at once, and the order of requests and answers.
    struct Fake {
        data: Vec<u32>,
        total: Option<usize>,
        requests: RefCell<Vec<PageRequest>>,
        /// `+offset` when asked, `-offset` when answered.
        events: RefCell<Vec<i64>>,
        in_flight: Cell<usize>,
        max_in_flight: Cell<usize>,
    }

    impl Fake {
        fn new(len: u32, send_total: bool) -> Fake {
            Fake {
                data: (0..len).collect(),
                total: send_total.then_some(len as usize),
                requests: RefCell::default(),
                events: RefCell::default(),
                in_flight: Cell::new(0),
                max_in_flight: Cell::new(0),
            }
        }

        fn fetch(&self, r: PageRequest) -> impl Future<Output = Result<OffsetPage<u32>>> + '_ {
            self.requests.borrow_mut().push(r);
            self.events.borrow_mut().push(r.offset as i64);
            self.in_flight.set(self.in_flight.get() + 1);
            self.max_in_flight
                .set(self.max_in_flight.get().max(self.in_flight.get()));
            let items = self
                .data
                .iter()
                .skip(r.offset)
                .take(r.limit)
                .copied()
                .collect();
            async move {
                // Later pages answer first, so that the order of the results is tested.
                for _ in 0..(100 - r.offset.min(100)) / 20 {
                    tokio::task::yield_now().await;
                }
                self.in_flight.set(self.in_flight.get() - 1);
                self.events.borrow_mut().push(-(r.offset as i64));
                Ok(OffsetPage {
                    items,
                    total: self.total,
                })
            }
        }

        fn offsets(&self) -> Vec<usize> {
            self.requests.borrow().iter().map(|r| r.offset).collect()
        }

        fn speculative(&self) -> Vec<usize> {
            let requests = self.requests.borrow();
            requests
                .iter()
                .filter(|r| r.speculative)
                .map(|r| r.offset)
                .collect()
        }
    }

    #[test]
    fn a_short_first_page_is_the_only_request() {
        let fake = Fake::new(5, false);
        assert_eq!(
            run(by_offset(NUMBERS, None, 20, |r| fake.fetch(r)))
                .unwrap()
                .len(),
            5
        );
        assert_eq!(fake.offsets(), [0]);
        assert!(fake.speculative().is_empty());
    }

    #[test]
    fn without_a_total_the_next_pages_are_fetched_ahead_in_order() {
        let fake = Fake::new(45, false);
        let all = run(by_offset(NUMBERS, None, 20, |r| fake.fetch(r))).unwrap();
        assert_eq!(all, (0..45).collect::<Vec<_>>(), "every item, in order");
        // The first page alone, then a window of four: the page after the first full one is
        // needed, the three beyond it are guesses.
        assert_eq!(fake.offsets(), [0, 20, 40, 60, 80]);
        assert_eq!(fake.speculative(), [40, 60, 80]);
        assert_eq!(fake.max_in_flight.get(), PAGE_CONCURRENCY);
        // Nothing is asked for once the short page (offset 40) has answered.
        let events = fake.events.borrow();
        let short = events.iter().position(|e| *e == -40).unwrap();
        assert!(events[short..].iter().all(|e| *e <= 0), "{events:?}");
    }

    #[test]
    fn three_full_pages_cost_two_rounds_and_stop_at_the_empty_one() {
        let fake = Fake::new(60, false);
        assert_eq!(
            run(by_offset(NUMBERS, None, 20, |r| fake.fetch(r)))
                .unwrap()
                .len(),
            60
        );
        assert_eq!(fake.offsets(), [0, 20, 40, 60, 80]);
        // The empty page at 60 ends it: the window is not refilled past it.
        let events = fake.events.borrow();
        let empty = events.iter().position(|e| *e == -60).unwrap();
        assert!(events[empty..].iter().all(|e| *e <= 0), "{events:?}");
    }

    #[test]
    fn a_long_list_keeps_the_window_full_and_bounded() {
        let fake = Fake::new(200, false);
        assert_eq!(
            run(by_offset(NUMBERS, None, 20, |r| fake.fetch(r)))
                .unwrap()
                .len(),
            200
        );
        assert_eq!(fake.max_in_flight.get(), PAGE_CONCURRENCY);
        let offsets = fake.offsets();
        assert_eq!(offsets.first(), Some(&0));
        // The empty page at 200 and at most three guesses past it.
        assert!(offsets.contains(&200));
        assert!(offsets.iter().all(|o| *o <= 260), "{offsets:?}");
    }

    #[test]
    fn with_a_total_nothing_is_speculative_or_past_the_end() {
        let fake = Fake::new(100, true);
        assert_eq!(
            run(by_offset(NUMBERS, None, 20, |r| fake.fetch(r))).unwrap(),
            (0..100).collect::<Vec<_>>()
        );
        assert_eq!(fake.offsets(), [0, 20, 40, 60, 80]);
        assert!(fake.speculative().is_empty());
        assert_eq!(fake.max_in_flight.get(), PAGE_CONCURRENCY);

        let fake = Fake::new(40, true);
        assert_eq!(
            run(by_offset(NUMBERS, None, 20, |r| fake.fetch(r)))
                .unwrap()
                .len(),
            40
        );
        assert_eq!(
            fake.offsets(),
            [0, 20],
            "the total ends it without an empty page"
        );
    }

    #[test]
    fn the_limit_bounds_every_request() {
        let fake = Fake::new(100, false);
        let got = run(by_offset(NUMBERS, Some(45), 20, |r| fake.fetch(r))).unwrap();
        assert_eq!(got, (0..45).collect::<Vec<_>>());
        let requests = fake.requests.borrow();
        let asked: Vec<(usize, usize)> = requests.iter().map(|r| (r.offset, r.limit)).collect();
        assert_eq!(asked, [(0, 20), (20, 20), (40, 5)]);

        let fake = Fake::new(100, false);
        assert_eq!(
            run(by_offset(NUMBERS, Some(7), 20, |r| fake.fetch(r)))
                .unwrap()
                .len(),
            7
        );
        assert_eq!(fake.offsets(), [0]);
    }

    #[test]
    fn a_look_up_stops_at_the_page_that_holds_it() {
        let fake = Fake::new(100, false);
        let got = run(by_offset_until(
            NUMBERS,
            None,
            20,
            |i| *i == 5,
            |r| fake.fetch(r),
        ))
        .unwrap();
        assert_eq!(got, (0..20).collect::<Vec<_>>());
        assert_eq!(
            fake.offsets(),
            [0],
            "found on the first page: no second request"
        );

        let fake = Fake::new(100, false);
        let got = run(by_offset_until(
            NUMBERS,
            None,
            20,
            |i| *i == 25,
            |r| fake.fetch(r),
        ))
        .unwrap();
        assert_eq!(
            got,
            (0..40).collect::<Vec<_>>(),
            "up to the page holding it"
        );

        let fake = Fake::new(30, false);
        let got = run(by_offset_until(
            NUMBERS,
            None,
            20,
            |i| *i == 99,
            |r| fake.fetch(r),
        ))
        .unwrap();
        assert_eq!(got.len(), 30, "a miss reads the whole list");
    }

    #[test]
    fn an_error_on_a_needed_page_is_returned() {
        let err = run(by_offset(NUMBERS, None, 20, |r: PageRequest| async move {
            if r.offset == 0 {
                Ok(OffsetPage {
                    items: vec![0u32; 20],
                    total: None,
                })
            } else {
                Err(Error::malformed(
                    crate::http::testing::a_provider(),
                    "bad page",
                ))
            }
        }))
        .unwrap_err();
        assert_eq!(err.exit_code(), 5);
    }

    #[test]
    fn a_page_larger_than_asked_is_the_whole_list() {
        let calls = Cell::new(0);
        let got = run(by_offset(NUMBERS, None, 20, |_| {
            calls.set(calls.get() + 1);
            async move {
                Ok(OffsetPage {
                    items: (0..30u32).collect(),
                    total: None,
                })
            }
        }))
        .unwrap();
        assert_eq!((got.len(), calls.get()), (30, 1));
    }

    #[test]
    fn a_cycle_of_markers_ends_the_list_with_exit_5() {
        // A -> B -> A, each page with new items: only the marker gives the loop away.
        let pages = Cell::new(0u32);
        let cycling = |marker: Option<String>| {
            pages.set(pages.get() + 1);
            let n = pages.get();
            let next = match marker.as_deref() {
                None | Some("A") => "B",
                _ => "A",
            };
            async move { Ok((vec![n * 10, n * 10 + 1], Some(next.to_string()))) }
        };
        let err = run(by_marker(NUMBERS, None, cycling)).unwrap_err();
        assert_eq!(err.exit_code(), 5);
        assert!(
            err.message.contains("marker `B` came back"),
            "{}",
            err.message
        );
        assert_eq!(pages.get(), 3);
    }

    #[test]
    fn items_seen_on_an_earlier_page_are_dropped_and_a_page_of_only_those_ends_the_list() {
        // Offsets that overlap: each page repeats half of the one before.
        let fake = |r: PageRequest| async move {
            let start = (r.offset / 2) as u32;
            let items = (start..start + r.limit as u32).collect();
            Ok(OffsetPage { items, total: None })
        };
        let all = run(by_offset(NUMBERS, Some(30), 10, fake)).unwrap();
        let mut sorted = all.clone();
        sorted.dedup();
        assert_eq!(all, sorted, "no item twice");
        let same_page = |_r: PageRequest| async move {
            Ok(OffsetPage {
                items: (0..10).collect::<Vec<u32>>(),
                total: Some(1_000_000_000_000),
            })
        };
        let err = run(by_offset(NUMBERS, None, 10, same_page)).unwrap_err();
        assert_eq!(err.exit_code(), 5);
        assert!(err.message.contains("added none"), "{}", err.message);
    }

    #[test]
    fn a_list_past_its_bound_stops_with_exit_5_naming_the_variable() {
        let mut gathered = Gathered::new(NUMBERS.0, NUMBERS.1).unwrap();
        gathered.max = 15;
        gathered.add((0..10).collect()).unwrap();
        let err = gathered.add((10..20).collect()).unwrap_err();
        assert_eq!(err.exit_code(), 5);
        assert!(err.message.contains("passed 15 items"), "{}", err.message);
        assert!(err.hints[0].contains("CC_MAX_ITEMS"), "{:?}", err.hints);
    }

    #[test]
    fn marker_follows_and_detects_loops() {
        let fetch = |marker: Option<String>| async move {
            let start: u32 = marker.map(|m| m.parse().unwrap()).unwrap_or(0);
            let items: Vec<u32> = (start..(start + 10).min(25)).collect();
            let next = (start + 10 < 25).then(|| (start + 10).to_string());
            Ok((items, next))
        };
        assert_eq!(run(by_marker(NUMBERS, None, fetch)).unwrap().len(), 25);
        let looping = |_m: Option<String>| async move { Ok((vec![1], Some("same".to_string()))) };
        let err = run(by_marker(NUMBERS, None, looping)).unwrap_err();
        assert_eq!(err.exit_code(), 5);
    }

    #[test]
    fn fan_out_keeps_order() {
        let out = run(fan_out(vec![3, 1, 2], 2, |i| async move { Ok(i * 10) })).unwrap();
        assert_eq!(out, vec![30, 10, 20]);
    }
}
