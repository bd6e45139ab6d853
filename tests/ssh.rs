//! SSH access (SPEC §7): `keys add|list|remove` through the real binary, and a real OpenSSH
//! server on 127.0.0.1 that authenticates with the `keys add` line: the key opens the dashboard
//! as its login and nothing else — no command, no sftp or scp, no forwarding — and a key that
//! is not in the file is denied.
//!
//! The real-SSH tests need `sshd`, `ssh`, `ssh-keygen`, `scp` and `tmux` (Debian:
//! openssh-server, openssh-client, tmux; `.ci/run` installs them). Without them they print a
//! loud note and pass locally, but fail under CI (`CI` set), where a skip would hide a gap.

mod common;

use common::Branch;
use std::io::Read;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

// Public keys made with ssh-keygen for these tests (the private halves were thrown away).
const ASHA_KEY: &str = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIDbzIeM4HvgVOSCOxF0C7JPRytJeAToOI/pK2XswUNjh asha@laptop\n";
const ASHA_FINGERPRINT: &str = "SHA256:ovGyZQYtyXlANufqZXfaR6rD7Q1xiIO+F4JVlVeLzec";
const RAVI_KEY: &str = "ecdsa-sha2-nistp256 AAAAE2VjZHNhLXNoYTItbmlzdHAyNTYAAAAIbmlzdHAyNTYAAABBBLXEH/HHqGmsIqicHYPmNSjXeKP9YGkRZGqLaAzE030Jj64g60dcIrCNQc4bXcDvedIprCKyuGrg9NPw4uiThbI= ravi@desk\n";
const RAVI_FINGERPRINT: &str = "SHA256:5KZuM6mfP0wDoKBdlzb/2126oMfystvjXS2UCnUB1TA";
const ADMIN_LINE: &str = "ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQDPLRBEaSMpPwqwAuTtg1oiJJ+wJmWnee4qHSOvrpVAPL+h7pYIvuc96v0sBi98fAeQI/DULgWAXJKxOzH/10qbvlIpOHfSDG/+Mz1uC7UUnMe+jpCqxKvOGYdoFqke0FWgzq1Z2LvgZKOTTJQ4If5w8DPGLVEJuTLsMU5SLn0WXHTyZmaLfXZs545lk9kqxIr/Xy5Mn0ocZTMCRmdKAuLTOlFYbx1RFH87MHNXuf4n0yfV2AP6fpq5/FmKPzv68ZjxXxeqzodqQ6qWEBNBQAFmf5s8z+zLn+/49o3okHwZv/iJk+2EyZP4VHKRAujOTjHj21+c5WtQAemVTs7zuZ/v admin@server";

const STAFF: &str = "login,name,role,manager_login,focus,segments,os_user\n\
                     asha,Asha Rao,relationship_manager,boss,segment,affluent,\n\
                     ravi,Ravi Kumar,relationship_manager,boss,segment,mass_retail,\n";

/// A branch with the RMs `asha` and `ravi`, managed by `boss`, in `dir/sub/branch.db`.
fn branch_in(sub: &str) -> Branch {
    let dir = tempfile::tempdir().expect("temp dir");
    let folder = dir.path().join(sub);
    std::fs::create_dir_all(&folder).unwrap();
    let branch = Branch { db: folder.join("branch.db"), dir };
    branch.ok(&["init", "--branch", "Test Branch", "--manager", "boss", "--manager-name", "Bina Shah"]);
    let staff = branch.file("staff.csv", STAFF);
    branch.ok_as("boss", &["import", "staff", staff.to_str().unwrap()]);
    branch
}

fn canonical(path: &Path) -> String {
    std::fs::canonicalize(path).unwrap().to_str().unwrap().to_string()
}

/// One word of the forced command as `keys add` writes it: quoted for the shell by shlex, its
/// `"` escaped for the authorized_keys option.
fn forced_word(word: &str) -> String {
    shlex::try_quote(word).unwrap().replace('"', "\\\"")
}

fn mode(path: &Path) -> u32 {
    std::fs::metadata(path).unwrap().permissions().mode() & 0o777
}

// ---------------------------------------------------------------------------------------------
// keys add | list | remove, without a server

#[test]
fn keys_add_prints_the_forced_command_line() {
    let b = branch_in("branch");
    let key = b.file("asha.pub", ASHA_KEY);
    let line = b.ok_as("boss", &["keys", "add", "asha", key.to_str().unwrap()]);
    let expected = format!(
        "command=\"{} --db {} --as asha\",restrict,pty {ASHA_KEY}",
        forced_word(&canonical(Path::new(env!("CARGO_BIN_EXE_branchboard")))),
        forced_word(&canonical(&b.db))
    );
    assert_eq!(line, expected);
}

#[test]
fn keys_add_quotes_paths_for_the_shell_and_refuses_unsafe_ones() {
    let b = branch_in("it's a branch");
    let key = b.file("asha.pub", ASHA_KEY);
    let line = b.ok_as("boss", &["keys", "add", "asha", key.to_str().unwrap()]);
    let db = canonical(&b.db);
    assert!(db.contains("it's a branch"));
    // shlex double-quotes a path holding `'`; authorized_keys carries those quotes as `\"`.
    assert!(line.contains(&format!(r#"--db \"{db}\" --as asha",restrict,pty "#)), "{line}");

    for unsafe_dir in ["quote\"d", "back\\slash"] {
        let b = branch_in(unsafe_dir);
        let key = b.file("asha.pub", ASHA_KEY);
        let run = b.run_as("boss", &["keys", "add", "asha", key.to_str().unwrap()]);
        assert_eq!(run.code, 1, "{unsafe_dir}: {}", run.stderr);
        assert!(run.stderr.contains("cannot be written into authorized_keys safely"), "{}", run.stderr);
        assert!(run.stdout.is_empty());
    }
}

#[test]
fn keys_add_write_appends_once_atomically_and_privately() {
    let b = branch_in("branch");
    let asha = b.file("asha.pub", ASHA_KEY);
    let ravi = b.file("ravi.pub", RAVI_KEY);
    let ssh_dir = b.dir.path().join("home/.ssh");
    let file = ssh_dir.join("authorized_keys");
    let add = |login: &str, key: &Path| {
        b.run_as("boss", &["keys", "add", login, key.to_str().unwrap(), "--write", file.to_str().unwrap()])
    };

    let first = add("asha", &asha);
    assert_eq!(first.code, 0, "{}", first.stderr);
    assert!(first.stdout.is_empty(), "--write prints nothing on stdout: {}", first.stdout);
    assert!(first.stderr.contains(ASHA_FINGERPRINT), "{}", first.stderr);
    assert_eq!(mode(&ssh_dir), 0o700);
    assert_eq!(mode(&file), 0o600);
    let once = std::fs::read_to_string(&file).unwrap();
    assert_eq!(once.lines().count(), 1);
    assert!(once.starts_with("command=\"") && once.ends_with(ASHA_KEY), "{once}");

    // The same key again: reported, nothing changed.
    let again = add("asha", &asha);
    assert_eq!(again.code, 0, "{}", again.stderr);
    assert!(again.stderr.contains("already present for asha"), "{}", again.stderr);
    assert_eq!(std::fs::read_to_string(&file).unwrap(), once);
    // One key is one identity: the same key for another person is refused.
    let stolen = add("ravi", &asha);
    assert_eq!(stolen.code, 1);
    assert!(stolen.stderr.contains("already present for asha"), "{}", stolen.stderr);
    assert_eq!(std::fs::read_to_string(&file).unwrap(), once);

    // Lines already there (here without a final newline) stay as they are.
    std::fs::write(&file, format!("# the service account's own admin key\n{ADMIN_LINE}")).unwrap();
    assert_eq!(add("asha", &asha).code, 0);
    assert_eq!(add("ravi", &ravi).code, 0);
    let text = std::fs::read_to_string(&file).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 4, "{text}");
    assert_eq!(lines[..2], ["# the service account's own admin key", ADMIN_LINE]);
    assert!(lines[2].contains("--as asha\",") && lines[3].contains("--as ravi\","), "{text}");
    // A key that is in the file without the forced command is not given a second line,
    // which sshd would never reach.
    let admin = b.file("admin.pub", ADMIN_LINE);
    let shadowed = add("asha", &admin);
    assert_eq!(shadowed.code, 1);
    assert!(shadowed.stderr.contains("without branchboard's forced command"), "{}", shadowed.stderr);
    assert_eq!(std::fs::read_to_string(&file).unwrap(), text);
    let mut leftovers: Vec<_> = std::fs::read_dir(&ssh_dir).unwrap().map(|e| e.unwrap().file_name()).collect();
    leftovers.sort();
    // Only the file and the lock that serialises writers: no temporary files are left behind.
    assert_eq!(leftovers, [".authorized_keys.branchboard-lock", "authorized_keys"]);

    // Without a file name, --write means ~/.ssh/authorized_keys of the running user.
    let home = b.dir.path().join("elsewhere");
    std::fs::create_dir(&home).unwrap();
    let mut command = b.command();
    let out = command
        .env("HOME", &home)
        .args(["--as", "boss", "keys", "add", "asha", asha.to_str().unwrap(), "--write"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(std::fs::read_to_string(home.join(".ssh/authorized_keys")).unwrap().ends_with(ASHA_KEY));
}

/// A well-formed ed25519 public key line whose key bytes are all `seed`.
fn ed25519_line(seed: u8, comment: &str) -> String {
    use base64::Engine;
    let mut blob = Vec::new();
    for part in [b"ssh-ed25519".as_slice(), &[seed; 32]] {
        blob.extend_from_slice(&(part.len() as u32).to_be_bytes());
        blob.extend_from_slice(part);
    }
    format!("ssh-ed25519 {} {comment}\n", base64::engine::general_purpose::STANDARD.encode(blob))
}

#[test]
fn keys_added_at_the_same_moment_are_all_kept() {
    let b = branch_in("branch");
    let mut staff = String::from("login,name,role,manager_login,focus,segments,os_user\n");
    for i in 0..8 {
        staff.push_str(&format!("rm{i},RM {i},relationship_manager,boss,product,affluent,\n"));
    }
    let staff_file = b.file("more-staff.csv", staff);
    b.ok_as("boss", &["import", "staff", staff_file.to_str().unwrap()]);
    let file = b.dir.path().join("home/.ssh/authorized_keys");
    let barrier = Arc::new(std::sync::Barrier::new(8));
    let handles: Vec<_> = (0..8u8)
        .map(|i| {
            let key = b.file(&format!("rm{i}.pub"), ed25519_line(i + 1, &format!("rm{i}@desk")));
            let mut command = b.command();
            command
                .args(["--as", "boss", "keys", "add", &format!("rm{i}"), key.to_str().unwrap(), "--write"])
                .arg(&file);
            let barrier = Arc::clone(&barrier);
            std::thread::spawn(move || {
                barrier.wait();
                command.output().unwrap()
            })
        })
        .collect();
    for handle in handles {
        let out = handle.join().unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    }
    let text = std::fs::read_to_string(&file).unwrap();
    for i in 0..8 {
        assert!(text.contains(&format!("--as rm{i}\",")), "rm{i} was lost:\n{text}");
    }
    assert_eq!(text.lines().count(), 8, "{text}");
}

#[test]
fn keys_add_refuses_staff_strangers_and_anything_but_one_public_key() {
    let b = branch_in("branch");
    let asha = b.file("asha.pub", ASHA_KEY);
    let add = |who: &str, login: &str, key: &Path| b.run_as(who, &["keys", "add", login, key.to_str().unwrap()]);

    let staff = add("asha", "asha", &asha);
    assert_eq!(staff.code, 3, "only the branch manager manages keys: {}", staff.stderr);
    assert!(staff.stderr.contains("only the branch manager"), "{}", staff.stderr);
    assert_eq!(add("nobody", "asha", &asha).code, 3);
    let stranger = add("boss", "zoe", &asha);
    assert_eq!(stranger.code, 2);
    assert!(stranger.stderr.contains("no staff member") && stranger.stderr.contains("\"zoe\""), "{}", stranger.stderr);
    let invalid = add("boss", "Asha;sh", &asha);
    assert_eq!(invalid.code, 2);
    assert!(invalid.stderr.contains("not a valid login"), "{}", invalid.stderr);
    let missing = add("boss", "asha", &b.dir.path().join("missing.pub"));
    assert_eq!(missing.code, 1);
    assert!(missing.stderr.contains("missing.pub: cannot read"), "{}", missing.stderr);

    for (name, contents, expected) in [
        (
            "private",
            "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjE=\n-----END OPENSSH PRIVATE KEY-----\n",
            "private:1: this is a private key",
        ),
        ("two", &format!("{ASHA_KEY}{RAVI_KEY}"), "two:2: a second line"),
        ("options", &format!("no-pty {ASHA_KEY}"), "options:1: the key is preceded by \"no-pty\""),
        ("junk", "\nhello there\n", "junk:2: not an OpenSSH public key"),
        ("mismatch", &ASHA_KEY.replace("ssh-ed25519", "ssh-rsa"), "mismatch:1: the key data is a \"ssh-ed25519\" key"),
        ("empty", "", "empty: no public key"),
    ] {
        let file = b.file(name, contents);
        let run = add("boss", "asha", &file);
        assert_eq!(run.code, 2, "{name}: {}", run.stderr);
        let shown = format!("{}{}", b.dir.path().join("").display(), expected);
        assert!(run.stderr.contains(&shown), "{name}: expected {shown:?} in {}", run.stderr);
        assert!(run.stdout.is_empty());
    }
}

#[test]
fn keys_list_and_remove_touch_only_branchboard_lines() {
    let b = branch_in("branch");
    let file = b.dir.path().join("authorized_keys");
    std::fs::write(&file, format!("# keep me\n{ADMIN_LINE}\n")).unwrap();
    for (login, key) in [("asha", ASHA_KEY), ("ravi", RAVI_KEY)] {
        let pubkey = b.file(&format!("{login}.pub"), key);
        b.ok_as("boss", &["keys", "add", login, pubkey.to_str().unwrap(), "--write", file.to_str().unwrap()]);
    }
    let file_arg = file.to_str().unwrap();
    let listed = b.ok_as("boss", &["keys", "list", "--file", file_arg]);
    let rows: Vec<Vec<&str>> = listed.lines().map(|l| l.split_whitespace().collect()).collect();
    assert_eq!(
        rows,
        vec![
            vec!["asha", "ssh-ed25519", ASHA_FINGERPRINT, "asha@laptop"],
            vec!["ravi", "ecdsa-sha2-nistp256", RAVI_FINGERPRINT, "ravi@desk"],
        ],
        "{listed}"
    );
    assert_eq!(b.run_as("asha", &["keys", "list", "--file", file_arg]).code, 3);
    assert_eq!(b.run_as("asha", &["keys", "remove", "ravi", "--file", file_arg]).code, 3);

    let before = std::fs::read_to_string(&file).unwrap();
    let removed = b.run_as("boss", &["keys", "remove", "asha", "--file", file_arg]);
    assert_eq!(removed.code, 0, "{}", removed.stderr);
    assert!(removed.stderr.contains("removed 1 key of asha"), "{}", removed.stderr);
    let after = std::fs::read_to_string(&file).unwrap();
    let expected: String = before.split_inclusive('\n').filter(|l| !l.contains("--as asha\",")).collect();
    assert_eq!(after, expected, "every other line is kept byte for byte");
    assert_eq!(mode(&file), 0o600);
    assert_eq!(b.ok_as("boss", &["keys", "list", "--file", file_arg]).lines().count(), 1);

    let again = b.run_as("boss", &["keys", "remove", "asha", "--file", file_arg]);
    assert_eq!(again.code, 0);
    assert!(again.stderr.contains("no key of asha") && again.stderr.contains("nothing changed"), "{}", again.stderr);
    assert_eq!(std::fs::read_to_string(&file).unwrap(), after);
    assert_eq!(b.run_as("boss", &["keys", "remove", "Not Valid", "--file", file_arg]).code, 2);
}

#[test]
fn a_command_requested_through_the_forced_command_is_refused_without_a_server() {
    let b = branch_in("branch");
    for requested in ["/bin/sh -c 'echo PWNED'", "internal-sftp", "scp -f /etc/passwd"] {
        let mut command = b.command();
        let out = command.env("SSH_ORIGINAL_COMMAND", requested).args(["--as", "asha"]).output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(3), "{requested}: {stderr}");
        assert!(
            stderr.contains(&format!(
                "this key opens the branchboard dashboard only; the command {requested:?} was not run"
            )),
            "{stderr}"
        );
        assert!(out.stdout.is_empty());
    }
}

// ---------------------------------------------------------------------------------------------
// A real OpenSSH server

struct Tools {
    sshd: PathBuf,
    ssh: PathBuf,
    scp: PathBuf,
    ssh_keygen: PathBuf,
    tmux: PathBuf,
}

fn on_path(program: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH").unwrap_or_default();
    std::env::split_paths(&path)
        .chain(["/usr/bin", "/usr/sbin", "/usr/local/bin", "/usr/local/sbin"].map(PathBuf::from))
        .map(|dir| dir.join(program))
        .find(|candidate| candidate.is_file())
}

/// The OpenSSH tools, or `None` (with a loud note) on a machine without them. Under CI a
/// missing tool fails the test instead.
fn tools(test: &str) -> Option<Tools> {
    let found = ["sshd", "ssh", "scp", "ssh-keygen", "tmux"].map(|p| (p, on_path(p)));
    let missing: Vec<&str> = found.iter().filter(|(_, path)| path.is_none()).map(|(name, _)| *name).collect();
    if missing.is_empty() {
        let [sshd, ssh, scp, ssh_keygen, tmux] = found.map(|(_, path)| path.unwrap());
        return Some(Tools { sshd, ssh, scp, ssh_keygen, tmux });
    }
    let message =
        format!("{test}: {} not installed (apt-get install openssh-server openssh-client tmux)", missing.join(", "));
    if std::env::var_os("CI").is_some_and(|v| !v.is_empty()) {
        panic!("{message}; CI must run the real-SSH tests");
    }
    eprintln!("\n!!!!!!!! NOT RUN: {message} !!!!!!!!\n");
    None
}

/// The whole output of a program that had to finish within a time limit.
struct Outcome {
    code: Option<i32>,
    stdout: String,
    stderr: String,
}

fn run_bounded(mut command: Command, limit: Duration, what: &str) -> Outcome {
    command.stdin(Stdio::null()).stdout(Stdio::piped()).stderr(Stdio::piped());
    let mut child = command.spawn().unwrap_or_else(|e| panic!("{what}: cannot start: {e}"));
    let reader = |mut pipe: Box<dyn Read + Send>| {
        std::thread::spawn(move || {
            let mut text = String::new();
            let _ = pipe.read_to_string(&mut text);
            text
        })
    };
    let stdout = reader(Box::new(child.stdout.take().unwrap()));
    let stderr = reader(Box::new(child.stderr.take().unwrap()));
    let deadline = Instant::now() + limit;
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if Instant::now() >= deadline {
            let _ = child.kill();
            let _ = child.wait();
            panic!("{what}: still running after {limit:?}");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    Outcome { code: status.code(), stdout: stdout.join().unwrap(), stderr: stderr.join().unwrap() }
}

fn run_ok(program: &Path, args: &[&str], what: &str) {
    let mut command = Command::new(program);
    command.args(args);
    let outcome = run_bounded(command, Duration::from_secs(20), what);
    assert_eq!(outcome.code, Some(0), "{what} failed: {}{}", outcome.stdout, outcome.stderr);
}

/// A running `sshd -D`; killed (with its listener) when dropped, however the test ends.
struct Sshd {
    child: Child,
    log: Arc<Mutex<Vec<String>>>,
}

impl Sshd {
    fn log(&self) -> String {
        self.log.lock().unwrap().join("\n")
    }
}

impl Drop for Sshd {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A tmux server on its own socket; killed when dropped.
struct Tmux {
    program: PathBuf,
    socket: PathBuf,
}

impl Tmux {
    fn command(&self) -> Command {
        let mut command = Command::new(&self.program);
        command.arg("-S").arg(&self.socket).arg("-f").arg("/dev/null");
        command
    }

    fn screen(&self) -> String {
        let mut command = self.command();
        command.args(["capture-pane", "-p", "-t", "ssh"]);
        run_bounded(command, Duration::from_secs(5), "tmux capture-pane").stdout
    }

    fn keys(&self, keys: &[&str]) {
        let mut command = self.command();
        command.args(["send-keys", "-t", "ssh"]).args(keys);
        let sent = run_bounded(command, Duration::from_secs(5), "tmux send-keys");
        assert_eq!(sent.code, Some(0), "tmux send-keys {keys:?}: {}", sent.stderr);
    }

    /// Waits (at most 15 s) until the screen shows `text` and returns the screen. Anything
    /// that is not the dashboard — a shell, a refusal, a denial — fails at once.
    fn wait_for(&self, text: &str, server: &Server) -> String {
        let deadline = Instant::now() + Duration::from_secs(15);
        loop {
            let screen = self.screen();
            if screen.contains(text) {
                return screen;
            }
            for wrong in ["Permission denied", "unknown identity", "not allowed", REFUSAL] {
                assert!(!screen.contains(wrong), "{wrong:?} on the screen:\n{screen}");
            }
            if Instant::now() >= deadline || (screen.contains("SSH-EXIT=") && text != "SSH-EXIT=") {
                panic!("{text:?} did not appear; the screen:\n{screen}\nsshd:\n{}", server.sshd.log());
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let mut command = self.command();
        command.arg("kill-server").stdout(Stdio::null()).stderr(Stdio::null());
        let _ = command.status();
    }
}

/// A branch whose RM `asha` may log in over SSH with `rm_key`, served by a private sshd.
struct Server {
    tools: Tools,
    branch: Branch,
    ssh_dir: PathBuf,
    authorized_keys: PathBuf,
    port: u16,
    user: String,
    // Dropped last: the server outlives everything that talks to it.
    sshd: Sshd,
}

impl Server {
    fn start(tools: Tools) -> Server {
        // A quote and a space in the branch's path: the forced command must survive the
        // account's shell.
        let branch = branch_in("it's a branch");
        let ssh_dir = branch.dir.path().join("ssh");
        std::fs::create_dir(&ssh_dir).unwrap();
        std::fs::set_permissions(&ssh_dir, std::fs::Permissions::from_mode(0o700)).unwrap();
        for (name, comment) in [("host_key", "host"), ("rm_key", "asha@laptop"), ("stranger_key", "stranger@elsewhere")]
        {
            let path = ssh_dir.join(name);
            run_ok(
                &tools.ssh_keygen,
                &["-q", "-t", "ed25519", "-N", "", "-C", comment, "-f", path.to_str().unwrap()],
                "ssh-keygen",
            );
            assert_eq!(mode(&path), 0o600);
        }
        let authorized_keys = ssh_dir.join("authorized_keys");
        let pubkey = ssh_dir.join("rm_key.pub");
        branch.ok_as(
            "boss",
            &["keys", "add", "asha", pubkey.to_str().unwrap(), "--write", authorized_keys.to_str().unwrap()],
        );
        let user = run_bounded(
            {
                let mut c = Command::new(on_path("id").unwrap_or_else(|| PathBuf::from("id")));
                c.arg("-un");
                c
            },
            Duration::from_secs(5),
            "id -un",
        )
        .stdout
        .trim()
        .to_string();
        if is_root() {
            // sshd's privilege separation directory, missing on a machine that never ran it.
            std::fs::create_dir_all("/run/sshd").expect("create /run/sshd");
        }
        let mut attempts = Vec::new();
        for _ in 0..3 {
            let port = free_port();
            let config = ssh_dir.join("sshd_config");
            std::fs::write(&config, sshd_config(&ssh_dir, &authorized_keys, port, &user)).unwrap();
            match start_sshd(&tools.sshd, &config) {
                Ok(sshd) => {
                    return Server { tools, branch, ssh_dir, authorized_keys, port, user, sshd };
                }
                Err(log) => attempts.push(log),
            }
        }
        panic!("sshd did not start:\n{}", attempts.join("\n---\n"));
    }

    fn key(&self, name: &str) -> PathBuf {
        self.ssh_dir.join(name)
    }

    /// Options every client connection uses: this key only, no agent, no user config, no
    /// prompts, no known_hosts.
    fn client_options(&self, key: &Path) -> Vec<String> {
        let mut options: Vec<String> = ["-F", "/dev/null", "-i"].map(String::from).to_vec();
        options.push(key.to_str().unwrap().to_string());
        for option in [
            "StrictHostKeyChecking=no",
            "UserKnownHostsFile=/dev/null",
            "BatchMode=yes",
            "IdentitiesOnly=yes",
            "IdentityAgent=none",
            "ConnectTimeout=5",
            "LogLevel=ERROR",
        ] {
            options.push("-o".into());
            options.push(option.into());
        }
        options
    }

    fn ssh(&self, key: &str, args: &[&str]) -> Command {
        let mut command = Command::new(&self.tools.ssh);
        command.args(self.client_options(&self.key(key))).arg("-p").arg(self.port.to_string());
        command.args(args);
        command
    }

    fn target(&self) -> String {
        format!("{}@127.0.0.1", self.user)
    }

    #[track_caller]
    fn run(&self, command: Command, what: &str) -> Outcome {
        let outcome = run_bounded(command, Duration::from_secs(15), what);
        eprintln!(
            "{what}: exit {:?}\n  stdout: {}\n  stderr: {}",
            outcome.code,
            outcome.stdout.trim(),
            outcome.stderr.trim()
        );
        outcome
    }
}

fn is_root() -> bool {
    std::fs::metadata("/proc/self").map(|m| std::os::unix::fs::MetadataExt::uid(&m) == 0).unwrap_or(false)
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

fn sshd_config(dir: &Path, authorized_keys: &Path, port: u16, user: &str) -> String {
    // Only options OpenSSH 8.7 and later all know: a newer one stops an older sshd from starting.
    // Forwarding is left at sshd's defaults so that the key's `restrict` is what refuses it.
    format!(
        "Port {port}\n\
         ListenAddress 127.0.0.1\n\
         HostKey {dir}/host_key\n\
         PidFile {dir}/sshd.pid\n\
         AuthorizedKeysFile {keys}\n\
         AllowUsers {user}\n\
         PermitRootLogin prohibit-password\n\
         PubkeyAuthentication yes\n\
         PasswordAuthentication no\n\
         KbdInteractiveAuthentication no\n\
         UsePAM no\n\
         StrictModes no\n\
         Subsystem sftp internal-sftp\n\
         LogLevel VERBOSE\n",
        dir = dir.display(),
        keys = authorized_keys.display(),
    )
}

/// Starts `sshd -D -e` and waits (bounded) for "Server listening"; its log on failure.
fn start_sshd(program: &Path, config: &Path) -> Result<Sshd, String> {
    let mut child = Command::new(program)
        .arg("-D")
        .arg("-e")
        .arg("-f")
        .arg(config)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| format!("cannot start {}: {e}", program.display()))?;
    let log = Arc::new(Mutex::new(Vec::new()));
    let stderr = child.stderr.take().unwrap();
    let collected = Arc::clone(&log);
    std::thread::spawn(move || {
        use std::io::BufRead;
        for line in std::io::BufReader::new(stderr).lines().map_while(Result::ok) {
            collected.lock().unwrap().push(line);
        }
    });
    let mut sshd = Sshd { child, log };
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        if sshd.log().contains("Server listening") {
            return Ok(sshd);
        }
        if let Some(status) = sshd.child.try_wait().unwrap() {
            std::thread::sleep(Duration::from_millis(100));
            return Err(format!("sshd exited ({status}):\n{}", sshd.log()));
        }
        if Instant::now() >= deadline {
            return Err(format!("sshd did not say \"Server listening\" within 10 s:\n{}", sshd.log()));
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

fn said_alone(outcome: &Outcome, word: &str) -> bool {
    outcome.stdout.lines().chain(outcome.stderr.lines()).any(|l| l.trim() == word)
}

const REFUSAL: &str = "this key opens the branchboard dashboard only";

#[test]
fn a_command_sent_over_ssh_never_runs() {
    let Some(tools) = tools("a_command_sent_over_ssh_never_runs") else {
        return;
    };
    let server = Server::start(tools);
    let target = server.target();

    let exec =
        server.run(server.ssh("rm_key", &[&target, "/bin/sh -c 'echo PWNED'"]), "ssh HOST /bin/sh -c 'echo PWNED'");
    assert!(!said_alone(&exec, "PWNED"), "the requested command ran");
    assert_eq!(exec.code, Some(3), "{}", exec.stderr);
    assert!(exec.stderr.contains(REFUSAL) && exec.stderr.contains("echo PWNED"), "{}", exec.stderr);

    // Asking for another identity is just another command.
    let other = server.run(server.ssh("rm_key", &["--", &target, "--as boss export audit"]), "ssh HOST --as boss");
    assert_eq!(other.code, Some(3));
    assert!(other.stderr.contains(REFUSAL) && other.stdout.is_empty(), "{}", other.stderr);

    // The sftp subsystem, and scp in both its protocols, reach the refusal too. sshd drops a
    // subsystem's stderr, so for sftp the refusal shows as its exit code alone.
    let sftp = server.run(server.ssh("rm_key", &["-s", &target, "sftp"]), "ssh -s sftp");
    assert_eq!(sftp.code, Some(3), "{}", sftp.stderr);
    // Without a terminal the forced command still runs, and says the dashboard needs one.
    let no_tty = server.run(server.ssh("rm_key", &["-T", &target]), "ssh -T");
    assert_eq!(no_tty.code, Some(1), "{}", no_tty.stderr);
    assert!(no_tty.stderr.contains("needs a terminal"), "{}", no_tty.stderr);
    let copy = server.ssh_dir.join("copied");
    for legacy in [false, true] {
        let mut scp = Command::new(&server.tools.scp);
        scp.args(server.client_options(&server.key("rm_key"))).arg("-P").arg(server.port.to_string());
        if legacy {
            scp.arg("-O");
        }
        scp.arg(format!("{target}:/etc/hostname")).arg(&copy);
        let outcome = server.run(scp, if legacy { "scp -O" } else { "scp" });
        assert_ne!(outcome.code, Some(0), "scp succeeded");
        assert!(!copy.exists(), "scp copied a file");
    }
    assert!(server.sshd.log().contains("Accepted publickey"), "{}", server.sshd.log());
}

#[test]
fn forwarding_over_the_key_is_refused() {
    let Some(tools) = tools("forwarding_over_the_key_is_refused") else {
        return;
    };
    let server = Server::start(tools);
    let target = server.target();
    let listen = format!("0:127.0.0.1:{}", server.port);
    let remote =
        server.run(server.ssh("rm_key", &["-N", "-o", "ExitOnForwardFailure=yes", "-R", &listen, &target]), "ssh -R");
    assert_eq!(remote.code, Some(255), "{}", remote.stderr);
    assert!(remote.stderr.contains("remote port forwarding failed"), "{}", remote.stderr);
    // -W opens the same kind of channel as -L: refused too.
    let stdio = server.run(server.ssh("rm_key", &["-W", &format!("127.0.0.1:{}", server.port), &target]), "ssh -W");
    assert_eq!(stdio.code, Some(255), "{}", stdio.stderr);
    assert!(stdio.stderr.contains("stdio forwarding failed"), "{}", stdio.stderr);
}

#[test]
fn a_key_not_in_the_file_is_denied() {
    let Some(tools) = tools("a_key_not_in_the_file_is_denied") else {
        return;
    };
    let server = Server::start(tools);
    let target = server.target();
    let denied = server.run(server.ssh("stranger_key", &[&target]), "ssh with an unlisted key");
    assert_eq!(denied.code, Some(255));
    assert!(denied.stderr.contains("Permission denied"), "{}", denied.stderr);
    assert!(!denied.stderr.contains(REFUSAL));

    // A removed key is denied from then on.
    let file = server.authorized_keys.to_str().unwrap();
    server.branch.ok_as("boss", &["keys", "remove", "asha", "--file", file]);
    let removed = server.run(server.ssh("rm_key", &[&target, "true"]), "ssh with a removed key");
    assert_eq!(removed.code, Some(255));
    assert!(removed.stderr.contains("Permission denied"), "{}", removed.stderr);
}

/// Connects with `ssh -tt` inside tmux (a real terminal, 100×30): the dashboard opens as
/// asha (sshd accepted asha's key, by fingerprint, and the status bar names her); an actual
/// edited through it is saved and audited under asha's login, via the dashboard.
#[test]
fn dashboard_over_ssh_as_the_rm() {
    let Some(tools) = tools("dashboard_over_ssh_as_the_rm") else {
        return;
    };
    let server = Server::start(tools);
    let listed = server.branch.ok_as("boss", &["keys", "list", "--file", server.authorized_keys.to_str().unwrap()]);
    let fingerprint = listed
        .lines()
        .find_map(|l| l.strip_prefix("asha ").and_then(|rest| rest.split_whitespace().nth(1)))
        .unwrap_or_else(|| panic!("asha is not in keys list:\n{listed}"))
        .to_string();
    // A figure in 2025-03, so the dashboard opens on that month (the latest with actuals).
    server.branch.ok_as(
        "boss",
        &[
            "actual",
            "set",
            "--kpi",
            "monthly_sales_revenue",
            "--period",
            "2025-03",
            "--value",
            "100",
            "--login",
            "asha",
        ],
    );

    let mut ssh: Vec<String> = vec![server.tools.ssh.to_str().unwrap().into(), "-tt".into()];
    ssh.extend(server.client_options(&server.key("rm_key")));
    ssh.extend(["-p".into(), server.port.to_string(), server.target()]);
    let quoted: Vec<String> = ssh.iter().map(|w| format!("'{}'", w.replace('\'', r"'\''"))).collect();
    // The shell stays after ssh ends, so its exit status can be read from the screen.
    let script = format!("{}; echo SSH-EXIT=$?; sleep 60", quoted.join(" "));
    let tmux = Tmux { program: server.tools.tmux.clone(), socket: server.ssh_dir.join("tmux.sock") };
    let mut start = tmux.command();
    start.args(["new-session", "-d", "-s", "ssh", "-x", "100", "-y", "30", &script]);
    let started = run_bounded(start, Duration::from_secs(10), "tmux new-session");
    assert_eq!(started.code, Some(0), "tmux did not start: {}", started.stderr);

    // The first frame may still be reading the file; the leaderboard follows.
    let screen = tmux.wait_for("Leaderboard", &server);
    assert!(screen.contains("asha (RM)") && screen.contains("2025-03"), "{screen}");
    let log = server.sshd.log();
    assert!(
        log.lines().any(|l| l.contains("Accepted publickey") && l.contains(&fingerprint)),
        "sshd did not accept asha's key ({fingerprint}):\n{log}"
    );

    // Her own drill-down, the first KRA, its first KPI: edit 100 into 4321.
    tmux.keys(&["3"]);
    tmux.wait_for("KRAs · Enter opens", &server);
    tmux.keys(&["Enter"]);
    tmux.wait_for("Monthly Sales Revenue", &server);
    tmux.keys(&["e"]);
    tmux.keys(&["C-u", "4321", "Enter"]);
    let screen = tmux.wait_for("saved", &server);
    assert!(screen.contains("4321") || screen.contains("4,321"), "{screen}");
    tmux.keys(&["q"]);
    let screen = tmux.wait_for("SSH-EXIT=", &server);
    assert!(screen.contains("SSH-EXIT=0"), "the dashboard did not end cleanly:\n{screen}");

    let actuals = server.branch.ok_as("boss", &["export", "actuals"]);
    assert!(actuals.contains("asha,monthly_sales_revenue,2025-03,4321\n"), "{actuals}");
    let audit = server.branch.json("boss", &["export", "audit", "--format", "json"]);
    let last = audit["audit"].as_array().unwrap().last().unwrap().clone();
    assert_eq!(last["actor"], "asha", "{last}");
    assert_eq!(last["via"], "tui", "{last}");
    assert_eq!(last["key"], "asha/monthly_sales_revenue/2025-03", "{last}");
    assert_eq!((last["old"].as_str(), last["new"].as_str()), (Some("100"), Some("4321")), "{last}");
}
