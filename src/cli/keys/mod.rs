//! `keys add|list|remove`: the `authorized_keys` lines that make OpenSSH hand a person the
//! dashboard as their login, and the guard that refuses any other command sent over such a key.
//!
//! OpenSSH authenticates; the line's forced command `BIN --db DB --as LOGIN` carries the identity
//! in argv, and `restrict,pty` takes away forwarding, agents, X11 and `~/.ssh/rc` while keeping
//! the terminal the dashboard needs (SPEC §7). sshd runs the forced command through the
//! account's shell, so every value in it is shell-quoted here.

use super::args::KeysAction;
use super::{Context, Failure};
use crate::domain::actor::Actor;
use crate::domain::login::is_valid_login;
use crate::store::Store;
use std::ffi::OsStr;
use std::io::Write;
use std::path::{Path, PathBuf};
use unicode_width::UnicodeWidthStr;

mod authorized_keys;
mod public_key;

use authorized_keys::*;
use public_key::*;
#[cfg(test)]
mod tests;

/// The longest requested command quoted back in a refusal.
const SHOWN_COMMAND_CHARS: usize = 200;

pub fn run(context: &Context, action: &KeysAction) -> Result<(), Failure> {
    let store = context.open_store()?;
    let actor = context.actor(&store)?;
    actor.ensure_manager("manage SSH keys")?;
    match action {
        KeysAction::Add { login, pubkey, write } => add(&store, &actor, login, pubkey, write.as_ref()),
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
    Some(Failure::new(3, format!("this key opens the branchboard dashboard only; the command {shown:?} was not run")))
}

/// `--file`/`--write` when given, else `$HOME/.ssh/authorized_keys` of the running user.
fn authorized_keys_path(given: Option<&PathBuf>) -> Result<PathBuf, Failure> {
    if let Some(path) = given {
        return Ok(path.clone());
    }
    let home = std::env::var_os("HOME").filter(|h| !h.is_empty()).ok_or_else(|| {
        Failure::usage("HOME is not set, so there is no default authorized_keys file; pass the file explicitly")
    })?;
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
    let text = std::fs::read(pubkey).map_err(|e| Failure::new(1, format!("{shown}: cannot read: {e}")))?;
    let text = String::from_utf8(text)
        .map_err(|_| Failure::usage(format!("{shown}: not a public key file (not UTF-8 text)")))?;
    let key = parse_public_key_file(&text, &shown).map_err(Failure::usage)?;
    let binary = std::env::current_exe()
        .and_then(std::fs::canonicalize)
        .map_err(|e| Failure::new(1, format!("cannot tell where the branchboard binary is: {e}")))?;
    let db = std::fs::canonicalize(store.path())
        .map_err(|e| Failure::new(1, format!("{}: cannot resolve the path: {e}", store.path().display())))?;
    let line = authorized_keys_line(&binary, &db, login, &key).map_err(|e| Failure::new(1, e))?;
    let Some(write) = write else {
        writeln!(std::io::stdout().lock(), "{line}")?;
        return Ok(());
    };
    let file = authorized_keys_path(write.as_ref())?;
    // Write next to the real file when the path is a symlink, so the link stays a link.
    let file = std::fs::canonicalize(&file).unwrap_or(file);
    let _lock = lock_beside(&file)?;
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
    eprintln!("added {login}'s {} key {} to {} (by {})", key.key_type, key.fingerprint(), file.display(), actor.login);
    Ok(())
}

fn list(store: &Store, file: &Path) -> Result<(), Failure> {
    let existing = read_existing(file)?;
    let ours = std::fs::canonicalize(store.path()).ok().map(|p| p.to_string_lossy().into_owned());
    let rows: Vec<[String; 4]> = parse_authorized_keys(&existing)
        .into_iter()
        .filter_map(|entry| {
            let login = entry.login.clone()?;
            // The file may have been edited by hand: show its comments, never run them.
            let mut comment = crate::domain::text::for_display(&entry.comment).into_owned();
            if let Some(db) = entry.db.as_ref().filter(|db| ours.as_ref() != Some(*db)) {
                comment = format!("{comment} [branch file {db}]").trim_start().to_string();
            }
            Some([login, entry.key_type.clone(), entry.fingerprint(), comment])
        })
        .collect();
    if rows.is_empty() {
        eprintln!("no branchboard keys in {}", file.display());
        return Ok(());
    }
    let width = |i: usize| rows.iter().map(|r| r[i].width()).max().unwrap_or(0);
    let (login_width, type_width) = (width(0), width(1));
    let mut out = std::io::stdout().lock();
    for [login, key_type, fingerprint, comment] in &rows {
        let line = format!("{login:<login_width$}  {key_type:<type_width$}  {fingerprint}  {comment}");
        writeln!(out, "{}", line.trim_end())?;
    }
    Ok(())
}

fn remove(login: &str, file: &Path) -> Result<(), Failure> {
    if !is_valid_login(login) {
        return Err(Failure::usage(format!("{login:?} is not a valid login")));
    }
    let file = std::fs::canonicalize(file).unwrap_or_else(|_| file.to_path_buf());
    let _lock = lock_beside(&file)?;
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
