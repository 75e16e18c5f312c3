//! Which notes a `check` covers, and reading them.
//!
//! A file named on the command line is checked whatever its extension; a folder is searched
//! recursively for `.md`, `.markdown` and `.txt` files, in sorted order, skipping hidden folders
//! (`.git`) and not following symbolic links to folders (no cycles).

use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};

/// One note to check.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Source {
    /// The name reported in output: the path as given or found, or the stdin name.
    pub display: String,
    /// Where to read it; `None` for standard input.
    pub path: Option<PathBuf>,
    /// The folder whose `revlint.toml` (or a parent's) governs the note.
    pub config_dir: PathBuf,
    /// Read as Markdown (by the `.md` / `.markdown` extension).
    pub markdown: bool,
}

const NOTE_EXTENSIONS: &[&str] = &["md", "markdown", "txt"];

pub fn is_markdown(path: &Path) -> bool {
    has_extension(path, &["md", "markdown"])
}

fn has_extension(path: &Path, exts: &[&str]) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| exts.iter().any(|x| e.eq_ignore_ascii_case(x)))
}

/// The notes under `paths`, in the order given (folders expanded in sorted order). Paths that do
/// not exist or cannot be listed are returned as error messages naming them.
pub fn expand(paths: &[PathBuf], stdin_name: Option<&Path>) -> (Vec<Source>, Vec<String>) {
    let mut sources = Vec::new();
    let mut errors = Vec::new();
    for path in paths {
        if path.as_os_str() == "-" {
            let name = stdin_name.unwrap_or(Path::new("<stdin>"));
            let dir = stdin_name
                .and_then(|p| p.parent())
                .filter(|p| !p.as_os_str().is_empty())
                .unwrap_or(Path::new("."));
            sources.push(Source {
                display: name.display().to_string(),
                path: None,
                config_dir: dir.to_path_buf(),
                markdown: stdin_name.is_some_and(is_markdown),
            });
            continue;
        }
        match fs::metadata(path) {
            Ok(meta) if meta.is_dir() => walk(path, &mut sources, &mut errors),
            Ok(_) => sources.push(file_source(path)),
            Err(e) => errors.push(format!("{}: {}", path.display(), io_reason(&e))),
        }
    }
    (sources, errors)
}

fn file_source(path: &Path) -> Source {
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    Source {
        display: path.display().to_string(),
        path: Some(path.to_path_buf()),
        config_dir: dir.to_path_buf(),
        markdown: is_markdown(path),
    }
}

fn walk(dir: &Path, sources: &mut Vec<Source>, errors: &mut Vec<String>) {
    let entries = match fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) => {
            errors.push(format!("{}: {}", dir.display(), io_reason(&e)));
            return;
        }
    };
    let mut files = Vec::new();
    let mut dirs = Vec::new();
    for entry in entries {
        let entry = match entry {
            Ok(entry) => entry,
            Err(e) => {
                errors.push(format!("{}: {}", dir.display(), io_reason(&e)));
                continue;
            }
        };
        let path = entry.path();
        let hidden = entry.file_name().to_string_lossy().starts_with('.');
        // The entry's own type: a symbolic link to a folder is not followed.
        match entry.file_type() {
            Ok(t) if t.is_dir() => {
                if !hidden {
                    dirs.push(path);
                }
            }
            Ok(_) if has_extension(&path, NOTE_EXTENSIONS) => files.push(path),
            Ok(_) => {}
            Err(e) => errors.push(format!("{}: {}", path.display(), io_reason(&e))),
        }
    }
    // Files of a folder first, then its subfolders, each sorted: a stable, readable order.
    files.sort();
    dirs.sort();
    sources.extend(files.iter().map(|f| file_source(f)));
    for d in dirs {
        walk(&d, sources, errors);
    }
}

/// Reads a note as UTF-8 text; the error names what is wrong (the caller adds the file name).
/// A leading byte-order mark is dropped, as editors do, so positions match theirs.
pub fn read(source: &Source) -> Result<String, String> {
    let bytes = match &source.path {
        Some(path) => fs::read(path).map_err(|e| io_reason(&e))?,
        None => {
            let mut buf = Vec::new();
            std::io::stdin()
                .lock()
                .read_to_end(&mut buf)
                .map_err(|e| io_reason(&e))?;
            buf
        }
    };
    decode(bytes)
}

pub fn decode(mut bytes: Vec<u8>) -> Result<String, String> {
    if bytes.starts_with(b"\xEF\xBB\xBF") {
        bytes.drain(..3);
    }
    String::from_utf8(bytes).map_err(|e| {
        let at = e.utf8_error().valid_up_to();
        let byte = e.as_bytes().get(at).copied().unwrap_or(0);
        format!("not valid UTF-8 (byte 0x{byte:02x} at offset {at})")
    })
}

/// An I/O error in words, without Rust's "(os error 2)" suffix.
pub fn io_reason(e: &std::io::Error) -> String {
    use std::io::ErrorKind;
    match e.kind() {
        ErrorKind::NotFound => "no such file or folder".to_string(),
        ErrorKind::PermissionDenied => "permission denied".to_string(),
        ErrorKind::IsADirectory => "is a folder".to_string(),
        _ => {
            let s = e.to_string();
            match s.find(" (os error") {
                Some(i) => s[..i].to_string(),
                None => s,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decode_names_the_bad_byte_and_its_offset() {
        assert_eq!(
            decode(b"ab\xffc".to_vec()).unwrap_err(),
            "not valid UTF-8 (byte 0xff at offset 2)"
        );
        assert_eq!(decode(b"\xEF\xBB\xBFhi".to_vec()).unwrap(), "hi");
        // A truncated multi-byte character at the end.
        assert_eq!(
            decode(b"a\xE2\x82".to_vec()).unwrap_err(),
            "not valid UTF-8 (byte 0xe2 at offset 1)"
        );
    }

    #[test]
    fn markdown_is_told_by_extension() {
        assert!(is_markdown(Path::new("a/b.MD")));
        assert!(is_markdown(Path::new("b.markdown")));
        assert!(!is_markdown(Path::new("b.txt")));
        assert!(!is_markdown(Path::new("md")));
    }
}
