//! `authorized_keys` files: the forced-command line for a person, reading the lines back the
//! way sshd does, and rewriting the file atomically.

use super::public_key::{KEY_TYPES, PublicKey, fingerprint};
use crate::cli::Failure;
use crate::domain::login::is_valid_login;
use crate::domain::text::try_shell_quote;
use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use std::io::Write;
use std::os::unix::fs::{DirBuilderExt, MetadataExt, OpenOptionsExt};
use std::path::{Path, PathBuf};

/// The file's bytes, or nothing when it does not exist yet.
pub(super) fn read_existing(file: &Path) -> Result<Vec<u8>, Failure> {
    match std::fs::read(file) {
        Ok(bytes) => Ok(bytes),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Vec::new()),
        Err(e) => Err(Failure::new(1, format!("{}: cannot read: {e}", file.display()))),
    }
}

/// `contents` without the lines whose forced command acts as `login`, every other byte kept;
/// and how many lines went.
pub(super) fn without_login(contents: &[u8], login: &str) -> (Vec<u8>, usize) {
    let mut kept = Vec::with_capacity(contents.len());
    let mut removed = 0;
    for line in contents.split_inclusive(|b| *b == b'\n') {
        let text = String::from_utf8_lossy(line);
        let is_theirs = parse_authorized_line(text.trim_end_matches(['\n', '\r']), 0)
            .is_some_and(|entry| entry.login.as_deref() == Some(login));
        if is_theirs {
            removed += 1;
        } else {
            kept.extend_from_slice(line);
        }
    }
    (kept, removed)
}

/// Takes an exclusive lock on a small file beside `path` until the returned handle is dropped,
/// so two `keys` commands never read the same old file and each write back their own version.
pub(super) fn lock_beside(path: &Path) -> Result<std::fs::File, Failure> {
    let dir = match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let locked = (|| {
        if !dir.exists() {
            std::fs::DirBuilder::new().recursive(true).mode(0o700).create(&dir)?;
        }
        let name =
            path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| "authorized_keys".into());
        let lock = std::fs::OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .mode(0o600)
            .open(dir.join(format!(".{name}.branchboard-lock")))?;
        lock.lock()?;
        Ok::<_, std::io::Error>(lock)
    })();
    locked.map_err(|e| Failure::new(1, format!("{}: cannot lock for writing: {e}", path.display())))
}

/// Writes `contents` to a new 0600 file beside `path`, flushes it to disk and renames it over
/// `path`, so that a crash leaves either the old file or the new one, never a mix. A missing
/// directory is created 0700; the file keeps its owner (when run as root for another account).
pub(super) fn replace_file_atomically(path: &Path, contents: &[u8]) -> std::io::Result<()> {
    let dir = match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir.to_path_buf(),
        _ => PathBuf::from("."),
    };
    if !dir.exists() {
        std::fs::DirBuilder::new().recursive(true).mode(0o700).create(&dir)?;
    }
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| "authorized_keys".into());
    let nanos =
        std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.subsec_nanos()).unwrap_or(0);
    let temp = dir.join(format!(".{name}.branchboard-{}-{nanos}", std::process::id()));
    let owner = std::fs::metadata(path).ok().map(|m| (m.uid(), m.gid()));
    let written = (|| {
        let mut file = std::fs::OpenOptions::new().write(true).create_new(true).mode(0o600).open(&temp)?;
        file.write_all(contents)?;
        if let Some((uid, gid)) = owner {
            let mine = file.metadata()?;
            if (mine.uid(), mine.gid()) != (uid, gid) {
                let changed = std::os::unix::fs::fchown(&file, Some(uid), Some(gid));
                // Only a different owner matters to sshd's StrictModes; a group we may not
                // hand the file to is no reason to fail.
                if mine.uid() != uid {
                    changed?;
                }
            }
        }
        file.sync_all()?;
        drop(file);
        std::fs::rename(&temp, path)?;
        // The rename itself is durable only once the directory is flushed.
        std::fs::File::open(&dir)?.sync_all()
    })();
    if written.is_err() {
        let _ = std::fs::remove_file(&temp);
    }
    written
}

/// A path as it may appear in the forced command: absolute text without `"` or `\`
/// (authorized_keys' quoting cannot carry them safely) and without control characters.
pub(super) fn representable(path: &Path) -> Result<&str, String> {
    let text = path
        .to_str()
        .ok_or_else(|| format!("{} is not UTF-8 text and cannot be written into authorized_keys", path.display()))?;
    if !path.is_absolute() {
        return Err(format!("{text} is not an absolute path"));
    }
    if text.chars().any(|c| c == '"' || c == '\\' || c.is_control()) {
        return Err(format!(
            "{text:?} holds a double quote, backslash or control character, which cannot be written into authorized_keys safely; \
             move it to a plainer path"
        ));
    }
    Ok(text)
}

/// The `authorized_keys` line that opens the dashboard on `db` as `login` for this key.
pub fn authorized_keys_line(binary: &Path, db: &Path, login: &str, key: &PublicKey) -> Result<String, String> {
    if !is_valid_login(login) {
        return Err(format!("{login:?} is not a valid login"));
    }
    let command = format!(
        "{} --db {} --as {}",
        forced_command_word(representable(binary)?)?,
        forced_command_word(representable(db)?)?,
        forced_command_word(login)?
    );
    // Inside `command="…"` sshd knows one escape, `\"` for `"`. The only `"` here are shlex's own
    // double quotes (`representable` refused them in paths), and no backslash comes before one.
    let mut line = format!(
        "command=\"{}\",restrict,pty {} {}",
        command.replace('"', "\\\""),
        key.key_type,
        STANDARD.encode(&key.blob)
    );
    if !key.comment.is_empty() {
        line.push(' ');
        line.push_str(&key.comment);
    }
    Ok(line)
}

/// One word of the forced command, quoted for the account's shell; a word shlex cannot quote
/// (a NUL byte) gives no line at all.
fn forced_command_word(word: &str) -> Result<String, String> {
    try_shell_quote(word)
        .map(|quoted| quoted.into_owned())
        .map_err(|e| format!("{word:?} cannot be written into authorized_keys: {e}"))
}

/// One key line of an authorized_keys file, with what branchboard's forced command says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct AuthorizedEntry {
    pub(super) line: usize,
    pub(super) key_type: String,
    /// The decoded key data (the base64 text's bytes when it does not decode).
    pub(super) blob: Vec<u8>,
    pub(super) comment: String,
    /// `--as` of the forced command, when the line has one.
    pub(super) login: Option<String>,
    /// `--db` of the forced command.
    pub(super) db: Option<String>,
}

impl AuthorizedEntry {
    pub(super) fn fingerprint(&self) -> String {
        fingerprint(&self.blob)
    }
}

pub(super) fn parse_authorized_keys(contents: &[u8]) -> Vec<AuthorizedEntry> {
    String::from_utf8_lossy(contents)
        .lines()
        .enumerate()
        .filter_map(|(i, line)| parse_authorized_line(line, i + 1))
        .collect()
}

/// Parses one line the way sshd does: optional options (up to the first unquoted blank), then
/// `TYPE BASE64 [COMMENT]`. Blank lines, comments and lines that are not keys give `None`.
pub(super) fn parse_authorized_line(line: &str, number: usize) -> Option<AuthorizedEntry> {
    let line = line.trim();
    if line.is_empty() || line.starts_with('#') {
        return None;
    }
    let first = line.split_whitespace().next()?;
    let (options, rest) = if KEY_TYPES.contains(&first) || first.starts_with("ssh-") || first.starts_with("ecdsa-") {
        ("", line)
    } else {
        let end = options_end(line);
        (&line[..end], line[end..].trim_start())
    };
    let mut words = rest.split_whitespace();
    let key_type = words.next()?.to_string();
    let encoded = words.next()?;
    let blob = STANDARD.decode(encoded).unwrap_or_else(|_| encoded.as_bytes().to_vec());
    let comment = words.collect::<Vec<_>>().join(" ");
    let command = forced_command(options);
    let words = command.as_deref().and_then(shlex::split).unwrap_or_default();
    let after = |flag: &str| {
        let prefixed = format!("{flag}=");
        words.iter().enumerate().find_map(|(i, w)| {
            if w == flag { words.get(i + 1).cloned() } else { w.strip_prefix(&prefixed).map(str::to_string) }
        })
    };
    Some(AuthorizedEntry { line: number, key_type, blob, comment, login: after("--as"), db: after("--db") })
}

/// Where the options of a line end: the first blank outside double quotes.
pub(super) fn options_end(line: &str) -> usize {
    let mut quoted = false;
    let mut escaped = false;
    for (i, c) in line.char_indices() {
        match c {
            _ if escaped => escaped = false,
            '\\' if quoted => escaped = true,
            '"' => quoted = !quoted,
            ' ' | '\t' if !quoted => return i,
            _ => {}
        }
    }
    line.len()
}

/// The value of a `command="…"` option, unquoted as sshd does (only `\"` is an escape).
pub(super) fn forced_command(options: &str) -> Option<String> {
    let mut rest = options;
    while !rest.is_empty() {
        let end = {
            let mut quoted = false;
            let mut escaped = false;
            let mut end = rest.len();
            for (i, c) in rest.char_indices() {
                match c {
                    _ if escaped => escaped = false,
                    '\\' if quoted => escaped = true,
                    '"' => quoted = !quoted,
                    ',' if !quoted => {
                        end = i;
                        break;
                    }
                    _ => {}
                }
            }
            end
        };
        let option = &rest[..end];
        if option.get(..8).is_some_and(|name| name.eq_ignore_ascii_case("command=")) {
            let value = option[8..].strip_prefix('"')?.strip_suffix('"')?;
            return Some(value.replace("\\\"", "\""));
        }
        rest = rest.get(end + 1..).unwrap_or("");
    }
    None
}
