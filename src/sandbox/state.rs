//! What the in-process sandbox (`--sandbox`) keeps between commands, so that what one command
//! creates is there for the next and every hint it prints works: every simulator's resources in
//! one file, `$XDG_STATE_HOME/cc/sandbox.json` (`~/.local/state/cc/sandbox.json` when unset).
//!
//! Each request is served under an advisory lock on `sandbox.lock` beside it (std's file lock,
//! so that concurrent commands take turns); the file is read again when another command wrote
//! it since, and written after a request that changed something (a method other than `GET` and
//! `HEAD` whose resources differ from those last read or written: a token is not a change), to a
//! temporary file renamed over it, so that a reader never sees half a file.
//! The file holds a version: a file of another version, or one that does not parse, is replaced
//! by the seeded account rather than misread; it holds what each simulator's knobs seeded it
//! with, and a simulator seeded otherwise now (`CC_SANDBOX_HUAWEI_CONNECTIONS=2500`) starts from
//! its seed rather than take resources made under other knobs. States move on from the times stored in it
//! ([`super::skeleton::Stamp`]), not from timers of the command that wrote them. `cc sandbox`
//! (the server) keeps its state in memory and does not use this file.

use std::fs::File;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::SystemTime;

use axum::extract::Request;
use axum::http::Method;
use axum::middleware::Next;
use axum::response::Response;
use serde_json::{Map, Value, json};

use super::skeleton::Memory;
use crate::error::{Error, Result};

/// The version of the file's layout; a file of another version is replaced, not read.
pub const VERSION: u64 = 1;

/// The base directory of state files, as the XDG base directory specification names it.
const XDG_STATE_HOME: &str = "XDG_STATE_HOME";

/// `$XDG_STATE_HOME/cc/sandbox.json`, or `~/.local/state/cc/sandbox.json`.
pub fn path() -> Result<PathBuf> {
    let from = |var: &str| std::env::var_os(var).filter(|v| !v.is_empty());
    let base = match from(XDG_STATE_HOME) {
        Some(dir) => PathBuf::from(dir),
        None => PathBuf::from(from("HOME").ok_or_else(|| {
            Error::usage(
                "neither XDG_STATE_HOME nor HOME is set: nowhere to keep the sandbox state",
            )
        })?)
        .join(".local/state"),
    };
    Ok(base.join("cc").join("sandbox.json"))
}

/// Writes `text` to `path` atomically: a temporary file beside it, then a rename over it.
pub fn write_atomically(path: &Path, text: &str) -> std::io::Result<()> {
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir)?;
    }
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(format!(".{}.tmp", std::process::id()));
    let temporary = path.with_file_name(name);
    std::fs::write(&temporary, text)?;
    std::fs::rename(&temporary, path).inspect_err(|_| {
        let _ = std::fs::remove_file(&temporary);
    })
}

/// The lock beside the state file, held while it is read, changed or removed.
fn lock(path: &Path) -> std::io::Result<File> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)?;
    }
    let file = File::options()
        .create(true)
        .truncate(false)
        .write(true)
        .open(path.with_extension("lock"))?;
    file.lock()?;
    Ok(file)
}

/// What tells one version of the file from another without reading it.
type Seen = Option<(u64, SystemTime)>;

fn seen(path: &Path) -> Seen {
    let meta = std::fs::metadata(path).ok()?;
    Some((meta.len(), meta.modified().ok()?))
}

/// `mutex`, locked; poisoned or not (what it guards is replaced whole).
fn held<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// The state file of one in-process sandbox and the simulators it saves.
pub struct Store {
    path: PathBuf,
    memories: Vec<Memory>,
    /// The file as this process last read or wrote it.
    seen: Mutex<Seen>,
    /// The resources as last read, written, or seeded (what a save compares with).
    last: Mutex<String>,
    /// One request at a time in this process (the file lock orders the processes).
    turn: tokio::sync::Mutex<()>,
}

impl Store {
    /// The store at `path` for `memories` (read at the first request).
    pub fn new(path: PathBuf, memories: Vec<Memory>) -> Store {
        let mut store = Store {
            path,
            memories,
            seen: Mutex::new(None),
            last: Mutex::new(String::new()),
            turn: tokio::sync::Mutex::new(()),
        };
        let seeded = store.text().unwrap_or_default();
        store.last = Mutex::new(seeded);
        store
    }

    /// Every simulator's resources, as the file holds them.
    fn text(&self) -> serde_json::Result<String> {
        let mut providers = Map::new();
        let mut seeding = Map::new();
        for memory in &self.memories {
            providers.insert(memory.key.to_string(), memory.save()?);
            seeding.insert(memory.key.to_string(), json!(memory.seeding));
        }
        Ok(json!({ "version": VERSION, "seeding": seeding, "providers": providers }).to_string())
    }

    /// Serves `request` under the lock, with the state read before and saved after a change.
    /// A state that cannot be kept (an unwritable directory) is a warning: the command still
    /// runs, against the state in memory.
    pub async fn serve(&self, request: Request, next: Next) -> Response {
        let _turn = self.turn.lock().await;
        let held = match lock(&self.path) {
            Ok(file) => Some(file),
            Err(e) => {
                self.warn("cannot lock", &e.to_string());
                None
            }
        };
        if held.is_some() {
            self.refresh();
        }
        let changes = !matches!(*request.method(), Method::GET | Method::HEAD);
        let response = next.run(request).await;
        if held.is_some() && changes {
            self.save();
        }
        response
    }

    /// Reads the file into the simulators if another command wrote it since.
    fn refresh(&self) {
        let now = seen(&self.path);
        let mut last = held(&self.seen);
        if now.is_none() || now == *last {
            return;
        }
        *last = now;
        let saved = std::fs::read_to_string(&self.path)
            .ok()
            .and_then(|text| serde_json::from_str::<Value>(&text).ok())
            .filter(|saved| saved["version"] == VERSION);
        let Some(mut saved) = saved else {
            crate::log::note(format!(
                "the sandbox state in {} is of another version: starting from the seeded account",
                self.path.display()
            ));
            return;
        };
        for memory in &self.memories {
            if saved["seeding"][memory.key] != memory.seeding.as_str() {
                crate::log::note(format!(
                    "the sandbox state in {} holds {} seeded otherwise (CC_SANDBOX_* knobs): starting it from its seed",
                    self.path.display(),
                    memory.key
                ));
                continue;
            }
            let resources = saved["providers"][memory.key].take();
            if let Err(e) = memory.load(resources) {
                self.warn("cannot read", &format!("{}: {e}", memory.key));
            }
        }
        *held(&self.last) = self.text().unwrap_or_default();
    }

    /// Writes every simulator's resources, when they changed.
    fn save(&self) {
        let text = match self.text() {
            Ok(text) => text,
            Err(e) => return self.warn("cannot save", &e.to_string()),
        };
        let mut last = held(&self.last);
        if *last == text {
            return;
        }
        match write_atomically(&self.path, &text) {
            Ok(()) => {
                *held(&self.seen) = seen(&self.path);
                *last = text;
            }
            Err(e) => self.warn("cannot write", &e.to_string()),
        }
    }

    fn warn(&self, what: &str, why: &str) {
        crate::log::warn(format!(
            "sandbox state: {what} {}: {why}",
            self.path.display()
        ));
    }
}

/// `cc sandbox reset`: removes the state file, under the lock; what it did, in a sentence.
pub fn reset() -> Result<String> {
    let path = path()?;
    let _held = lock(&path).map_err(|e| {
        Error::internal(format!("cannot lock the sandbox state {}", path.display())).caused_by(e)
    })?;
    match std::fs::remove_file(&path) {
        Ok(()) => Ok(format!(
            "removed {}: `--sandbox` starts again from the seeded accounts",
            path.display()
        )),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(format!(
            "no sandbox state at {}: `--sandbox` already starts from the seeded accounts",
            path.display()
        )),
        Err(e) => Err(Error::internal(format!("cannot remove {}", path.display())).caused_by(e)),
    }
}
