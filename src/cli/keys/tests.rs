//! Tests of key parsing, quoting, authorized_keys lines and the SSH guard.

use super::authorized_keys::*;
use super::public_key::*;
use super::*;
use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use std::os::unix::fs::MetadataExt;

const ED25519: &str =
    "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIDbzIeM4HvgVOSCOxF0C7JPRytJeAToOI/pK2XswUNjh user@host k_ed25519";
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
    STANDARD.encode(fields.iter().flat_map(|f| ssh_string(f)).collect::<Vec<u8>>())
}

fn parse(text: &str) -> Result<PublicKey, String> {
    parse_public_key_file(text, "k.pub")
}

#[test]
fn every_known_key_type_parses_with_ssh_keygen_fingerprints() {
    // Fingerprints as printed by `ssh-keygen -l -f` for these keys.
    for (line, fingerprint) in [
        (ED25519, "SHA256:ovGyZQYtyXlANufqZXfaR6rD7Q1xiIO+F4JVlVeLzec"),
        (RSA, "SHA256:cgCr1LWEPCiRLWH0ncTwqk65BorFZBCl61Nv1VMdq1o"),
        (ECDSA_256, "SHA256:5KZuM6mfP0wDoKBdlzb/2126oMfystvjXS2UCnUB1TA"),
        (ECDSA_384, "SHA256:fYOLGrf670QvG6+vI9L4D/i2HmF8CETiY2sGsvBI3FY"),
        (ECDSA_521, "SHA256:s+FciYykFZVr/HqhyhHbhpw1sIvD2V9+cjavqUu4hSA"),
    ] {
        let key = parse(&format!("{line}\n")).unwrap_or_else(|e| panic!("{line}: {e}"));
        assert_eq!(key.fingerprint(), fingerprint);
        assert_eq!(key.key_type, line.split(' ').next().unwrap());
        assert!(key.comment.starts_with("user@host k_"));
    }
    let sk_ed =
        format!("sk-ssh-ed25519@openssh.com {} yubi", blob(&[b"sk-ssh-ed25519@openssh.com", &[7; 32], b"ssh:"]));
    assert_eq!(parse(&sk_ed).unwrap().key_type, "sk-ssh-ed25519@openssh.com");
    let mut point = vec![4u8];
    point.extend_from_slice(&[9; 64]);
    let sk_ecdsa = format!(
        "sk-ecdsa-sha2-nistp256@openssh.com {}",
        blob(&[b"sk-ecdsa-sha2-nistp256@openssh.com", b"nistp256", &point, b"ssh:"])
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
        assert!(err.contains(expected), "{text:?} gave {err:?}, expected {expected:?}");
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
    refused("---- BEGIN SSH2 PUBLIC KEY ----\nAAAA\n---- END SSH2 PUBLIC KEY ----\n", "ssh-keygen -i");
    refused(&format!("{ED25519}\n{RSA}\n"), "k.pub:2: a second line after the key on line 1");
    refused(&format!("command=\"/bin/sh\" {ED25519}"), "k.pub:1: the key is preceded by \"command=\\\"/bin/sh\\\"\"");
    refused(&format!("restrict {ED25519}"), "without options");
    refused("hello world", "\"hello\" is not a known key type");
    refused("ssh-dss AAAAB3NzaC1kc3MAAACBAP", "DSA");
    refused("ssh-ed25519-cert-v01@openssh.com AAAA", "certificate");
    refused("ssh-ed25519", "not followed by the key");
    refused("ssh-ed25519 not*base64!", "not valid base64");
    refused("ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIDbzIeM4HvgVOSCOxF0C7JPRytJeAToOI/pK2XswUNj", "not valid base64");
    // The data is an ed25519 key but the line calls it RSA.
    let swapped = ED25519.replacen("ssh-ed25519", "ssh-rsa", 1);
    refused(&swapped, "the key data is a \"ssh-ed25519\" key but the line says ssh-rsa");
    refused(&format!("ssh-ed25519 {}", blob(&[b"ssh-ed25519", &[1; 31]])), "32 bytes");
    refused(&format!("ssh-ed25519 {}", blob(&[b"ssh-ed25519", &[1; 32], b"x"])), "extra bytes");
    refused(&format!("ssh-rsa {}", blob(&[b"ssh-rsa", &[1, 0, 1], &[0xff; 64]])), "shorter than 1024 bits");
    refused(
        &format!("ecdsa-sha2-nistp256 {}", blob(&[b"ecdsa-sha2-nistp256", b"nistp384", &[4; 65]])),
        "curve is not nistp256",
    );
    refused(&format!("ssh-ed25519 {}", STANDARD.encode([0, 0, 1])), "damaged or truncated");
    refused("ssh-ed25519 AAAA\u{1b}[2J", "control character");
}

#[test]
fn forced_commands_split_as_the_shell_reads_them() {
    assert_eq!(shlex::split("a \"b \\\" c\" d\\ e").unwrap(), vec!["a", "b \" c", "d e"]);
    assert_eq!(shlex::split("'/a b/it'\\''s' --as 'asha'").unwrap(), vec!["/a b/it's", "--as", "asha"]);
    assert_eq!(shlex::split("'unterminated"), None);
    // Lines written before shlex did the quoting still name their login and branch file.
    let key = parse(ED25519).unwrap();
    let old = format!(r#"command="'/opt/bb' --db '/srv/it'\''s.db' --as 'asha'",restrict,pty {ED25519}"#);
    let entry = parse_authorized_line(&old, 1).unwrap();
    assert_eq!((entry.login.as_deref(), entry.db.as_deref()), (Some("asha"), Some("/srv/it's.db")));
    assert_eq!(entry.blob, key.blob);
}

#[test]
fn the_line_forces_the_dashboard_as_the_login() {
    let key = parse(ED25519).unwrap();
    let line =
        authorized_keys_line(Path::new("/opt/bb/branchboard"), Path::new("/srv/branch/it's.db"), "asha", &key).unwrap();
    assert_eq!(
        line,
        format!(r#"command="/opt/bb/branchboard --db \"/srv/branch/it's.db\" --as asha",restrict,pty {ED25519}"#)
    );
    let entry = parse_authorized_line(&line, 3).unwrap();
    assert_eq!(entry.login.as_deref(), Some("asha"));
    assert_eq!(entry.db.as_deref(), Some("/srv/branch/it's.db"));
    assert_eq!(entry.blob, key.blob);
    assert_eq!(entry.comment, "user@host k_ed25519");
    assert_eq!(entry.line, 3);
    for bad in ["/srv/a\"b.db", "/srv/a\\b.db", "/srv/a\nb.db", "/srv/a\0b.db", "relative.db"] {
        let err = authorized_keys_line(Path::new("/opt/bb"), Path::new(bad), "asha", &key).unwrap_err();
        assert!(err.contains("cannot be written") || err.contains("not an absolute path"), "{bad}: {err}");
    }
    assert!(authorized_keys_line(Path::new("/b"), Path::new("/d"), "Asha; rm -rf /", &key).is_err());
}

#[test]
fn every_path_the_line_accepts_reaches_the_program_as_it_went_in() {
    use std::os::unix::fs::PermissionsExt;
    // The forced command as sshd hands it to the account's shell, run by a real `sh`, with a
    // program in place of branchboard that prints each argument it gets on a line of its own.
    let dir = tempfile::tempdir().unwrap();
    let program = dir.path().join("it's a bin").join("show-args");
    std::fs::create_dir_all(program.parent().unwrap()).unwrap();
    std::fs::write(&program, "#!/bin/sh\nfor word; do printf '%s\\n' \"$word\"; done\n").unwrap();
    std::fs::set_permissions(&program, std::fs::Permissions::from_mode(0o755)).unwrap();
    let program_text = program.to_str().unwrap();
    let key = parse(ED25519).unwrap();
    for db in [
        "/srv/plain.db",
        "/srv/a b.db",
        "/srv/it's.db",
        "/srv/$HOME/`id`.db",
        "/srv/it's $x & 'y'.db",
        "/srv/東京 é.db",
    ] {
        let line = authorized_keys_line(&program, Path::new(db), "ravi", &key).unwrap();
        let entry = parse_authorized_line(&line, 1).unwrap();
        assert_eq!((entry.login.as_deref(), entry.db.as_deref()), (Some("ravi"), Some(db)), "{line}");
        let command = forced_command(&line[..options_end(&line)]).unwrap();
        assert_eq!(shlex::split(&command).unwrap(), [program_text, "--db", db, "--as", "ravi"], "{line}");
        let run = std::process::Command::new("/bin/sh").arg("-c").arg(&command).output().unwrap();
        assert!(run.status.success(), "{line}: {}", String::from_utf8_lossy(&run.stderr));
        assert_eq!(String::from_utf8(run.stdout).unwrap(), format!("--db\n{db}\n--as\nravi\n"), "{line}");
    }
}

#[test]
fn other_lines_are_read_but_carry_no_login() {
    let plain = parse_authorized_line(ED25519, 1).unwrap();
    assert_eq!(plain.login, None);
    let other_command = parse_authorized_line(&format!("command=\"/usr/bin/rsync --server\",no-pty {RSA}"), 2).unwrap();
    assert_eq!(other_command.login, None);
    assert_eq!(other_command.key_type, "ssh-rsa");
    let by_hand =
        parse_authorized_line(&format!("no-agent-forwarding,command=\"branchboard --as=ravi\" {ED25519}"), 4).unwrap();
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
    assert_eq!(kept, format!("# keys\r\n{ECDSA_256}   \n\n{ravi}\r\n").into_bytes());
    let (same, none) = without_login(&contents, "nobody");
    assert_eq!((same, none), (contents.clone(), 0));
}

#[test]
fn a_requested_command_is_refused_and_never_names_the_identity() {
    assert!(requested_command_refusal(None).is_none());
    assert!(requested_command_refusal(Some(OsStr::new(""))).is_none());
    let refusal = requested_command_refusal(Some(OsStr::new("/bin/sh -c 'echo PWNED'"))).unwrap();
    assert_eq!(refusal.code, 3);
    assert_eq!(
        refusal.lines,
        vec!["this key opens the branchboard dashboard only; the command \"/bin/sh -c 'echo PWNED'\" was not run"]
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
    let leftovers: Vec<_> =
        std::fs::read_dir(file.parent().unwrap()).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert_eq!(leftovers, vec![std::ffi::OsString::from("authorized_keys")]);
}
