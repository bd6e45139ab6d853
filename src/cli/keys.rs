//! `keys add|list|remove`: the `authorized_keys` lines that make OpenSSH hand a person the
//! dashboard as their login, and the guard that refuses any other command sent over such a key.
//!
//! OpenSSH authenticates; the line's forced command `BIN --db DB --as LOGIN` carries the identity
//! in argv, and `restrict,pty` takes away forwarding, agents, X11 and `~/.ssh/rc` while keeping
//! the terminal the dashboard needs (SPEC §7). sshd runs the forced command through the
//! account's shell, so every value in it is shell-quoted here.

use super::args::KeysAction;
use super::{Context, Failure};
use crate::domain::login::is_valid_login;
use crate::store::{Actor, Store};
use base64::Engine;
use base64::engine::general_purpose::{STANDARD, STANDARD_NO_PAD};
use sha2::{Digest, Sha256};
use std::ffi::OsStr;
use std::io::Write;
use std::os::unix::fs::{DirBuilderExt, MetadataExt, OpenOptionsExt};
use std::path::{Path, PathBuf};

/// The key types OpenSSH accepts for user authentication and `keys add` writes lines for.
pub const KEY_TYPES: &[&str] = &[
    "ssh-ed25519",
    "ssh-rsa",
    "ecdsa-sha2-nistp256",
    "ecdsa-sha2-nistp384",
    "ecdsa-sha2-nistp521",
    "sk-ssh-ed25519@openssh.com",
    "sk-ecdsa-sha2-nistp256@openssh.com",
];

/// The longest requested command quoted back in a refusal.
const SHOWN_COMMAND_CHARS: usize = 200;

pub fn run(context: &Context, action: &KeysAction) -> Result<(), Failure> {
    let store = context.open_store()?;
    let actor = context.actor(&store)?;
    actor.ensure_manager("manage SSH keys")?;
    match action {
        KeysAction::Add {
            login,
            pubkey,
            write,
        } => add(&store, &actor, login, pubkey, write.as_ref()),
        KeysAction::List { file } => list(&store, &authorized_keys_path(file.as_ref())?),
        KeysAction::Remove { login, file } => remove(login, &authorized_keys_path(file.as_ref())?),
    }
}

/// SSH guard: a key's forced command runs in place of whatever the client asked for, and
/// OpenSSH passes that request in `SSH_ORIGINAL_COMMAND` (also for `sftp` and `scp`). The
/// dashboard never runs it: the connection is refused with exit 3. Identity never comes from
/// the environment; only `--as` in the forced command names the person.
pub fn refuse_requested_command() -> Result<(), Failure> {
    match requested_command_refusal(std::env::var_os("SSH_ORIGINAL_COMMAND").as_deref()) {
        Some(failure) => Err(failure),
        None => Ok(()),
    }
}

fn requested_command_refusal(original: Option<&OsStr>) -> Option<Failure> {
    let command = original.filter(|c| !c.is_empty())?.to_string_lossy();
    let mut shown: String = command.chars().take(SHOWN_COMMAND_CHARS).collect();
    if command.chars().count() > SHOWN_COMMAND_CHARS {
        shown.push('…');
    }
    Some(Failure::new(
        3,
        format!("this key opens the branchboard dashboard only; the command {shown:?} was not run"),
    ))
}

/// `--file`/`--write` when given, else `$HOME/.ssh/authorized_keys` of the running user.
fn authorized_keys_path(given: Option<&PathBuf>) -> Result<PathBuf, Failure> {
    if let Some(path) = given {
        return Ok(path.clone());
    }
    let home = std::env::var_os("HOME")
        .filter(|h| !h.is_empty())
        .ok_or_else(|| Failure::usage("HOME is not set, so there is no default authorized_keys file; pass the file explicitly"))?;
    Ok(PathBuf::from(home).join(".ssh").join("authorized_keys"))
}

fn add(
    store: &Store,
    actor: &Actor,
    login: &str,
    pubkey: &Path,
    write: Option<&Option<PathBuf>>,
) -> Result<(), Failure> {
    if !is_valid_login(login) {
        return Err(Failure::usage(format!(
            "{login:?} is not a valid login (a lowercase letter, then up to 31 of a-z 0-9 . _ -)"
        )));
    }
    if store.staff_member(login)?.is_none() {
        return Err(Failure::usage(format!(
            "no staff member of {} has the login {login:?}; import them first",
            store.path().display()
        )));
    }
    let shown = pubkey.display().to_string();
    let text =
        std::fs::read(pubkey).map_err(|e| Failure::new(1, format!("{shown}: cannot read: {e}")))?;
    let text = String::from_utf8(text)
        .map_err(|_| Failure::usage(format!("{shown}: not a public key file (not UTF-8 text)")))?;
    let key = parse_public_key_file(&text, &shown).map_err(Failure::usage)?;
    let binary = std::env::current_exe()
        .and_then(std::fs::canonicalize)
        .map_err(|e| {
            Failure::new(
                1,
                format!("cannot tell where the branchboard binary is: {e}"),
            )
        })?;
    let db = std::fs::canonicalize(store.path()).map_err(|e| {
        Failure::new(
            1,
            format!("{}: cannot resolve the path: {e}", store.path().display()),
        )
    })?;
    let line = authorized_keys_line(&binary, &db, login, &key).map_err(|e| Failure::new(1, e))?;
    let Some(write) = write else {
        println!("{line}");
        return Ok(());
    };
    let file = authorized_keys_path(write.as_ref())?;
    // Write next to the real file when the path is a symlink, so the link stays a link.
    let file = std::fs::canonicalize(&file).unwrap_or(file);
    let existing = read_existing(&file)?;
    let db_text = db.to_string_lossy();
    for entry in parse_authorized_keys(&existing) {
        if entry.blob != key.blob {
            continue;
        }
        let place = format!("{} (line {})", file.display(), entry.line);
        return match (&entry.login, &entry.db) {
            (Some(owner), db) if owner == login && db.as_deref() == Some(&*db_text) => {
                eprintln!("this key is already present for {login} in {place}; nothing changed");
                Ok(())
            }
            (Some(owner), _) if owner == login => Err(Failure::new(
                1,
                format!(
                    "this key is already present for {login} in {place}, for another branch file ({}); one key opens one dashboard: \
                     remove that line first (branchboard keys remove {login})",
                    entry.db.as_deref().unwrap_or("unknown")
                ),
            )),
            (Some(owner), _) => Err(Failure::new(
                1,
                format!(
                    "this key is already present for {owner} in {place}; one key is one identity: \
                     run `branchboard keys remove {owner}` first if it now belongs to {login}"
                ),
            )),
            (None, _) => Err(Failure::new(
                1,
                format!(
                    "this key is already in {place} without branchboard's forced command, where it may open a shell; \
                     remove that line by hand first"
                ),
            )),
        };
    }
    let mut contents = existing;
    if !contents.is_empty() && !contents.ends_with(b"\n") {
        contents.push(b'\n');
    }
    contents.extend_from_slice(line.as_bytes());
    contents.push(b'\n');
    replace_file_atomically(&file, &contents)
        .map_err(|e| Failure::new(1, format!("{}: could not write: {e}", file.display())))?;
    eprintln!(
        "added {login}'s {} key {} to {} (by {})",
        key.key_type,
        key.fingerprint(),
        file.display(),
        actor.login
    );
    Ok(())
}

fn list(store: &Store, file: &Path) -> Result<(), Failure> {
    let existing = read_existing(file)?;
    let ours = std::fs::canonicalize(store.path())
        .ok()
        .map(|p| p.to_string_lossy().into_owned());
    let rows: Vec<[String; 4]> = parse_authorized_keys(&existing)
        .into_iter()
        .filter_map(|entry| {
            let login = entry.login.clone()?;
            let mut comment = entry.comment.clone();
            if let Some(db) = entry.db.as_ref().filter(|db| ours.as_ref() != Some(*db)) {
                comment = format!("{comment} [branch file {db}]")
                    .trim_start()
                    .to_string();
            }
            Some([login, entry.key_type.clone(), entry.fingerprint(), comment])
        })
        .collect();
    if rows.is_empty() {
        eprintln!("no branchboard keys in {}", file.display());
        return Ok(());
    }
    let width = |i: usize| rows.iter().map(|r| r[i].chars().count()).max().unwrap_or(0);
    let (login_width, type_width) = (width(0), width(1));
    let mut out = std::io::stdout().lock();
    for [login, key_type, fingerprint, comment] in &rows {
        let line =
            format!("{login:<login_width$}  {key_type:<type_width$}  {fingerprint}  {comment}");
        writeln!(out, "{}", line.trim_end())?;
    }
    Ok(())
}

fn remove(login: &str, file: &Path) -> Result<(), Failure> {
    if !is_valid_login(login) {
        return Err(Failure::usage(format!("{login:?} is not a valid login")));
    }
    let file = std::fs::canonicalize(file).unwrap_or_else(|_| file.to_path_buf());
    let existing = read_existing(&file)?;
    let (kept, removed) = without_login(&existing, login);
    if removed == 0 {
        eprintln!("no key of {login} in {}; nothing changed", file.display());
        return Ok(());
    }
    replace_file_atomically(&file, &kept)
        .map_err(|e| Failure::new(1, format!("{}: could not write: {e}", file.display())))?;
    eprintln!(
        "removed {removed} key{} of {login} from {}; a session already open goes on until it ends",
        if removed == 1 { "" } else { "s" },
        file.display()
    );
    Ok(())
}

/// The file's bytes, or nothing when it does not exist yet.
fn read_existing(file: &Path) -> Result<Vec<u8>, Failure> {
    match std::fs::read(file) {
        Ok(bytes) => Ok(bytes),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Vec::new()),
        Err(e) => Err(Failure::new(
            1,
            format!("{}: cannot read: {e}", file.display()),
        )),
    }
}

/// `contents` without the lines whose forced command acts as `login`, every other byte kept;
/// and how many lines went.
fn without_login(contents: &[u8], login: &str) -> (Vec<u8>, usize) {
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

/// Writes `contents` to a new 0600 file beside `path`, flushes it to disk and renames it over
/// `path`, so that a crash leaves either the old file or the new one, never a mix. A missing
/// directory is created 0700; the file keeps its owner (when run as root for another account).
fn replace_file_atomically(path: &Path, contents: &[u8]) -> std::io::Result<()> {
    let dir = match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir.to_path_buf(),
        _ => PathBuf::from("."),
    };
    if !dir.exists() {
        std::fs::DirBuilder::new()
            .recursive(true)
            .mode(0o700)
            .create(&dir)?;
    }
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "authorized_keys".into());
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.subsec_nanos())
        .unwrap_or(0);
    let temp = dir.join(format!(
        ".{name}.branchboard-{}-{nanos}",
        std::process::id()
    ));
    let owner = std::fs::metadata(path).ok().map(|m| (m.uid(), m.gid()));
    let written = (|| {
        let mut file = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .mode(0o600)
            .open(&temp)?;
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

/// A validated public key: its type, the decoded key data and the comment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PublicKey {
    pub key_type: String,
    pub blob: Vec<u8>,
    pub comment: String,
}

impl PublicKey {
    /// `SHA256:…` as `ssh-keygen -l` prints it.
    pub fn fingerprint(&self) -> String {
        fingerprint(&self.blob)
    }
}

fn fingerprint(blob: &[u8]) -> String {
    format!("SHA256:{}", STANDARD_NO_PAD.encode(Sha256::digest(blob)))
}

/// Reads a public key file (`id_ed25519.pub` and the like): exactly one key line of a known
/// type whose data decodes and matches that type, with an optional comment. Problems name
/// the file (`shown`) and the line.
pub fn parse_public_key_file(text: &str, shown: &str) -> Result<PublicKey, String> {
    let lines: Vec<(usize, &str)> = text
        .lines()
        .enumerate()
        .map(|(i, l)| (i + 1, l.trim()))
        .collect();
    for &(number, line) in &lines {
        if line.contains("PRIVATE KEY-----") || line.starts_with("PuTTY-User-Key-File") {
            return Err(format!(
                "{shown}:{number}: this is a private key; give the public key (the .pub file) and keep the private key secret"
            ));
        }
        if line.starts_with("---- BEGIN SSH2 PUBLIC KEY") {
            return Err(format!(
                "{shown}:{number}: this is an SSH2 (RFC 4716) public key; convert it with `ssh-keygen -i -f {shown}` first"
            ));
        }
    }
    let mut key_lines = lines
        .iter()
        .filter(|(_, l)| !l.is_empty() && !l.starts_with('#'));
    let Some(&(number, line)) = key_lines.next() else {
        return Err(format!("{shown}: no public key in the file"));
    };
    if let Some(&(second, _)) = key_lines.next() {
        return Err(format!(
            "{shown}:{second}: a second line after the key on line {number}; the file must hold exactly one public key"
        ));
    }
    parse_key_line(line).map_err(|reason| format!("{shown}:{number}: {reason}"))
}

/// One bare public key line: `TYPE BASE64 [COMMENT]`.
fn parse_key_line(line: &str) -> Result<PublicKey, String> {
    if line.chars().any(|c| c.is_control() && c != '\t') {
        return Err("the line holds a control character; it is not a public key".into());
    }
    let mut words = line.split_whitespace();
    let declared = words.next().unwrap_or_default();
    if !KEY_TYPES.contains(&declared) {
        let known = KEY_TYPES.join(", ");
        return Err(
            if line
                .split_whitespace()
                .skip(1)
                .any(|w| KEY_TYPES.contains(&w))
            {
                format!(
                    "the key is preceded by {declared:?}; give a bare public key without options (branchboard writes the options itself)"
                )
            } else if declared.contains("-cert-v01@openssh.com") {
                "this is an SSH certificate; give the plain public key".into()
            } else if declared == "ssh-dss" {
                "DSA keys are refused by current OpenSSH; make an ed25519 key with `ssh-keygen -t ed25519`".into()
            } else {
                format!("not an OpenSSH public key: {declared:?} is not a known key type ({known})")
            },
        );
    }
    let encoded = words
        .next()
        .ok_or_else(|| format!("the key type {declared} is not followed by the key"))?;
    let blob = STANDARD
        .decode(encoded)
        .map_err(|_| "the key is not valid base64".to_string())?;
    check_key_data(declared, &blob)?;
    let comment = words.collect::<Vec<_>>().join(" ");
    Ok(PublicKey {
        key_type: declared.to_string(),
        blob,
        comment,
    })
}

/// Checks that the decoded key data is a well-formed key of the declared type (RFC 4253,
/// RFC 5656, RFC 8709 and OpenSSH's PROTOCOL.u2f): its own type string, then its fields.
fn check_key_data(declared: &str, blob: &[u8]) -> Result<(), String> {
    let mut reader = SshReader { rest: blob };
    let damaged = |what: &str| format!("the key data is damaged or truncated ({what})");
    let embedded = reader
        .string()
        .ok_or_else(|| damaged("no key type inside"))?;
    if embedded != declared.as_bytes() {
        return Err(format!(
            "the key data is a {:?} key but the line says {declared}",
            String::from_utf8_lossy(embedded)
        ));
    }
    let ed25519 = |reader: &mut SshReader| match reader.string() {
        Some(point) if point.len() == 32 => Ok(()),
        _ => Err(damaged("an ed25519 key is 32 bytes")),
    };
    let ecdsa = |reader: &mut SshReader, curve: &str| {
        if reader.string() != Some(curve.as_bytes()) {
            return Err(damaged(&format!("the curve is not {curve}")));
        }
        match reader.string() {
            Some(point) if point.first() == Some(&4) => Ok(()),
            _ => Err(damaged("no curve point")),
        }
    };
    match declared {
        "ssh-ed25519" => ed25519(&mut reader)?,
        "sk-ssh-ed25519@openssh.com" => {
            ed25519(&mut reader)?;
            reader.string().ok_or_else(|| damaged("no application"))?;
        }
        "ssh-rsa" => {
            reader
                .string()
                .filter(|e| !e.is_empty())
                .ok_or_else(|| damaged("no exponent"))?;
            let modulus = reader.string().ok_or_else(|| damaged("no modulus"))?;
            let significant = modulus.iter().skip_while(|b| **b == 0).count();
            if significant < 128 {
                return Err("the RSA key is shorter than 1024 bits, which OpenSSH refuses".into());
            }
        }
        "ecdsa-sha2-nistp256" => ecdsa(&mut reader, "nistp256")?,
        "ecdsa-sha2-nistp384" => ecdsa(&mut reader, "nistp384")?,
        "ecdsa-sha2-nistp521" => ecdsa(&mut reader, "nistp521")?,
        "sk-ecdsa-sha2-nistp256@openssh.com" => {
            ecdsa(&mut reader, "nistp256")?;
            reader.string().ok_or_else(|| damaged("no application"))?;
        }
        _ => return Err(format!("{declared} is not a known key type")),
    }
    if !reader.rest.is_empty() {
        return Err(damaged("extra bytes after the key"));
    }
    Ok(())
}

/// Reads SSH wire-format strings: a big-endian u32 length, then that many bytes.
struct SshReader<'a> {
    rest: &'a [u8],
}

impl<'a> SshReader<'a> {
    fn string(&mut self) -> Option<&'a [u8]> {
        let (length, rest) = self.rest.split_first_chunk::<4>()?;
        let length = usize::try_from(u32::from_be_bytes(*length)).ok()?;
        if rest.len() < length {
            return None;
        }
        let (value, rest) = rest.split_at(length);
        self.rest = rest;
        Some(value)
    }
}

/// Quotes one word for a POSIX shell: inside single quotes nothing is special, and a single
/// quote itself becomes `'\''`.
pub fn shell_quote(word: &str) -> String {
    format!("'{}'", word.replace('\'', r"'\''"))
}

/// A path as it may appear in the forced command: absolute text without `"` or `\`
/// (authorized_keys' quoting cannot carry them safely) and without control characters.
fn representable(path: &Path) -> Result<&str, String> {
    let text = path.to_str().ok_or_else(|| {
        format!(
            "{} is not UTF-8 text and cannot be written into authorized_keys",
            path.display()
        )
    })?;
    if !path.is_absolute() {
        return Err(format!("{text} is not an absolute path"));
    }
    if text
        .chars()
        .any(|c| c == '"' || c == '\\' || c.is_control())
    {
        return Err(format!(
            "{text:?} holds a double quote, backslash or control character, which cannot be written into authorized_keys safely; \
             move it to a plainer path"
        ));
    }
    Ok(text)
}

/// The `authorized_keys` line that opens the dashboard on `db` as `login` for this key.
pub fn authorized_keys_line(
    binary: &Path,
    db: &Path,
    login: &str,
    key: &PublicKey,
) -> Result<String, String> {
    if !is_valid_login(login) {
        return Err(format!("{login:?} is not a valid login"));
    }
    let command = format!(
        "{} --db {} --as {}",
        shell_quote(representable(binary)?),
        shell_quote(representable(db)?),
        shell_quote(login)
    );
    let mut line = format!(
        "command=\"{command}\",restrict,pty {} {}",
        key.key_type,
        STANDARD.encode(&key.blob)
    );
    if !key.comment.is_empty() {
        line.push(' ');
        line.push_str(&key.comment);
    }
    Ok(line)
}

/// One key line of an authorized_keys file, with what branchboard's forced command says.
#[derive(Debug, Clone, PartialEq, Eq)]
struct AuthorizedEntry {
    line: usize,
    key_type: String,
    /// The decoded key data (the base64 text's bytes when it does not decode).
    blob: Vec<u8>,
    comment: String,
    /// `--as` of the forced command, when the line has one.
    login: Option<String>,
    /// `--db` of the forced command.
    db: Option<String>,
}

impl AuthorizedEntry {
    fn fingerprint(&self) -> String {
        fingerprint(&self.blob)
    }
}

fn parse_authorized_keys(contents: &[u8]) -> Vec<AuthorizedEntry> {
    String::from_utf8_lossy(contents)
        .lines()
        .enumerate()
        .filter_map(|(i, line)| parse_authorized_line(line, i + 1))
        .collect()
}

/// Parses one line the way sshd does: optional options (up to the first unquoted blank), then
/// `TYPE BASE64 [COMMENT]`. Blank lines, comments and lines that are not keys give `None`.
fn parse_authorized_line(line: &str, number: usize) -> Option<AuthorizedEntry> {
    let line = line.trim();
    if line.is_empty() || line.starts_with('#') {
        return None;
    }
    let first = line.split_whitespace().next()?;
    let (options, rest) =
        if KEY_TYPES.contains(&first) || first.starts_with("ssh-") || first.starts_with("ecdsa-") {
            ("", line)
        } else {
            let end = options_end(line);
            (&line[..end], line[end..].trim_start())
        };
    let mut words = rest.split_whitespace();
    let key_type = words.next()?.to_string();
    let encoded = words.next()?;
    let blob = STANDARD
        .decode(encoded)
        .unwrap_or_else(|_| encoded.as_bytes().to_vec());
    let comment = words.collect::<Vec<_>>().join(" ");
    let command = forced_command(options);
    let words = command.as_deref().and_then(shell_words).unwrap_or_default();
    let after = |flag: &str| {
        let prefixed = format!("{flag}=");
        words.iter().enumerate().find_map(|(i, w)| {
            if w == flag {
                words.get(i + 1).cloned()
            } else {
                w.strip_prefix(&prefixed).map(str::to_string)
            }
        })
    };
    Some(AuthorizedEntry {
        line: number,
        key_type,
        blob,
        comment,
        login: after("--as"),
        db: after("--db"),
    })
}

/// Where the options of a line end: the first blank outside double quotes.
fn options_end(line: &str) -> usize {
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
fn forced_command(options: &str) -> Option<String> {
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
        if option
            .get(..8)
            .is_some_and(|name| name.eq_ignore_ascii_case("command="))
        {
            let value = option[8..].strip_prefix('"')?.strip_suffix('"')?;
            return Some(value.replace("\\\"", "\""));
        }
        rest = rest.get(end + 1..).unwrap_or("");
    }
    None
}

/// Splits a command as a POSIX shell would for plain words and quotes (no expansions).
fn shell_words(command: &str) -> Option<Vec<String>> {
    let mut words = Vec::new();
    let mut word = String::new();
    let mut in_word = false;
    let mut chars = command.chars();
    while let Some(c) = chars.next() {
        match c {
            ' ' | '\t' => {
                if in_word {
                    words.push(std::mem::take(&mut word));
                    in_word = false;
                }
            }
            '\'' => {
                in_word = true;
                loop {
                    match chars.next()? {
                        '\'' => break,
                        other => word.push(other),
                    }
                }
            }
            '"' => {
                in_word = true;
                loop {
                    match chars.next()? {
                        '"' => break,
                        '\\' => {
                            let next = chars.next()?;
                            if !matches!(next, '"' | '\\' | '$' | '`') {
                                word.push('\\');
                            }
                            word.push(next);
                        }
                        other => word.push(other),
                    }
                }
            }
            '\\' => {
                in_word = true;
                word.push(chars.next()?);
            }
            other => {
                in_word = true;
                word.push(other);
            }
        }
    }
    if in_word {
        words.push(word);
    }
    Some(words)
}

#[cfg(test)]
mod tests {
    use super::*;

    const ED25519: &str = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIDbzIeM4HvgVOSCOxF0C7JPRytJeAToOI/pK2XswUNjh user@host k_ed25519";
    const RSA: &str = "ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQDPLRBEaSMpPwqwAuTtg1oiJJ+wJmWnee4qHSOvrpVAPL+h7pYIvuc96v0sBi98fAeQI/DULgWAXJKxOzH/10qbvlIpOHfSDG/+Mz1uC7UUnMe+jpCqxKvOGYdoFqke0FWgzq1Z2LvgZKOTTJQ4If5w8DPGLVEJuTLsMU5SLn0WXHTyZmaLfXZs545lk9kqxIr/Xy5Mn0ocZTMCRmdKAuLTOlFYbx1RFH87MHNXuf4n0yfV2AP6fpq5/FmKPzv68ZjxXxeqzodqQ6qWEBNBQAFmf5s8z+zLn+/49o3okHwZv/iJk+2EyZP4VHKRAujOTjHj21+c5WtQAemVTs7zuZ/v user@host k_rsab2048";
    const ECDSA_256: &str = "ecdsa-sha2-nistp256 AAAAE2VjZHNhLXNoYTItbmlzdHAyNTYAAAAIbmlzdHAyNTYAAABBBLXEH/HHqGmsIqicHYPmNSjXeKP9YGkRZGqLaAzE030Jj64g60dcIrCNQc4bXcDvedIprCKyuGrg9NPw4uiThbI= user@host k_ecdsab256";
    const ECDSA_384: &str = "ecdsa-sha2-nistp384 AAAAE2VjZHNhLXNoYTItbmlzdHAzODQAAAAIbmlzdHAzODQAAABhBFWfogrOlwP3IcR6+WWOFv3ba/6lqqEgMlkGinIIA2RQ2ftp2q4P4x2W+ez2wENdcV4X15GM7Zf7vIjajqNONn5mUCcXMP7IcpWl9O1FsoZhWytKgY91vtIOadMNlfr38Q== user@host k_ecdsab384";
    const ECDSA_521: &str = "ecdsa-sha2-nistp521 AAAAE2VjZHNhLXNoYTItbmlzdHA1MjEAAAAIbmlzdHA1MjEAAACFBAGoxSxsFyathi+k6mZQKpPda5CbIapsXZ6uZaHRHyBiwRJqzyKH75K1jjf2lcyrKYaF7sIptU7vbXINKiLqn3NvVwBVEBnyDkww6Nm8HmiMp22uxySNS/QygE84cZthYdGZWAf9y//ZDmGS8k22dVH8TdY09Z1EBcfjueVKckYyyHQJwA== user@host k_ecdsab521";

    fn ssh_string(bytes: &[u8]) -> Vec<u8> {
        let mut out = (bytes.len() as u32).to_be_bytes().to_vec();
        out.extend_from_slice(bytes);
        out
    }

    fn blob(fields: &[&[u8]]) -> String {
        STANDARD.encode(
            fields
                .iter()
                .flat_map(|f| ssh_string(f))
                .collect::<Vec<u8>>(),
        )
    }

    fn parse(text: &str) -> Result<PublicKey, String> {
        parse_public_key_file(text, "k.pub")
    }

    #[test]
    fn every_known_key_type_parses_with_ssh_keygen_fingerprints() {
        // Fingerprints as printed by `ssh-keygen -l -f` for these keys.
        for (line, fingerprint) in [
            (
                ED25519,
                "SHA256:ovGyZQYtyXlANufqZXfaR6rD7Q1xiIO+F4JVlVeLzec",
            ),
            (RSA, "SHA256:cgCr1LWEPCiRLWH0ncTwqk65BorFZBCl61Nv1VMdq1o"),
            (
                ECDSA_256,
                "SHA256:5KZuM6mfP0wDoKBdlzb/2126oMfystvjXS2UCnUB1TA",
            ),
            (
                ECDSA_384,
                "SHA256:fYOLGrf670QvG6+vI9L4D/i2HmF8CETiY2sGsvBI3FY",
            ),
            (
                ECDSA_521,
                "SHA256:s+FciYykFZVr/HqhyhHbhpw1sIvD2V9+cjavqUu4hSA",
            ),
        ] {
            let key = parse(&format!("{line}\n")).unwrap_or_else(|e| panic!("{line}: {e}"));
            assert_eq!(key.fingerprint(), fingerprint);
            assert_eq!(key.key_type, line.split(' ').next().unwrap());
            assert!(key.comment.starts_with("user@host k_"));
        }
        let sk_ed = format!(
            "sk-ssh-ed25519@openssh.com {} yubi",
            blob(&[b"sk-ssh-ed25519@openssh.com", &[7; 32], b"ssh:"])
        );
        assert_eq!(
            parse(&sk_ed).unwrap().key_type,
            "sk-ssh-ed25519@openssh.com"
        );
        let mut point = vec![4u8];
        point.extend_from_slice(&[9; 64]);
        let sk_ecdsa = format!(
            "sk-ecdsa-sha2-nistp256@openssh.com {}",
            blob(&[
                b"sk-ecdsa-sha2-nistp256@openssh.com",
                b"nistp256",
                &point,
                b"ssh:"
            ])
        );
        let key = parse(&sk_ecdsa).unwrap();
        assert_eq!(key.comment, "");
    }

    #[test]
    fn comments_blank_lines_and_crlf_are_accepted() {
        let key = parse(&format!("\n# my laptop\n{ED25519}\r\n\n")).unwrap();
        assert_eq!(key.comment, "user@host k_ed25519");
        let bare = ED25519.rsplitn(3, ' ').last().unwrap();
        assert_eq!(parse(bare).unwrap().comment, "");
    }

    #[test]
    fn what_is_not_one_public_key_is_refused_naming_file_and_line() {
        let refused = |text: &str, expected: &str| {
            let err = parse(text).expect_err(text);
            assert!(
                err.contains(expected),
                "{text:?} gave {err:?}, expected {expected:?}"
            );
            assert!(err.starts_with("k.pub"), "{err}");
        };
        refused("", "k.pub: no public key");
        refused("\n\n# only a comment\n", "no public key");
        refused(
            "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA\n-----END OPENSSH PRIVATE KEY-----\n",
            "k.pub:1: this is a private key",
        );
        refused("-----BEGIN RSA PRIVATE KEY-----\nMIIE\n", "private key");
        refused("PuTTY-User-Key-File-3: ssh-ed25519\n", "private key");
        refused(
            "---- BEGIN SSH2 PUBLIC KEY ----\nAAAA\n---- END SSH2 PUBLIC KEY ----\n",
            "ssh-keygen -i",
        );
        refused(
            &format!("{ED25519}\n{RSA}\n"),
            "k.pub:2: a second line after the key on line 1",
        );
        refused(
            &format!("command=\"/bin/sh\" {ED25519}"),
            "k.pub:1: the key is preceded by \"command=\\\"/bin/sh\\\"\"",
        );
        refused(&format!("restrict {ED25519}"), "without options");
        refused("hello world", "\"hello\" is not a known key type");
        refused("ssh-dss AAAAB3NzaC1kc3MAAACBAP", "DSA");
        refused("ssh-ed25519-cert-v01@openssh.com AAAA", "certificate");
        refused("ssh-ed25519", "not followed by the key");
        refused("ssh-ed25519 not*base64!", "not valid base64");
        refused(
            "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIDbzIeM4HvgVOSCOxF0C7JPRytJeAToOI/pK2XswUNj",
            "not valid base64",
        );
        // The data is an ed25519 key but the line calls it RSA.
        let swapped = ED25519.replacen("ssh-ed25519", "ssh-rsa", 1);
        refused(
            &swapped,
            "the key data is a \"ssh-ed25519\" key but the line says ssh-rsa",
        );
        refused(
            &format!("ssh-ed25519 {}", blob(&[b"ssh-ed25519", &[1; 31]])),
            "32 bytes",
        );
        refused(
            &format!("ssh-ed25519 {}", blob(&[b"ssh-ed25519", &[1; 32], b"x"])),
            "extra bytes",
        );
        refused(
            &format!("ssh-rsa {}", blob(&[b"ssh-rsa", &[1, 0, 1], &[0xff; 64]])),
            "shorter than 1024 bits",
        );
        refused(
            &format!(
                "ecdsa-sha2-nistp256 {}",
                blob(&[b"ecdsa-sha2-nistp256", b"nistp384", &[4; 65]])
            ),
            "curve is not nistp256",
        );
        refused(
            &format!("ssh-ed25519 {}", STANDARD.encode([0, 0, 1])),
            "damaged or truncated",
        );
        refused("ssh-ed25519 AAAA\u{1b}[2J", "control character");
    }

    #[test]
    fn shell_quoting_survives_quotes_spaces_and_dollars() {
        assert_eq!(shell_quote("asha"), "'asha'");
        assert_eq!(
            shell_quote("/srv/it's here/$HOME `x`"),
            r"'/srv/it'\''s here/$HOME `x`'"
        );
        let words = shell_words(&format!(
            "{} --as {}",
            shell_quote("/a b/it's"),
            shell_quote("asha")
        ))
        .unwrap();
        assert_eq!(words, vec!["/a b/it's", "--as", "asha"]);
        assert_eq!(
            shell_words("a \"b \\\" c\" d\\ e").unwrap(),
            vec!["a", "b \" c", "d e"]
        );
        assert_eq!(shell_words("'unterminated"), None);
    }

    #[test]
    fn the_line_forces_the_dashboard_as_the_login() {
        let key = parse(ED25519).unwrap();
        let line = authorized_keys_line(
            Path::new("/opt/bb/branchboard"),
            Path::new("/srv/branch/it's.db"),
            "asha",
            &key,
        )
        .unwrap();
        assert_eq!(
            line,
            format!(
                r#"command="'/opt/bb/branchboard' --db '/srv/branch/it'\''s.db' --as 'asha'",restrict,pty {ED25519}"#
            )
        );
        let entry = parse_authorized_line(&line, 3).unwrap();
        assert_eq!(entry.login.as_deref(), Some("asha"));
        assert_eq!(entry.db.as_deref(), Some("/srv/branch/it's.db"));
        assert_eq!(entry.blob, key.blob);
        assert_eq!(entry.comment, "user@host k_ed25519");
        assert_eq!(entry.line, 3);
        for bad in [
            "/srv/a\"b.db",
            "/srv/a\\b.db",
            "/srv/a\nb.db",
            "relative.db",
        ] {
            let err = authorized_keys_line(Path::new("/opt/bb"), Path::new(bad), "asha", &key)
                .unwrap_err();
            assert!(
                err.contains("cannot be written") || err.contains("not an absolute path"),
                "{bad}: {err}"
            );
        }
        assert!(
            authorized_keys_line(Path::new("/b"), Path::new("/d"), "Asha; rm -rf /", &key).is_err()
        );
    }

    #[test]
    fn other_lines_are_read_but_carry_no_login() {
        let plain = parse_authorized_line(ED25519, 1).unwrap();
        assert_eq!(plain.login, None);
        let other_command = parse_authorized_line(
            &format!("command=\"/usr/bin/rsync --server\",no-pty {RSA}"),
            2,
        )
        .unwrap();
        assert_eq!(other_command.login, None);
        assert_eq!(other_command.key_type, "ssh-rsa");
        let by_hand = parse_authorized_line(
            &format!("no-agent-forwarding,command=\"branchboard --as=ravi\" {ED25519}"),
            4,
        )
        .unwrap();
        assert_eq!(by_hand.login.as_deref(), Some("ravi"));
        assert!(parse_authorized_line("# a comment", 5).is_none());
        assert!(parse_authorized_line("   ", 6).is_none());
    }

    #[test]
    fn removing_a_login_keeps_every_other_byte() {
        let key = parse(ED25519).unwrap();
        let rsa = parse(RSA).unwrap();
        let asha = authorized_keys_line(Path::new("/b"), Path::new("/d.db"), "asha", &key).unwrap();
        let ravi = authorized_keys_line(Path::new("/b"), Path::new("/d.db"), "ravi", &rsa).unwrap();
        let contents = format!("# keys\r\n{ECDSA_256}   \n\n{asha}\n{ravi}\r\n{asha}").into_bytes();
        let (kept, removed) = without_login(&contents, "asha");
        assert_eq!(removed, 2);
        assert_eq!(
            kept,
            format!("# keys\r\n{ECDSA_256}   \n\n{ravi}\r\n").into_bytes()
        );
        let (same, none) = without_login(&contents, "nobody");
        assert_eq!((same, none), (contents.clone(), 0));
    }

    #[test]
    fn a_requested_command_is_refused_and_never_names_the_identity() {
        assert!(requested_command_refusal(None).is_none());
        assert!(requested_command_refusal(Some(OsStr::new(""))).is_none());
        let refusal =
            requested_command_refusal(Some(OsStr::new("/bin/sh -c 'echo PWNED'"))).unwrap();
        assert_eq!(refusal.code, 3);
        assert_eq!(
            refusal.lines,
            vec![
                "this key opens the branchboard dashboard only; the command \"/bin/sh -c 'echo PWNED'\" was not run"
            ]
        );
        let long = "x".repeat(500);
        let refusal = requested_command_refusal(Some(OsStr::new(&long))).unwrap();
        assert!(refusal.lines[0].len() < 300 && refusal.lines[0].contains('…'));
    }

    #[test]
    fn atomic_replacement_creates_a_private_file_and_directory() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("home/.ssh/authorized_keys");
        replace_file_atomically(&file, b"one\n").unwrap();
        assert_eq!(std::fs::read(&file).unwrap(), b"one\n");
        let mode = |p: &Path| std::fs::metadata(p).unwrap().mode() & 0o777;
        assert_eq!(mode(&file), 0o600);
        assert_eq!(mode(file.parent().unwrap()), 0o700);
        replace_file_atomically(&file, b"one\ntwo\n").unwrap();
        assert_eq!(std::fs::read(&file).unwrap(), b"one\ntwo\n");
        let leftovers: Vec<_> = std::fs::read_dir(file.parent().unwrap())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(leftovers, vec![std::ffi::OsString::from("authorized_keys")]);
    }
}
