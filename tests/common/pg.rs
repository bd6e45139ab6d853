//! Starts throw-away PostgreSQL servers (Debian's `postgresql` package) for the head-office tests.
//!
//! `PgServer::start()` gives each test its own server on a free 127.0.0.1 port, with its data,
//! log and Unix socket in a temporary directory; dropping it stops the server (`-m immediate`)
//! and removes the directory. Authentication is real: over TCP the superuser (`superuser()`)
//! needs no password, every other role must log in with its password (`scram-sha-256`).
//!
//! Where the binaries come from: the highest version under `/usr/lib/postgresql/*/bin`, else
//! `initdb` and `pg_ctl` on `PATH`; `psql` from the same directory, else from `PATH`. Setting
//! `BRANCHBOARD_TEST_PG_BINDIR` to a directory makes it the only place `initdb`, `pg_ctl` (and
//! first `psql`) are looked for — set it to a directory without them to see how the tests
//! behave on a machine without PostgreSQL.
//!
//! Without the binaries `start()` prints a loud `SKIPPED` line and returns `None`, so the test
//! passes locally; under CI (`CI` set and non-empty) it panics instead, because there a skip
//! would hide a gap (`.ci/run` installs the package).
//!
//! PostgreSQL refuses to run as root: as root the servers run as Debian's `postgres` system user
//! (through `runuser`), and the superuser is `postgres`; otherwise the servers run as the
//! current user, who is also the superuser.
//!
//! Speed: `initdb` (the slow half of a start) runs once per test process into a template that
//! lives as long as any server started from it does; each server starts from a copy of it. The
//! directories go to `/dev/shm` when it is a big tmpfs (RAM), else to the temporary directory
//! (`/tmp` as root, so that the `postgres` user can reach them).

use std::io::Write;
use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::sync::{Arc, Mutex, Weak};

/// When set, the only directory searched for `initdb` and `pg_ctl`.
const BINDIR_VARIABLE: &str = "BRANCHBOARD_TEST_PG_BINDIR";

/// A running PostgreSQL server, stopped and deleted on drop.
pub struct PgServer {
    // Field order matters: the directory goes before the template it was copied from.
    dir: tempfile::TempDir,
    data: PathBuf,
    port: u16,
    template: Arc<Template>,
}

/// The programs, and who runs the server.
struct Tools {
    initdb: PathBuf,
    pg_ctl: PathBuf,
    psql: PathBuf,
    /// Set when we are root: the server runs as this system user, through `runuser`.
    system_user: Option<SystemUser>,
    superuser: String,
}

struct SystemUser {
    runuser: PathBuf,
    uid: u32,
    gid: u32,
}

/// A freshly initialised, never started data directory that servers are copied from.
struct Template {
    tools: Tools,
    dir: tempfile::TempDir,
    data: PathBuf,
}

/// The template of this test process, while some server started from it is alive.
static TEMPLATE: Mutex<Weak<Template>> = Mutex::new(Weak::new());

impl PgServer {
    /// A new, empty server (databases `postgres` and the templates only), or `None` with a loud
    /// note when PostgreSQL is not installed (a panic under CI). Panics, with the server log,
    /// when the server does not start.
    pub fn start() -> Option<PgServer> {
        let tools = match Tools::find() {
            Ok(tools) => tools,
            Err(problem) => {
                let message = format!("{problem}; install Debian's postgresql package to run the head-office tests");
                if std::env::var_os("CI").is_some_and(|v| !v.is_empty()) {
                    panic!("{message}; CI must run the head-office tests");
                }
                // Straight to the process's stderr: the test harness captures `eprintln!`.
                let _ = writeln!(std::io::stderr(), "\n!!!!!!!! SKIPPED: {message} !!!!!!!!\n");
                return None;
            }
        };
        let template = Template::shared(tools);
        let tools = &template.tools;
        let dir = tools.private_dir("branchboard-pg-");
        let data = dir.path().join("data");
        let copy = tools.command("cp").arg("-a").arg(&template.data).arg(&data).output().expect("run cp");
        assert!(copy.status.success(), "copying the template cluster failed: {}", text(&copy.stderr));
        append(&data.join("postgresql.conf"), &format!("unix_socket_directories = {}\n", literal(dir.path())));

        // The port is free when we look, but another process may take it before the server
        // binds it: then try again with another one.
        for attempt in 1..=5 {
            let port = free_port();
            let log = dir.path().join(format!("server-{attempt}.log"));
            let started = tools
                .command(&tools.pg_ctl)
                .args(["-w", "-t", "60", "-D"])
                .arg(&data)
                .arg("-l")
                .arg(&log)
                .args(["-o", &format!("-p {port}"), "start"])
                .output()
                .expect("run pg_ctl start");
            if started.status.success() {
                return Some(PgServer { dir, data, port, template });
            }
            let server_log = std::fs::read_to_string(&log).unwrap_or_default();
            let port_taken = ["could not bind", "Address already in use", "could not create any TCP/IP sockets"]
                .iter()
                .any(|sign| server_log.contains(sign));
            if port_taken && attempt < 5 {
                continue;
            }
            stop(tools, &data, dir.path());
            panic!(
                "PostgreSQL did not start (port {port}, {}):\n{}{}\n--- server log ---\n{server_log}",
                data.display(),
                text(&started.stdout),
                text(&started.stderr)
            );
        }
        unreachable!()
    }

    /// The TCP port on 127.0.0.1.
    pub fn port(&self) -> u16 {
        self.port
    }

    /// The superuser's role name: `postgres` when the tests run as root, else the current user.
    pub fn superuser(&self) -> &str {
        &self.template.tools.superuser
    }

    /// `postgresql://USER@127.0.0.1:PORT/DATABASE`, without a password.
    pub fn url(&self, user: &str, database: &str) -> String {
        format!("postgresql://{}@127.0.0.1:{}/{}", url_escape(user), self.port, url_escape(database))
    }

    /// `url()` for the superuser, who needs no password.
    pub fn admin_url(&self, database: &str) -> String {
        self.url(self.superuser(), database)
    }

    /// Creates an empty database owned by the superuser.
    pub fn create_database(&self, name: &str) {
        self.psql("postgres", &format!("CREATE DATABASE \"{}\"", name.replace('"', "\"\"")));
    }

    /// Runs `sql` with psql as the superuser on `database` over TCP; panics with psql's errors
    /// when it fails (`ON_ERROR_STOP`). Returns the output unaligned, without headers, trimmed:
    /// one line per row, columns separated by `|`.
    #[track_caller]
    pub fn psql(&self, database: &str, sql: &str) -> String {
        let output = self.psql_command(self.superuser(), database, sql).output().expect("run psql");
        assert!(
            output.status.success(),
            "psql as {} on {database} failed:\n{}\nSQL: {sql}",
            self.superuser(),
            text(&output.stderr)
        );
        text(&output.stdout).trim().to_string()
    }

    /// Runs `sql` with psql as `user` with `password` on `database`, and returns what psql did,
    /// failures included (a refused login exits non-zero with the reason on stderr).
    pub fn psql_as(&self, user: &str, password: &str, database: &str, sql: &str) -> Output {
        self.psql_command(user, database, sql).env("PGPASSWORD", password).output().expect("run psql")
    }

    /// Turns TLS on with a certificate for `localhost` and 127.0.0.1 signed by a new test
    /// authority (made with the `openssl` command); returns the authority's certificate, for
    /// `sslrootcert`.
    pub fn enable_tls(&self) -> PathBuf {
        self.enable_tls_with(None)
    }

    /// Turns TLS on with a self-signed certificate naming only `names` (an `openssl`
    /// subjectAltName list, e.g. `DNS:elsewhere`); returns that certificate, for `sslrootcert`.
    pub fn enable_self_signed_tls(&self, names: &str) -> PathBuf {
        self.enable_tls_with(Some(names))
    }

    fn enable_tls_with(&self, self_signed: Option<&str>) -> PathBuf {
        let (cert, key) = (self.data.join("server.crt"), self.data.join("server.key"));
        let path = |name: &str| self.dir.path().join(name).to_str().unwrap().to_string();
        let (ca_cert, ca_key, request, names) =
            (path("root.crt"), path("root.key"), path("server.csr"), path("names.ext"));
        let (cert_path, key_path) = (cert.to_str().unwrap().to_string(), key.to_str().unwrap().to_string());
        let openssl = |args: &[&str]| {
            let made = Command::new("openssl")
                .args(args)
                .output()
                .expect("the openssl command is needed for the TLS test (.ci/run installs it)");
            assert!(made.status.success(), "openssl {args:?}: {}", text(&made.stderr));
        };
        let new_key = ["-newkey", "rsa:2048", "-nodes", "-days", "2"];
        let root = match self_signed {
            Some(alt_names) => {
                let alt = format!("subjectAltName={alt_names}");
                let subject = ["-subj", "/CN=branchboard test server", "-addext", &alt];
                let leaf = ["-addext", "basicConstraints=critical,CA:FALSE", "-keyout", &key_path, "-out", &cert_path];
                openssl(&[&["req", "-x509"][..], &new_key, &subject, &leaf].concat());
                std::fs::copy(&cert, &ca_cert).unwrap();
                ca_cert
            }
            None => {
                std::fs::write(&names, "subjectAltName=DNS:localhost,IP:127.0.0.1\n").unwrap();
                openssl(
                    &[
                        &["req", "-x509"][..],
                        &new_key,
                        &["-subj", "/CN=branchboard test authority", "-keyout", &ca_key, "-out", &ca_cert],
                    ]
                    .concat(),
                );
                openssl(
                    &[
                        &["req", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=localhost"][..],
                        &["-keyout", &key_path, "-out", &request],
                    ]
                    .concat(),
                );
                openssl(&[
                    "x509",
                    "-req",
                    "-in",
                    &request,
                    "-CA",
                    &ca_cert,
                    "-CAkey",
                    &ca_key,
                    "-CAcreateserial",
                    "-days",
                    "2",
                    "-extfile",
                    &names,
                    "-out",
                    &cert_path,
                ]);
                ca_cert
            }
        };
        std::fs::set_permissions(&key, std::fs::Permissions::from_mode(0o600)).unwrap();
        if let Some(user) = &self.template.tools.system_user {
            for file in [&cert, &key] {
                std::os::unix::fs::chown(file, Some(user.uid), Some(user.gid)).expect("chown to postgres");
            }
        }
        self.psql("postgres", "ALTER SYSTEM SET ssl = on");
        self.psql("postgres", "ALTER SYSTEM SET log_connections = on");
        self.psql("postgres", "SELECT pg_reload_conf()");
        // The reload is asynchronous: wait until a new connection is offered TLS.
        for _ in 0..100 {
            if self.psql("postgres", "SHOW ssl") == "on" {
                return PathBuf::from(root);
            }
            std::thread::sleep(std::time::Duration::from_millis(50));
        }
        panic!("the server did not turn TLS on");
    }

    /// Everything the server logged so far (all its start attempts' logs).
    pub fn log(&self) -> String {
        let mut logs: Vec<PathBuf> = std::fs::read_dir(self.dir.path())
            .map(|entries| entries.filter_map(|e| e.ok().map(|e| e.path())).collect())
            .unwrap_or_default();
        logs.retain(|p| p.extension().is_some_and(|e| e == "log"));
        logs.sort();
        logs.iter().filter_map(|p| std::fs::read_to_string(p).ok()).collect()
    }

    fn psql_command(&self, user: &str, database: &str, sql: &str) -> Command {
        let port = self.port.to_string();
        let mut command = clean_command(&self.template.tools.psql);
        // -w: never prompt for a password; -X: no ~/.psqlrc.
        command
            .args(["-X", "-q", "-A", "-t", "-w", "-v", "ON_ERROR_STOP=1", "-h", "127.0.0.1", "-p", &port])
            .args(["-U", user, "-d", database, "-c", sql])
            .env("PGCONNECT_TIMEOUT", "10")
            .env("PGPASSFILE", "/dev/null");
        command
    }
}

impl Drop for PgServer {
    fn drop(&mut self) {
        stop(&self.template.tools, &self.data, self.dir.path());
    }
}

/// Stops the server at once (no checkpoint: the data is thrown away anyway).
fn stop(tools: &Tools, data: &Path, dir: &Path) {
    let stopped = tools.command(&tools.pg_ctl).arg("-D").arg(data).args(["-m", "immediate", "-w", "stop"]).output();
    match stopped {
        Ok(output) if output.status.success() => {}
        // Nothing to stop (a start that failed).
        Ok(_) if !data.join("postmaster.pid").exists() => {}
        Ok(output) => leak(dir, &format!("pg_ctl stop failed: {}", text(&output.stderr).trim())),
        Err(error) => leak(dir, &error.to_string()),
    }
}

fn leak(dir: &Path, why: &str) {
    let _ = writeln!(
        std::io::stderr(),
        "\n!!!!!!!! PostgreSQL in {} may still be running: {why} !!!!!!!!\n",
        dir.display()
    );
}

impl Template {
    /// The process's template, made now when no live server shares one.
    fn shared(tools: Tools) -> Arc<Template> {
        let mut shared = TEMPLATE.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        if let Some(template) = shared.upgrade() {
            return template;
        }
        let template = Arc::new(Template::create(tools));
        *shared = Arc::downgrade(&template);
        template
    }

    fn create(tools: Tools) -> Template {
        let dir = tools.private_dir("branchboard-pg-template-");
        let data = dir.path().join("data");
        // 1 MB WAL segments instead of 16: less to copy for each server.
        let initdb = tools
            .command(&tools.initdb)
            .arg("-D")
            .arg(&data)
            .args(["-A", "trust", "--no-sync", "-U", &tools.superuser, "-E", "UTF8", "--locale=C", "--wal-segsize=1"])
            .output()
            .expect("run initdb");
        assert!(initdb.status.success(), "initdb failed:\n{}{}", text(&initdb.stdout), text(&initdb.stderr));
        let superuser = format!("\"{}\"", tools.superuser.replace('"', "\"\""));
        std::fs::write(
            data.join("pg_hba.conf"),
            format!(
                "# tests/common/pg.rs: over TCP the superuser needs no password, every other role does.\n\
                 local all all                     trust\n\
                 host  all {superuser:<12} 127.0.0.1/32 trust\n\
                 host  all all          127.0.0.1/32 scram-sha-256\n"
            ),
        )
        .expect("write pg_hba.conf");
        append(
            &data.join("postgresql.conf"),
            "\n# tests/common/pg.rs: a throw-away server, fast rather than safe.\n\
             listen_addresses = '127.0.0.1'\n\
             fsync = off\n\
             synchronous_commit = off\n\
             full_page_writes = off\n\
             max_connections = 60\n\
             password_encryption = 'scram-sha-256'\n",
        );
        Template { tools, dir, data }
    }
}

impl Tools {
    /// The programs and the user to run them as, or what is missing.
    fn find() -> Result<Tools, String> {
        let bin = match std::env::var_os(BINDIR_VARIABLE).filter(|v| !v.is_empty()) {
            Some(dir) => Some(PathBuf::from(dir)),
            None => newest_debian_bindir(),
        };
        let (initdb, pg_ctl) = match &bin {
            Some(dir) => (Some(dir.join("initdb")), Some(dir.join("pg_ctl"))),
            None => (on_path("initdb"), on_path("pg_ctl")),
        };
        let (Some(initdb), Some(pg_ctl)) = (initdb.filter(|p| p.is_file()), pg_ctl.filter(|p| p.is_file())) else {
            return Err("PostgreSQL server binaries (initdb, pg_ctl) not found".to_string());
        };
        let beside = initdb.with_file_name("psql");
        let Some(psql) = Some(beside).filter(|p| p.is_file()).or_else(|| on_path("psql")) else {
            return Err("the PostgreSQL client psql not found".to_string());
        };
        if !running_as_root() {
            let superuser = std::env::var("USER")
                .ok()
                .filter(|user| !user.is_empty())
                .or_else(|| id(&["-un"]))
                .ok_or("cannot tell the current user's name (USER unset, id -un failed)")?;
            return Ok(Tools { initdb, pg_ctl, psql, system_user: None, superuser });
        }
        let (Some(uid), Some(gid)) = (id(&["-u", "postgres"]), id(&["-g", "postgres"])) else {
            return Err("running as root, which PostgreSQL refuses, and there is no `postgres` system user \
                        to run the server as"
                .to_string());
        };
        let Some(runuser) = on_path("runuser") else {
            return Err("running as root, which PostgreSQL refuses, and runuser (util-linux) is not found \
                        to run the server as `postgres`"
                .to_string());
        };
        let (Ok(uid), Ok(gid)) = (uid.parse(), gid.parse()) else {
            return Err(format!("id gave a strange uid/gid for postgres: {uid}/{gid}"));
        };
        let system_user = Some(SystemUser { runuser, uid, gid });
        Ok(Tools { initdb, pg_ctl, psql, system_user, superuser: "postgres".to_string() })
    }

    /// `program` run as the server's owner, in a clean environment.
    fn command(&self, program: impl AsRef<Path>) -> Command {
        let mut command = match &self.system_user {
            Some(user) => {
                let mut command = clean_command(&user.runuser);
                command.args(["-u", "postgres", "--"]).arg(program.as_ref());
                command
            }
            None => clean_command(program.as_ref()),
        };
        // Somewhere the `postgres` user may enter.
        command.current_dir("/");
        command
    }

    /// A new temporary directory (mode 0700) owned by the server's owner.
    fn private_dir(&self, prefix: &str) -> tempfile::TempDir {
        let mut builder = tempfile::Builder::new();
        builder.prefix(prefix);
        let dir = match ram_dir() {
            Some(ram) => builder.tempdir_in(ram),
            // `/tmp` lets every user through; TMPDIR may point into root's home.
            None if self.system_user.is_some() => builder.tempdir_in("/tmp"),
            None => builder.tempdir(),
        }
        .expect("temp dir");
        std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o700)).expect("chmod temp dir");
        if let Some(user) = &self.system_user {
            std::os::unix::fs::chown(dir.path(), Some(user.uid), Some(user.gid)).expect("chown temp dir to postgres");
        }
        dir
    }
}

/// `/dev/shm` when it is a tmpfs of at least 1 GiB open to every user (not Docker's 64 MB
/// default, which the servers' own shared memory needs): the data directories then live in
/// RAM, which on a slow disk makes `initdb` twice and the copy of the template ten times quicker.
fn ram_dir() -> Option<&'static Path> {
    let shm = Path::new("/dev/shm");
    let mounts = std::fs::read_to_string("/proc/mounts").ok()?;
    let mut options = mounts.lines().filter_map(|line| {
        let fields: Vec<&str> = line.split(' ').collect();
        (fields.len() > 3 && fields[1] == "/dev/shm").then(|| (fields[2] == "tmpfs", fields[3].to_string()))
    });
    let (tmpfs, options) = options.next_back()?;
    // Without `size=` a tmpfs may take half the RAM.
    let size = options.split(',').find_map(|option| option.strip_prefix("size=")).map_or(Some(u64::MAX), |size| {
        let (digits, unit) = size.split_at(size.trim_end_matches(|c: char| c.is_ascii_alphabetic()).len());
        let unit = match unit.to_ascii_lowercase().as_str() {
            "" => 1,
            "k" => 1 << 10,
            "m" => 1 << 20,
            "g" => 1 << 30,
            _ => return None,
        };
        digits.parse::<u64>().ok().map(|n| n.saturating_mul(unit))
    })?;
    let open = std::fs::metadata(shm).is_ok_and(|meta| meta.is_dir() && meta.mode() & 0o1777 == 0o1777);
    (tmpfs && size >= 1 << 30 && open).then_some(shm)
}

/// A command without the caller's `PG*` settings (PGHOST, PGPASSWORD, …), with English messages.
fn clean_command(program: &Path) -> Command {
    let mut command = Command::new(program);
    for (name, _) in std::env::vars_os() {
        if name.to_string_lossy().starts_with("PG") {
            command.env_remove(name);
        }
    }
    command.env("LC_ALL", "C").stdin(Stdio::null());
    command
}

/// `/usr/lib/postgresql/VERSION/bin` of the highest version that has the server binaries.
fn newest_debian_bindir() -> Option<PathBuf> {
    let version = |name: &str| name.split('.').map(|part| part.parse::<u32>().ok()).collect::<Option<Vec<u32>>>();
    std::fs::read_dir("/usr/lib/postgresql")
        .ok()?
        .filter_map(|entry| {
            let entry = entry.ok()?;
            let version = version(entry.file_name().to_str()?)?;
            let bin = entry.path().join("bin");
            (bin.join("initdb").is_file() && bin.join("pg_ctl").is_file()).then_some((version, bin))
        })
        .max()
        .map(|(_, bin)| bin)
}

fn on_path(program: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH").unwrap_or_default();
    std::env::split_paths(&path)
        .chain(["/usr/bin", "/usr/sbin", "/bin", "/sbin", "/usr/local/bin"].map(PathBuf::from))
        .map(|dir| dir.join(program))
        .find(|candidate| candidate.is_file())
}

fn running_as_root() -> bool {
    // /proc/self belongs to the process's effective user.
    match std::fs::metadata("/proc/self") {
        Ok(meta) => meta.uid() == 0,
        Err(_) => id(&["-u"]).as_deref() == Some("0"),
    }
}

/// The output of `id ARGS`, when it succeeds.
fn id(args: &[&str]) -> Option<String> {
    let output = Command::new("id").args(args).stderr(Stdio::null()).output().ok()?;
    output.status.success().then(|| text(&output.stdout).trim().to_string())
}

/// A loopback port nobody listens on right now.
fn free_port() -> u16 {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind a free port");
    listener.local_addr().expect("local address").port()
}

fn append(path: &Path, line: &str) {
    let mut file = std::fs::OpenOptions::new().append(true).open(path).expect("open config");
    file.write_all(line.as_bytes()).expect("write config");
}

/// A quoted string for postgresql.conf.
fn literal(path: &Path) -> String {
    format!("'{}'", path.to_str().expect("UTF-8 temp path").replace('\'', "''"))
}

fn url_escape(part: &str) -> String {
    part.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}
