//! What a branch file that cannot be opened or written is told about: who owns it, which
//! file is read-only, what the file is instead, as words a branch manager can act on.

use std::fmt;
use std::fs;
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};

/// What a file that is not a branch file is instead.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ForeignKind {
    /// A readable SQLite database without branchboard's schema: the only "not a branchboard database".
    OtherSqlite,
    /// Not a SQLite database at all (a text file, a spreadsheet, …).
    NotSqlite,
    Folder,
}

/// A file that is not a branch file, and what it is instead.
#[derive(Debug)]
pub struct Foreign {
    pub path: PathBuf,
    pub kind: ForeignKind,
}

impl fmt::Display for Foreign {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let path = self.path.display();
        match self.kind {
            ForeignKind::OtherSqlite => write!(f, "{path} is not a branchboard database; it was left untouched"),
            ForeignKind::NotSqlite => {
                write!(f, "{path} is not a SQLite database (not a branchboard file); it was left untouched")
            }
            ForeignKind::Folder => write!(f, "{path} is a folder, not a branchboard file"),
        }
    }
}

/// Who owns a file and who is asking: "it belongs to svc with mode 0600; this runs as alice".
#[derive(Debug, Clone)]
pub struct Access {
    pub path: PathBuf,
    pub owner: Option<u32>,
    pub mode: u32,
    /// The account this process runs as, when it can be told.
    pub me: Option<u32>,
}

impl Access {
    pub(super) fn of(path: &Path) -> Access {
        let meta = fs::metadata(path).ok();
        Access {
            path: path.to_path_buf(),
            owner: meta.as_ref().map(|m| m.uid()),
            mode: meta.map_or(0, |m| m.mode() & 0o7777),
            me: current_uid(),
        }
    }

    /// What to do when this account lacks `need` ("read and write", `rw`): the owner gives
    /// itself the permission back; anyone else runs as the owner or is given access.
    pub fn fix(&self, need: &str, bits: &str) -> String {
        let me = self.me.map_or_else(|| "this account".into(), user_name);
        match self.owner {
            Some(owner) if Some(owner) == self.me => {
                format!("Give its owner {need} access back: chmod u+{bits} {}", shell_quote(&self.path))
            }
            Some(owner) => format!("Run branchboard as {}, or give {me} {need} access to it", user_name(owner)),
            None => format!("Give {me} {need} access to it"),
        }
    }
}

impl fmt::Display for Access {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let owner = self.owner.map_or_else(|| "an unknown account".into(), user_name);
        write!(f, "it belongs to {owner} with mode {:04o}", self.mode)?;
        match self.me {
            Some(me) => write!(f, "; this runs as {}", user_name(me)),
            None => Ok(()),
        }
    }
}

/// Which part of the branch file cannot be written, and what to do about it.
#[derive(Debug)]
pub enum ReadOnlyCause {
    File {
        path: PathBuf,
        access: Access,
    },
    /// A `-wal` or `-shm` file beside the branch file that this account cannot write, typically
    /// created by someone else who read the branch with other tools.
    Companion {
        file: PathBuf,
        access: Access,
    },
    /// SQLite must create `FILE-wal` and `FILE-shm` beside the file, and cannot.
    Folder {
        path: PathBuf,
        folder: PathBuf,
        access: Access,
    },
    FileSystem {
        path: PathBuf,
    },
    /// SQLite said read-only and no check found why.
    Unexplained {
        path: PathBuf,
    },
}

impl fmt::Display for ReadOnlyCause {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ReadOnlyCause::File { path, access } => write!(
                f,
                "cannot write {}: the file is read-only for this account ({access}); nothing was saved. {}",
                path.display(),
                access.fix("write", "w")
            ),
            ReadOnlyCause::Companion { file, access } => write!(
                f,
                "{} is read-only (left by another user?); give the service account write access or remove it when \
                 no one has the branch open ({access}); nothing was saved",
                file.display()
            ),
            ReadOnlyCause::Folder { path, folder, access } => write!(
                f,
                "cannot write beside {path}: the folder {} is read-only for this account ({access}), and SQLite \
                 needs to create {path}-wal and {path}-shm in it; nothing was saved. {}",
                folder.display(),
                access.fix("write", "w"),
                path = path.display()
            ),
            ReadOnlyCause::FileSystem { path } => {
                write!(f, "cannot write {}: it is on a read-only file system; nothing was saved", path.display())
            }
            ReadOnlyCause::Unexplained { path } => {
                write!(f, "cannot write {}: it is read-only for this account; nothing was saved", path.display())
            }
        }
    }
}

/// `path` in single quotes for a POSIX shell, so a suggested command can be pasted as it is.
pub fn shell_quote(path: &Path) -> String {
    crate::domain::text::shell_quote(&path.to_string_lossy())
}

/// `branch.db` + `-wal` → `branch.db-wal`.
pub fn with_suffix(path: &Path, suffix: &str) -> PathBuf {
    let mut file = path.as_os_str().to_os_string();
    file.push(suffix);
    PathBuf::from(file)
}

/// The effective user id of this process: Linux makes it the owner of `/proc/self`.
pub(super) fn current_uid() -> Option<u32> {
    fs::metadata("/proc/self").ok().map(|m| m.uid())
}

/// The login of `uid` from `/etc/passwd`, else "uid N" (accounts from LDAP and the like).
pub(super) fn user_name(uid: u32) -> String {
    let passwd = fs::read_to_string("/etc/passwd").unwrap_or_default();
    passwd
        .lines()
        .find_map(|line| {
            let mut fields = line.split(':');
            let name = fields.next()?;
            let id = fields.nth(1)?;
            (id.parse() == Ok(uid)).then(|| name.to_string())
        })
        .unwrap_or_else(|| format!("uid {uid}"))
}
