//! Public key files: parsing one OpenSSH public key line, checking its key data against its
//! declared type, and its SHA256 fingerprint.

use base64::Engine;
use base64::engine::general_purpose::{STANDARD, STANDARD_NO_PAD};
use sha2::{Digest, Sha256};

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

pub(super) fn fingerprint(blob: &[u8]) -> String {
    format!("SHA256:{}", STANDARD_NO_PAD.encode(Sha256::digest(blob)))
}

/// Reads a public key file (`id_ed25519.pub` and the like): exactly one key line of a known
/// type whose data decodes and matches that type, with an optional comment. Problems name
/// the file (`shown`) and the line.
pub fn parse_public_key_file(text: &str, shown: &str) -> Result<PublicKey, String> {
    let lines: Vec<(usize, &str)> = text.lines().enumerate().map(|(i, l)| (i + 1, l.trim())).collect();
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
    let mut key_lines = lines.iter().filter(|(_, l)| !l.is_empty() && !l.starts_with('#'));
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
pub(super) fn parse_key_line(line: &str) -> Result<PublicKey, String> {
    if line.chars().any(|c| c.is_control() && c != '\t') {
        return Err("the line holds a control character; it is not a public key".into());
    }
    let mut words = line.split_whitespace();
    let declared = words.next().unwrap_or_default();
    if !KEY_TYPES.contains(&declared) {
        let known = KEY_TYPES.join(", ");
        return Err(if line.split_whitespace().skip(1).any(|w| KEY_TYPES.contains(&w)) {
            format!(
                "the key is preceded by {declared:?}; give a bare public key without options (branchboard writes the options itself)"
            )
        } else if declared.contains("-cert-v01@openssh.com") {
            "this is an SSH certificate; give the plain public key".into()
        } else if declared == "ssh-dss" {
            "DSA keys are refused by current OpenSSH; make an ed25519 key with `ssh-keygen -t ed25519`".into()
        } else {
            format!("not an OpenSSH public key: {declared:?} is not a known key type ({known})")
        });
    }
    let encoded = words.next().ok_or_else(|| format!("the key type {declared} is not followed by the key"))?;
    let blob = STANDARD.decode(encoded).map_err(|_| "the key is not valid base64".to_string())?;
    check_key_data(declared, &blob)?;
    let comment = words.collect::<Vec<_>>().join(" ");
    Ok(PublicKey { key_type: declared.to_string(), blob, comment })
}

/// Checks that the decoded key data is a well-formed key of the declared type (RFC 4253,
/// RFC 5656, RFC 8709 and OpenSSH's PROTOCOL.u2f): its own type string, then its fields.
pub(super) fn check_key_data(declared: &str, blob: &[u8]) -> Result<(), String> {
    let mut reader = SshReader { rest: blob };
    let damaged = |what: &str| format!("the key data is damaged or truncated ({what})");
    let embedded = reader.string().ok_or_else(|| damaged("no key type inside"))?;
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
            reader.string().filter(|e| !e.is_empty()).ok_or_else(|| damaged("no exponent"))?;
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
pub(super) struct SshReader<'a> {
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
