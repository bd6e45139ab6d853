//! Bundle files for branches with no route to head office: one part per line (JSON), written
//! to a file of its own beside the target and linked into place once safely on disk, never
//! over an existing file (two runs to one name: one wins, the other is told).

use super::part::Part;
use std::io::{BufRead, BufWriter, Write};
use std::path::{Path, PathBuf};

#[derive(Debug, thiserror::Error)]
pub enum BundleError {
    #[error(
        "{0} already exists; a bundle is never written over another (head office may not have loaded it yet): choose a new name"
    )]
    Exists(PathBuf),
    #[error("could not write the bundle {path}: {source}")]
    Write { path: PathBuf, source: std::io::Error },
    #[error("could not read the bundle {path}: {source}")]
    Read { path: PathBuf, source: std::io::Error },
    #[error("{path}:{line}: not a branchboard bundle line: {reason}")]
    Malformed { path: PathBuf, line: usize, reason: String },
}

/// Writes parts to `path` as `fill` produces them; the file appears only when complete.
pub fn write_bundle<E>(
    path: &Path,
    fill: impl FnOnce(&mut dyn FnMut(Part) -> Result<(), E>) -> Result<(), E>,
    io_error: impl Fn(BundleError) -> E,
) -> Result<(), E> {
    if path.exists() {
        return Err(io_error(BundleError::Exists(path.to_path_buf())));
    }
    let partial =
        crate::store::with_suffix(path, &format!(".{}-{:08x}.partial", std::process::id(), rand::random::<u32>()));
    let failed = |source| BundleError::Write { path: path.to_path_buf(), source };
    let file =
        std::fs::OpenOptions::new().write(true).create_new(true).open(&partial).map_err(|e| io_error(failed(e)))?;
    let mut out = BufWriter::new(file);
    let written = fill(&mut |part: Part| {
        let line = serde_json::to_string(&part).map_err(|e| io_error(failed(std::io::Error::other(e))))?;
        writeln!(out, "{line}").map_err(|e| io_error(failed(e)))
    });
    let finished = written.and_then(|()| {
        let file = out.into_inner().map_err(|e| io_error(failed(e.into_error())))?;
        file.sync_all().map_err(|e| io_error(failed(e)))?;
        place(&partial, path).map_err(|e| match e.kind() {
            std::io::ErrorKind::AlreadyExists => io_error(BundleError::Exists(path.to_path_buf())),
            _ => io_error(failed(e)),
        })
    });
    let _ = std::fs::remove_file(&partial);
    finished
}

/// Puts the finished file at `path`: by a link, which is never made over an existing file;
/// where links are not possible (a memory stick's FAT), by a rename after a last look.
fn place(partial: &Path, path: &Path) -> std::io::Result<()> {
    match std::fs::hard_link(partial, path) {
        Err(e) if e.kind() != std::io::ErrorKind::AlreadyExists => {
            if path.exists() {
                return Err(std::io::ErrorKind::AlreadyExists.into());
            }
            std::fs::rename(partial, path)
        }
        linked => linked,
    }
}

/// Reads a bundle's parts in order, each with its line number.
pub fn read_bundle(path: &Path) -> Result<impl Iterator<Item = Result<(usize, Part), BundleError>>, BundleError> {
    let file = std::fs::File::open(path).map_err(|source| BundleError::Read { path: path.to_path_buf(), source })?;
    let path = path.to_path_buf();
    Ok(std::io::BufReader::new(file).lines().enumerate().filter_map(move |(index, line)| {
        let line_number = index + 1;
        match line {
            Err(source) => Some(Err(BundleError::Read { path: path.clone(), source })),
            Ok(text) if text.trim().is_empty() => None,
            Ok(text) => {
                Some(serde_json::from_str::<Part>(&text).map(|part| (line_number, part)).map_err(|e| {
                    BundleError::Malformed { path: path.clone(), line: line_number, reason: e.to_string() }
                }))
            }
        }
    }))
}
