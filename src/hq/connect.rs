//! Reaching head office's PostgreSQL: the URL (from `--to`/`--pg` or `$BRANCHBOARD_HQ_URL`), the
//! password (only from `PGPASSWORD` or the password file, never a command line) and TLS as libpq
//! does it (`sslmode=prefer` by default; `require`, `verify-ca`, `verify-full`, `sslrootcert`).

use super::tls::{self, Verify};
use postgres::Client;
use postgres::config::{Host, SslMode};
use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::time::Duration;

/// Where head office's URL comes from when no option gives it.
pub const URL_VARIABLE: &str = "BRANCHBOARD_HQ_URL";

/// Why head office could not be reached, said for an operator.
#[derive(Debug, thiserror::Error)]
pub enum ConnectError {
    #[error(
        "no head-office database given: pass {option} URL or set ${URL_VARIABLE} (for example postgresql://b001@hq.example.bank/branchboard)"
    )]
    NoUrl { option: &'static str },
    #[error(
        "the head-office URL is not one PostgreSQL understands ({0}); it looks like postgresql://USER@HOST:PORT/DATABASE?sslmode=verify-full"
    )]
    BadUrl(String),
    #[error(
        "the head-office URL carries a password; give it in PGPASSWORD or ~/.pgpass instead (a command line and the environment of a service can be read by others on the server)"
    )]
    PasswordInUrl,
    #[error("could not reach head office at {target}: {reason}")]
    Unreachable { target: String, reason: String },
    #[error(
        "head office at {target} refused the login: {reason}{}",
        if *password_given { " (check the password in PGPASSWORD or ~/.pgpass)" } else { "; no password was found for it: set PGPASSWORD, or add a line host:port:database:user:password to ~/.pgpass (chmod 600)" }
    )]
    Login { target: String, reason: String, password_given: bool },
    #[error("TLS: {0}")]
    Tls(String),
}

/// A connection target with everything but the password settled.
pub struct Target {
    config: postgres::Config,
    verify: Verify,
    root_certificate: Option<PathBuf>,
}

impl Target {
    /// Reads `url` (or `$BRANCHBOARD_HQ_URL` when `None`); `option` names the flag in messages.
    pub fn from_option(url: Option<&str>, option: &'static str) -> Result<Target, ConnectError> {
        let url = match url {
            Some(url) => url.to_string(),
            None => std::env::var(URL_VARIABLE)
                .ok()
                .filter(|u| !u.trim().is_empty())
                .ok_or(ConnectError::NoUrl { option })?,
        };
        Target::parse(&url)
    }

    pub fn parse(url: &str) -> Result<Target, ConnectError> {
        let (rest, sslmode, root_certificate) = take_tls_parameters(url);
        // libpq's variables apply when the URL does not say.
        let variable = |name: &str| std::env::var(name).ok().filter(|v| !v.is_empty());
        let sslmode = sslmode.or_else(|| variable("PGSSLMODE"));
        let root_certificate = root_certificate.or_else(|| variable("PGSSLROOTCERT"));
        let mut config = postgres::Config::from_str(&rest).map_err(|e| ConnectError::BadUrl(e.to_string()))?;
        if config.get_password().is_some() {
            return Err(ConnectError::PasswordInUrl);
        }
        let root_certificate = root_certificate.map(PathBuf::from);
        let verify = match sslmode.as_deref() {
            None | Some("prefer") | Some("require") if root_certificate.is_none() => Verify::Nothing,
            None | Some("prefer") | Some("require") | Some("verify-ca") => Verify::Authority,
            Some("verify-full") => Verify::AuthorityAndHost,
            Some("disable") => Verify::Nothing,
            Some(other) => {
                return Err(ConnectError::BadUrl(format!(
                    "sslmode={other} (use disable, prefer, require, verify-ca or verify-full)"
                )));
            }
        };
        config.ssl_mode(match sslmode.as_deref() {
            Some("disable") => SslMode::Disable,
            Some("require" | "verify-ca" | "verify-full") => SslMode::Require,
            _ => SslMode::Prefer,
        });
        fill_defaults(&mut config);
        Ok(Target { config, verify, root_certificate })
    }

    /// `user@host:port/database`, for messages (never a password).
    pub fn describe(&self) -> String {
        let host = match self.config.get_hosts().first() {
            Some(Host::Tcp(name)) => name.clone(),
            Some(Host::Unix(path)) => path.display().to_string(),
            None => "localhost".into(),
        };
        let port = self.config.get_ports().first().copied().unwrap_or(5432);
        format!("{}@{host}:{port}/{}", self.config.get_user().unwrap_or("?"), self.config.get_dbname().unwrap_or("?"))
    }

    pub fn user(&self) -> &str {
        self.config.get_user().unwrap_or_default()
    }

    pub fn host(&self) -> String {
        match self.config.get_hosts().first() {
            Some(Host::Tcp(name)) => name.clone(),
            _ => "localhost".into(),
        }
    }

    pub fn port(&self) -> u16 {
        self.config.get_ports().first().copied().unwrap_or(5432)
    }

    pub fn database(&self) -> &str {
        self.config.get_dbname().unwrap_or_default()
    }

    /// Connects, with the password from `PGPASSWORD` or the password file when there is one.
    pub fn connect(&self) -> Result<Client, ConnectError> {
        let mut config = self.config.clone();
        let password = password_for(self);
        let found_password = password.is_some();
        if let Some(password) = password {
            config.password(password);
        }
        let unreachable = |e: postgres::Error| {
            use postgres::error::SqlState;
            let refused_login = matches!(
                e.code(),
                Some(code) if *code == SqlState::INVALID_PASSWORD || *code == SqlState::INVALID_AUTHORIZATION_SPECIFICATION
            );
            if refused_login || (!found_password && reason(&e).contains("password missing")) {
                ConnectError::Login { target: self.describe(), reason: reason(&e), password_given: found_password }
            } else {
                ConnectError::Unreachable { target: self.describe(), reason: reason(&e) }
            }
        };
        if config.get_ssl_mode() == SslMode::Disable {
            return config.connect(postgres::NoTls).map_err(unreachable);
        }
        let tls = tls::connector(self.verify, self.root_certificate.as_deref()).map_err(ConnectError::Tls)?;
        config.connect(tls).map_err(unreachable)
    }
}

/// A PostgreSQL error with its cause: the server's message when it sent one.
pub fn reason(error: &postgres::Error) -> String {
    match error.as_db_error() {
        Some(db) => db.message().to_string(),
        None => {
            let mut text = error.to_string();
            let mut source = std::error::Error::source(error);
            while let Some(cause) = source {
                text = format!("{text}: {cause}");
                source = cause.source();
            }
            text
        }
    }
}

/// libpq's defaults the driver does not apply: `PGHOST`, `PGPORT`, `PGUSER`, `PGDATABASE`
/// (`PGSSLMODE` and `PGSSLROOTCERT` are read with the URL), then localhost, 5432, the login
/// name, the user name.
fn fill_defaults(config: &mut postgres::Config) {
    let variable = |name: &str| std::env::var(name).ok().filter(|v| !v.is_empty());
    if config.get_hosts().is_empty() {
        config.host(&variable("PGHOST").unwrap_or_else(|| "localhost".into()));
    }
    if config.get_ports().is_empty()
        && let Some(port) = variable("PGPORT").and_then(|p| p.parse().ok())
    {
        config.port(port);
    }
    if config.get_user().is_none() {
        let user = variable("PGUSER").or_else(|| variable("USER")).unwrap_or_else(|| "postgres".into());
        config.user(&user);
    }
    if config.get_dbname().is_none() {
        let database = variable("PGDATABASE").unwrap_or_else(|| config.get_user().unwrap_or_default().to_string());
        config.dbname(&database);
    }
    if config.get_connect_timeout().is_none() {
        config.connect_timeout(Duration::from_secs(15));
    }
    if config.get_application_name().is_none() {
        config.application_name("branchboard");
    }
    // A link that goes silent is noticed within about a minute rather than hanging for hours.
    config.keepalives(true);
    if config.get_keepalives_idle() > Duration::from_secs(30) {
        config.keepalives_idle(Duration::from_secs(30));
    }
    if config.get_tcp_user_timeout().is_none() {
        config.tcp_user_timeout(Duration::from_secs(60));
    }
}

/// Removes `sslmode` and `sslrootcert` from a URL or `key=value` string (the driver knows only
/// disable/prefer/require and no root certificate) and returns them.
fn take_tls_parameters(url: &str) -> (String, Option<String>, Option<String>) {
    let (mut mode, mut root) = (None, None);
    let mut take = |key: &str, value: String| match key {
        "sslmode" => {
            mode = Some(value);
            true
        }
        "sslrootcert" => {
            root = Some(value);
            true
        }
        _ => false,
    };
    if url.starts_with("postgres://") || url.starts_with("postgresql://") {
        let Some((base, query)) = url.split_once('?') else { return (url.to_string(), None, None) };
        let kept: Vec<&str> = query
            .split('&')
            .filter(|pair| {
                let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
                let value = percent_encoding::percent_decode_str(value).decode_utf8_lossy().into_owned();
                !take(key, value)
            })
            .collect();
        let rest = if kept.is_empty() { base.to_string() } else { format!("{base}?{}", kept.join("&")) };
        (rest, mode, root)
    } else {
        let kept: Vec<&str> = url
            .split_whitespace()
            .filter(|word| match word.split_once('=') {
                Some((key, value)) => !take(key.trim(), value.trim_matches('\'').to_string()),
                None => true,
            })
            .collect();
        (kept.join(" "), mode, root)
    }
}

/// `PGPASSWORD`, else the matching line of `$PGPASSFILE` or `~/.pgpass` (ignored, with a
/// warning, when others may read it, as libpq does).
fn password_for(target: &Target) -> Option<String> {
    if let Some(password) = std::env::var("PGPASSWORD").ok().filter(|p| !p.is_empty()) {
        return Some(password);
    }
    let file = std::env::var_os("PGPASSFILE")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|home| Path::new(&home).join(".pgpass")))?;
    let text = read_private(&file)?;
    let port = target.port().to_string();
    let wanted = [target.host(), port, target.database().to_string(), target.user().to_string()];
    text.lines().find_map(|line| password_of_line(line, &wanted))
}

/// The file's text when only its owner may read it.
fn read_private(file: &Path) -> Option<String> {
    use std::os::unix::fs::PermissionsExt;
    let metadata = std::fs::metadata(file).ok()?;
    if !metadata.is_file() {
        return None;
    }
    if metadata.permissions().mode() & 0o077 != 0 {
        eprintln!(
            "branchboard: ignoring the password file {}: others may read it (run chmod 600 on it)",
            file.display()
        );
        return None;
    }
    std::fs::read_to_string(file).ok()
}

/// The password of one `host:port:database:user:password` line when its first four fields match
/// (`*` matches anything; `\:` and `\\` are a colon and a backslash).
fn password_of_line(line: &str, wanted: &[String; 4]) -> Option<String> {
    if line.trim_start().starts_with('#') || line.trim().is_empty() {
        return None;
    }
    let mut fields = vec![String::new()];
    let mut chars = line.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => fields.last_mut()?.push(chars.next().unwrap_or('\\')),
            ':' if fields.len() < 5 => fields.push(String::new()),
            c => fields.last_mut()?.push(c),
        }
    }
    if fields.len() != 5 {
        return None;
    }
    let matches = fields[..4].iter().zip(wanted).all(|(field, want)| field == "*" || field == want);
    matches.then(|| fields[4].clone())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn wanted() -> [String; 4] {
        ["hq.bank".into(), "5432".into(), "branchboard".into(), "branchboard_b001".into()]
    }

    #[test]
    fn password_file_lines_match_like_libpq() {
        assert_eq!(
            password_of_line("hq.bank:5432:branchboard:branchboard_b001:s3cret", &wanted()).as_deref(),
            Some("s3cret")
        );
        assert_eq!(password_of_line("*:*:*:branchboard_b001:a\\:b\\\\c", &wanted()).as_deref(), Some("a:b\\c"));
        assert_eq!(password_of_line("*:*:*:branchboard_b002:other", &wanted()), None);
        assert_eq!(password_of_line("# hq.bank:5432:branchboard:branchboard_b001:x", &wanted()), None);
        assert_eq!(password_of_line("hq.bank:5432:branchboard", &wanted()), None);
    }

    #[test]
    fn passwords_in_the_url_are_refused() {
        for url in ["postgresql://u:secret@h/db", "host=h user=u password=secret dbname=db"] {
            assert!(matches!(Target::parse(url), Err(ConnectError::PasswordInUrl)), "{url}");
        }
    }

    #[test]
    fn tls_modes_are_read_like_libpq() {
        let verify = |url: &str| Target::parse(url).map(|t| (t.verify, t.config.get_ssl_mode()));
        assert_eq!(verify("postgresql://u@h/db").unwrap(), (Verify::Nothing, SslMode::Prefer));
        assert_eq!(verify("postgresql://u@h/db?sslmode=require").unwrap(), (Verify::Nothing, SslMode::Require));
        assert_eq!(
            verify("postgresql://u@h/db?sslmode=require&sslrootcert=%2Fetc%2Fca.pem").unwrap(),
            (Verify::Authority, SslMode::Require)
        );
        assert_eq!(
            verify("postgresql://u@h/db?sslmode=verify-full").unwrap(),
            (Verify::AuthorityAndHost, SslMode::Require)
        );
        assert_eq!(verify("host=h user=u sslmode=verify-ca dbname=d").unwrap(), (Verify::Authority, SslMode::Require));
        assert_eq!(verify("postgresql://u@h/db?sslmode=disable").unwrap().1, SslMode::Disable);
        assert!(verify("postgresql://u@h/db?sslmode=sometimes").is_err());
        let target = Target::parse("postgresql://b001@hq.bank:6432/branchboard?sslmode=require").unwrap();
        assert_eq!(target.describe(), "b001@hq.bank:6432/branchboard");
    }
}
