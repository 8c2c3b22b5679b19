//! What can go wrong with the store, worded for the person running Statecraft.

use std::fmt;
use std::path::PathBuf;

use rusqlite::ErrorCode;

/// A store failure. `Display` says what happened and what to do about it.
#[derive(Debug)]
pub enum StoreError {
    /// The database file could not be opened or set up.
    Open { path: PathBuf, source: rusqlite::Error },
    /// The file was written by a newer Statecraft, with a schema this build does not know.
    TooNew { path: PathBuf, found: i64, known: i64 },
    /// Opened read-only, the file has an older schema that would need an upgrade (a write).
    TooOld { path: PathBuf, found: i64, known: i64 },
    /// Upgrading the schema to `version` failed (nothing of that step was applied).
    Migration { path: PathBuf, version: i64, source: rusqlite::Error },
    /// A query or write failed.
    Sql(rusqlite::Error),
    /// A stored value could not be read back (the file was damaged or edited by hand).
    Corrupt(String),
    /// The caller's sink failed while rows were being streamed to it (e.g. writing a file).
    Output(String),
}

impl fmt::Display for StoreError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            StoreError::Open { path, source } => match source.sqlite_error_code() {
                Some(ErrorCode::NotADatabase) => write!(
                    f,
                    "{} is not a SQLite database; give the path of a Statecraft database or of a new file",
                    path.display()
                ),
                Some(ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked) => write!(
                    f,
                    "database {} is locked by another process; wait for it to finish and retry",
                    path.display()
                ),
                _ => write!(f, "cannot open database {}: {source}; check the path and permissions", path.display()),
            },
            StoreError::TooNew { path, found, known } => write!(
                f,
                "database {} has schema version {found}, but this Statecraft knows versions up to {known}; \
                 upgrade Statecraft or use another database file",
                path.display()
            ),
            StoreError::TooOld { path, found, known } => write!(
                f,
                "database {} has schema version {found}, older than this Statecraft's {known}, and was opened \
                 read-only; upgrade it by opening it once for writing (`statecraft ingest` of any file into it), then retry",
                path.display()
            ),
            StoreError::Migration { path, version, source } => write!(
                f,
                "cannot upgrade database {} to schema version {version}: {source}; \
                 the database was left as it was: check free disk space and permissions, then retry",
                path.display()
            ),
            StoreError::Sql(e) => match e.sqlite_error_code() {
                Some(ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked) => {
                    write!(f, "database is locked by another process ({e}); wait for it to finish and retry")
                }
                Some(ErrorCode::DiskFull) => write!(f, "database write failed: {e}; free some disk space and retry"),
                Some(ErrorCode::ReadOnly | ErrorCode::PermissionDenied) => {
                    write!(f, "database write failed: {e}; check that the database file and its folder are writable")
                }
                Some(ErrorCode::DatabaseCorrupt | ErrorCode::NotADatabase) => {
                    write!(f, "database file is damaged: {e}; restore it from a backup or start a new one")
                }
                _ => write!(f, "database error: {e}"),
            },
            StoreError::Corrupt(what) => write!(
                f,
                "database holds a value Statecraft cannot read ({what}); \
                 the file may be damaged or edited by another program: restore it or start a new one"
            ),
            StoreError::Output(what) => write!(f, "cannot write output: {what}"),
        }
    }
}

impl std::error::Error for StoreError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            StoreError::Open { source, .. } | StoreError::Migration { source, .. } | StoreError::Sql(source) => {
                Some(source)
            }
            _ => None,
        }
    }
}

impl From<rusqlite::Error> for StoreError {
    fn from(e: rusqlite::Error) -> StoreError {
        StoreError::Sql(e)
    }
}

/// So that export callbacks can use `?` on their writes.
impl From<std::io::Error> for StoreError {
    fn from(e: std::io::Error) -> StoreError {
        StoreError::Output(e.to_string())
    }
}

impl From<serde_json::Error> for StoreError {
    fn from(e: serde_json::Error) -> StoreError {
        StoreError::Output(e.to_string())
    }
}

impl From<csv::Error> for StoreError {
    fn from(e: csv::Error) -> StoreError {
        StoreError::Output(e.to_string())
    }
}
