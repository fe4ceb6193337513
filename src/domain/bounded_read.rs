//! Reading input before it is parsed, never more than a limit, whatever it turns out to be.
//!
//! Files: a path can name a 4 GB file, `/dev/zero`, a FIFO that no one writes to, a
//! folder, or a symlink to any of them (a trainer's `--watch` file swapped for one between
//! two saves). So a scenario or rubric file is opened without blocking (a FIFO would wait
//! for a writer), refused unless it is a regular file (by the open handle, not the path,
//! which could change in between), and read through a reader limited to
//! `MAX_FILE_BYTES + 1` bytes: one more than allowed is enough to know it is too large.
//!
//! Lines: a stream read a line at a time (`import`'s JSONL, `score`'s replies on standard
//! input) can hold a 2 GB line, or never end one (`/dev/zero`). [`read_line`] keeps at most
//! its limit of a line and reads past the rest, so memory stays bounded whatever the input.

use crate::domain::finding::Finding;
use crate::domain::scenario::load::MAX_FILE_BYTES;
use std::fs::{File, OpenOptions};
use std::io::{BufRead, Read};
use std::path::Path;

/// The file's bytes, at most `MAX_FILE_BYTES`; or the finding that says why it was not
/// read (`not-a-file`, `file-too-large`, `unreadable`), to show with the path.
pub fn read_bounded(path: &Path) -> Result<Vec<u8>, Finding> {
    let file = open_without_blocking(path).map_err(|e| unreadable(&e))?;
    let meta = file.metadata().map_err(|e| unreadable(&e))?;
    if !meta.is_file() {
        return Err(Finding::error(
            "not-a-file",
            format!("this is {}, not a regular file", kind(&meta)),
        )
        .help("give the path of a scenario or rubric file (.toml)"));
    }
    if meta.len() > MAX_FILE_BYTES as u64 {
        return Err(too_large(&meta.len().to_string()));
    }
    let mut bytes = Vec::with_capacity(usize::try_from(meta.len()).unwrap_or(0) + 1);
    file.take(MAX_FILE_BYTES as u64 + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| unreadable(&e))?;
    if bytes.len() > MAX_FILE_BYTES {
        // It grew after it was measured.
        return Err(too_large(&format!("more than {MAX_FILE_BYTES}")));
    }
    Ok(bytes)
}

#[cfg(unix)]
fn open_without_blocking(path: &Path) -> std::io::Result<File> {
    use std::os::unix::fs::OpenOptionsExt;
    // O_NONBLOCK: opening a FIFO returns at once instead of waiting for a writer; it
    // changes nothing for the regular file that is then read.
    OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NONBLOCK)
        .open(path)
}

#[cfg(not(unix))]
fn open_without_blocking(path: &Path) -> std::io::Result<File> {
    OpenOptions::new().read(true).open(path)
}

/// What a path that is not a regular file is, in words.
fn kind(meta: &std::fs::Metadata) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        let t = meta.file_type();
        if t.is_fifo() {
            return "a FIFO (named pipe)";
        }
        if t.is_char_device() || t.is_block_device() {
            return "a device";
        }
        if t.is_socket() {
            return "a socket";
        }
    }
    if meta.is_dir() {
        "a folder"
    } else {
        "something else"
    }
}

/// The refusal as one message about `what` (e.g. "the scenario x.toml"), with its hint.
pub fn refusal(what: &str, finding: &Finding) -> String {
    let why = finding
        .message
        .strip_prefix("cannot read the file: ")
        .unwrap_or(&finding.message);
    match &finding.help {
        Some(help) => format!("error: cannot read {what}: {why}\nhelp: {help}"),
        None => format!("error: cannot read {what}: {why}"),
    }
}

fn too_large(size: &str) -> Finding {
    Finding::error(
        "file-too-large",
        format!("the file is {size} bytes; scenario and rubric files are limited to {MAX_FILE_BYTES} bytes"),
    )
    .help("split the scenario, or check that this is the file you meant")
}

/// What [`read_line`] found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Line {
    /// A line, whole, in the buffer.
    Read,
    /// A line longer than the limit: read past, not kept (the buffer is empty).
    TooLong,
    /// The input ended before another line.
    End,
}

/// Reads one line (without its `\n`) into `buf`, keeping at most `limit` bytes of it: the
/// rest of a longer line is read past, a buffer at a time, and dropped.
pub fn read_line<R: BufRead + ?Sized>(
    input: &mut R,
    buf: &mut Vec<u8>,
    limit: usize,
) -> std::io::Result<Line> {
    buf.clear();
    let mut too_long = false;
    let mut any = false;
    loop {
        let chunk = match input.fill_buf() {
            Ok(chunk) => chunk,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if chunk.is_empty() {
            break;
        }
        any = true;
        let (part, done) = match chunk.iter().position(|b| *b == b'\n') {
            Some(i) => (&chunk[..i], Some(i + 1)),
            None => (chunk, None),
        };
        if !too_long {
            if buf.len() + part.len() > limit {
                too_long = true;
                buf.clear();
            } else {
                buf.extend_from_slice(part);
            }
        }
        let used = done.unwrap_or(chunk.len());
        input.consume(used);
        if done.is_some() {
            break;
        }
    }
    Ok(match (any, too_long) {
        (false, _) => Line::End,
        (true, true) => Line::TooLong,
        (true, false) => Line::Read,
    })
}

fn unreadable(e: &std::io::Error) -> Finding {
    Finding::error("unreadable", format!("cannot read the file: {e}"))
        .help("check the path and its permissions")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_line_over_the_limit_is_read_past_and_the_next_one_read() {
        let mut input: &[u8] = b"short\nfar too long a line\nlast";
        let mut buf = Vec::new();
        assert_eq!(read_line(&mut input, &mut buf, 9).unwrap(), Line::Read);
        assert_eq!(buf, b"short");
        assert_eq!(read_line(&mut input, &mut buf, 9).unwrap(), Line::TooLong);
        assert!(buf.is_empty());
        assert_eq!(read_line(&mut input, &mut buf, 9).unwrap(), Line::Read);
        assert_eq!(buf, b"last");
        assert_eq!(read_line(&mut input, &mut buf, 9).unwrap(), Line::End);
    }

    /// An endless line (`/dev/zero`) is read past with at most the limit kept: the reader
    /// gives up only at the input's end, so a bounded stand-in for it is used here.
    #[test]
    fn an_endless_line_never_grows_the_buffer_past_the_limit() {
        let mut input = std::io::BufReader::with_capacity(
            4096,
            std::io::Read::take(std::io::repeat(0), 50 << 20),
        );
        let mut buf = Vec::new();
        assert_eq!(
            read_line(&mut input, &mut buf, 1024).unwrap(),
            Line::TooLong
        );
        assert!(buf.capacity() <= 1024 + 4096, "{}", buf.capacity());
    }

    #[test]
    fn a_file_within_the_limit_is_read_whole() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.toml");
        std::fs::write(&path, "format = 1\n").unwrap();
        assert_eq!(read_bounded(&path).unwrap(), b"format = 1\n");
        let full = dir.path().join("full.toml");
        std::fs::write(&full, vec![b'#'; MAX_FILE_BYTES]).unwrap();
        assert_eq!(read_bounded(&full).unwrap().len(), MAX_FILE_BYTES);
    }

    #[test]
    fn a_sparse_4_gb_file_is_refused_by_its_size_unread() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("big.toml");
        File::create(&path)
            .unwrap()
            .set_len(4 * 1024 * 1024 * 1024)
            .unwrap();
        let f = read_bounded(&path).unwrap_err();
        assert_eq!(f.code, "file-too-large");
        assert!(f.message.contains("4294967296 bytes"), "{}", f.message);
        let over = dir.path().join("over.toml");
        std::fs::write(&over, vec![b'#'; MAX_FILE_BYTES + 1]).unwrap();
        assert_eq!(read_bounded(&over).unwrap_err().code, "file-too-large");
    }

    #[cfg(unix)]
    #[test]
    fn devices_folders_and_fifos_are_refused_without_blocking() {
        let dir = tempfile::tempdir().unwrap();
        let zero = dir.path().join("zero.toml");
        std::os::unix::fs::symlink("/dev/zero", &zero).unwrap();
        let f = read_bounded(&zero).unwrap_err();
        assert_eq!(f.code, "not-a-file");
        assert!(f.message.contains("a device"), "{}", f.message);

        let folder = dir.path().join("folder.toml");
        std::fs::create_dir(&folder).unwrap();
        assert!(
            read_bounded(&folder)
                .unwrap_err()
                .message
                .contains("a folder")
        );

        let fifo = dir.path().join("fifo.toml");
        let made = std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap();
        assert!(made.success());
        // No writer ever opens it: a blocking open would hang this test.
        let f = read_bounded(&fifo).unwrap_err();
        assert!(f.message.contains("FIFO"), "{}", f.message);
    }
}
