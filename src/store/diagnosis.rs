//! Why the branch file could not be opened or written, found with real checks on the file, its
//! folder and its `-wal`/`-shm` companions, and said in words a branch manager can act on.

use super::error::StoreError;
use super::file_problem::{Access, Foreign, ForeignKind, ReadOnlyCause, with_suffix};
use rusqlite::ErrorCode;
use std::fs::{self, File, OpenOptions};
use std::io::{self, ErrorKind, Read, Write};
use std::path::{Path, PathBuf};

/// The first 16 bytes of every SQLite database file.
const SQLITE_HEADER: &[u8; 16] = b"SQLite format 3\0";

/// The error for a readable SQLite file that is not a branch file.
pub(super) fn not_ours(path: &Path) -> StoreError {
    StoreError::NotBranchboard(Foreign { path: path.to_path_buf(), kind: ForeignKind::OtherSqlite })
}

/// Checks that `path` names a file that can be looked at; a missing one is `NoDatabase`.
pub(super) fn check_present(path: &Path) -> Result<(), StoreError> {
    match fs::metadata(path) {
        Ok(meta) if meta.is_dir() => Err(foreign(path, ForeignKind::Folder)),
        Ok(_) => Ok(()),
        Err(e) if e.kind() == ErrorKind::NotFound => Err(StoreError::NoDatabase(path.to_path_buf())),
        Err(_) => Err(access_problem(path).unwrap_or_else(|| StoreError::NoDatabase(path.to_path_buf()))),
    }
}

/// Replaces an error SQLite reported about `path` with its cause; errors that are not SQLite's
/// pass through unchanged.
pub(super) fn explain(path: &Path, error: StoreError) -> StoreError {
    let Some(code) = sqlite_code(&error) else { return error };
    match code {
        ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked => StoreError::busy(),
        ErrorCode::DiskFull => StoreError::DiskFull(path.to_path_buf()),
        ErrorCode::DatabaseCorrupt | ErrorCode::NotADatabase => content_problem(path),
        ErrorCode::ReadOnly => access_problem(path)
            .unwrap_or_else(|| StoreError::ReadOnly(ReadOnlyCause::Unexplained { path: path.to_path_buf() })),
        ErrorCode::SystemIoFailure => access_problem(path).unwrap_or_else(|| StoreError::DiskError(path.to_path_buf())),
        ErrorCode::CannotOpen | ErrorCode::PermissionDenied | ErrorCode::FileLockingProtocolFailed => {
            access_problem(path).unwrap_or(error)
        }
        _ => error,
    }
}

fn sqlite_code(error: &StoreError) -> Option<ErrorCode> {
    match error {
        StoreError::Sqlite(e) => e.sqlite_error_code(),
        StoreError::Migration(rusqlite_migration::Error::RusqliteError { err, .. }) => err.sqlite_error_code(),
        _ => None,
    }
}

fn foreign(path: &Path, kind: ForeignKind) -> StoreError {
    StoreError::NotBranchboard(Foreign { path: path.to_path_buf(), kind })
}

/// SQLite found the content wrong: either the file is not SQLite at all or it is damaged.
fn content_problem(path: &Path) -> StoreError {
    if let Some(problem) = access_problem(path) {
        return problem;
    }
    match read_header(path) {
        Ok(header) if header.starts_with(SQLITE_HEADER) => {
            StoreError::Damaged { path: path.to_path_buf(), detail: truncation_note(path, &header) }
        }
        Ok(_) => foreign(path, ForeignKind::NotSqlite),
        Err(_) => StoreError::Damaged { path: path.to_path_buf(), detail: String::new() },
    }
}

/// Up to the first 100 bytes, where SQLite keeps the page size and the page count.
fn read_header(path: &Path) -> io::Result<Vec<u8>> {
    let mut header = Vec::with_capacity(100);
    File::open(path)?.take(100).read_to_end(&mut header)?;
    Ok(header)
}

/// " (it is 3000 bytes, but its header counts 28 pages of 4096 bytes: it was cut short)" when
/// the file is shorter than its own header says; empty otherwise.
fn truncation_note(path: &Path, header: &[u8]) -> String {
    let (Some(size), Some(pages)) = (header.get(16..18), header.get(28..32)) else {
        return " (it is shorter than a SQLite header)".into();
    };
    let page_size = match u16::from_be_bytes([size[0], size[1]]) {
        1 => 65536,
        n => u64::from(n),
    };
    let pages = u64::from(u32::from_be_bytes([pages[0], pages[1], pages[2], pages[3]]));
    let actual = fs::metadata(path).map_or(0, |m| m.len());
    if actual < pages * page_size {
        format!(" (it is {actual} bytes, but its header counts {pages} pages of {page_size} bytes: it was cut short)")
    } else {
        String::new()
    }
}

/// Checks, in order, what this account cannot do with the file, its companions and its folder:
/// reach it, read it, write it, write `-wal`/`-shm`, create files beside it (also finding a full disk).
fn access_problem(path: &Path) -> Option<StoreError> {
    if let Err(e) = fs::metadata(path) {
        return match e.kind() {
            ErrorKind::PermissionDenied => Some(folder_closed(path)),
            _ => folder_problem(path),
        };
    }
    if File::open(path).is_err_and(|e| e.kind() == ErrorKind::PermissionDenied) {
        return Some(StoreError::CannotRead { path: path.to_path_buf(), access: Access::of(path) });
    }
    if let Some(problem) = write_problem(path, |access| ReadOnlyCause::File { path: path.to_path_buf(), access }) {
        return Some(problem);
    }
    for suffix in ["-wal", "-shm"] {
        let file = with_suffix(path, suffix);
        if !file.exists() {
            continue;
        }
        if let Some(problem) = write_problem(&file, |access| ReadOnlyCause::Companion { file: file.clone(), access }) {
            return Some(problem);
        }
    }
    folder_problem(path)
}

/// Opens `file` for writing (changing nothing) and names the cause if that is refused.
fn write_problem(file: &Path, refused: impl FnOnce(Access) -> ReadOnlyCause) -> Option<StoreError> {
    let error = OpenOptions::new().write(true).open(file).err()?;
    match error.kind() {
        ErrorKind::PermissionDenied => Some(StoreError::ReadOnly(refused(Access::of(file)))),
        ErrorKind::ReadOnlyFilesystem => {
            Some(StoreError::ReadOnly(ReadOnlyCause::FileSystem { path: file.to_path_buf() }))
        }
        _ => None,
    }
}

/// Creates, fills and removes a small file beside `path`: the one check that tells a read-only
/// folder, a read-only file system and a full disk apart as this account sees them.
fn folder_problem(path: &Path) -> Option<StoreError> {
    let folder = folder_of(path);
    let error = probe_folder(path, &folder).err()?;
    let owned = path.to_path_buf();
    match error.kind() {
        ErrorKind::PermissionDenied => {
            Some(StoreError::ReadOnly(ReadOnlyCause::Folder { path: owned, access: Access::of(&folder), folder }))
        }
        ErrorKind::ReadOnlyFilesystem => Some(StoreError::ReadOnly(ReadOnlyCause::FileSystem { path: owned })),
        ErrorKind::StorageFull | ErrorKind::QuotaExceeded => Some(StoreError::DiskFull(owned)),
        _ => None,
    }
}

fn probe_folder(path: &Path, folder: &Path) -> io::Result<()> {
    let name = path.file_name().map_or_else(|| "branch".into(), |n| n.to_string_lossy().into_owned());
    let probe = folder.join(format!(".{name}.branchboard-probe-{}", std::process::id()));
    // create_new: never touches a file someone else made; removed whatever the write did.
    let mut file = OpenOptions::new().write(true).create_new(true).open(&probe)?;
    // As much as SQLite writes first when it opens the file (the 32 KiB shared-memory index).
    let written = file.write_all(&[0; 32 * 1024]).and_then(|()| file.flush());
    drop(file);
    let _ = fs::remove_file(&probe);
    written
}

/// The file's folder cannot be searched by this account: names the nearest folder that can be
/// looked at, which is the one whose permissions stop the way.
fn folder_closed(path: &Path) -> StoreError {
    let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let folder = absolute
        .ancestors()
        .skip(1)
        .find(|a| fs::metadata(a).is_ok())
        .map_or_else(|| PathBuf::from("/"), Path::to_path_buf);
    StoreError::FolderClosed { path: path.to_path_buf(), access: Access::of(&folder), folder }
}

fn folder_of(path: &Path) -> PathBuf {
    match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

#[cfg(test)]
mod tests {
    use super::super::file_problem::shell_quote;
    use super::*;

    fn sqlite_error(code: i32) -> StoreError {
        rusqlite::Error::SqliteFailure(rusqlite::ffi::Error::new(code), None).into()
    }

    #[test]
    fn a_full_disk_names_the_path_and_says_nothing_was_saved() {
        let path = Path::new("/srv/branch/branch.db");
        let explained = explain(path, sqlite_error(rusqlite::ffi::SQLITE_FULL));
        assert!(matches!(explained, StoreError::DiskFull(_)), "{explained}");
        assert_eq!(
            explained.to_string(),
            "the disk holding /srv/branch/branch.db is full; nothing was saved. Free some space on it and try again"
        );
    }

    #[test]
    fn a_write_that_finds_no_room_says_the_disk_is_full() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("branch.db");
        let mut store = super::super::Store::create(&path).unwrap();
        // SQLite answers SQLITE_FULL when the file may not grow, as on a full disk.
        store.conn.execute_batch("PRAGMA max_page_count = 1").unwrap();
        let error = store
            .write(|tx| Ok(tx.execute_batch("CREATE TABLE filler (x); INSERT INTO filler VALUES (zeroblob(100000));")?))
            .unwrap_err();
        assert!(matches!(&error, StoreError::DiskFull(p) if p == &path), "{error}");
    }

    #[test]
    fn busy_and_locked_never_say_database_is_locked() {
        for code in [rusqlite::ffi::SQLITE_BUSY, rusqlite::ffi::SQLITE_LOCKED] {
            for error in [sqlite_error(code), explain(Path::new("b.db"), sqlite_error(code))] {
                // No wait happened on this thread: nothing claims one.
                let message = error.to_string();
                assert!(matches!(error, StoreError::InTheWay), "{message}");
                assert!(!message.contains("locked") && !message.contains("minutes"), "{message}");
            }
            // After a wait that ran out, the message says how long it waited.
            super::super::waiting::note_gave_up_for_tests();
            let message = sqlite_error(code).to_string();
            assert!(message.starts_with("the branch file has been busy for 5 minutes"), "{message}");
            assert!(!message.contains("locked"), "{message}");
        }
    }

    #[test]
    fn other_errors_pass_through() {
        let conflict = StoreError::Invalid("bad".into());
        assert!(matches!(explain(Path::new("b.db"), conflict), StoreError::Invalid(_)));
    }

    #[test]
    fn shell_quoting_survives_quotes_and_spaces() {
        assert_eq!(shell_quote(Path::new("/a b/it's.db")), r#""/a b/it's.db""#);
    }

    #[test]
    fn a_short_file_with_a_sqlite_header_is_damaged_and_says_how() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("cut.db");
        let mut header = SQLITE_HEADER.to_vec();
        header.extend_from_slice(&[0x10, 0x00]); // 4096-byte pages
        header.resize(28, 0);
        header.extend_from_slice(&10u32.to_be_bytes()); // ten pages
        header.resize(3000, 0);
        fs::write(&path, &header).unwrap();
        let message = explain(&path, sqlite_error(rusqlite::ffi::SQLITE_CORRUPT)).to_string();
        assert!(message.contains("is damaged (it is 3000 bytes, but its header counts 10 pages"), "{message}");
        assert!(message.ends_with(&format!("sqlite3 {} \"pragma integrity_check\"", shell_quote(&path))));
    }

    #[test]
    fn a_text_file_is_not_sqlite() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("notes.db");
        fs::write(&path, "my notes").unwrap();
        let error = explain(&path, sqlite_error(rusqlite::ffi::SQLITE_NOTADB));
        assert!(matches!(error, StoreError::NotBranchboard(Foreign { kind: ForeignKind::NotSqlite, .. })), "{error}");
    }
}
