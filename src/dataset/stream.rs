//! Files read or written once, front to back, in bulk: the CSV views a
//! rebuild or a merge copies from and writes (~5 GB at 100,000 records).
//!
//! Both keep their footprint in the page cache small. A `Reader` tells the
//! kernel to drop the pages it has read; a `Writer` starts writing each
//! stretch of `WRITE_BEHIND` bytes to disk as soon as it is written, waits
//! for the stretch before it and drops that from the cache ("write-behind",
//! as `dd oflag=nocache` does). So a merge does not fill memory with pages it
//! will not read again (evicting what other programs use), the kernel
//! recycles the same few pages instead of taking fresh ones (on a virtual
//! machine a page the host took back is slow to touch again), and the final
//! fsync finds little left to write. Elsewhere than Linux they are plain
//! buffered files.
//!
//! The system calls go through `rustix`'s safe wrappers (`fadvise`, and
//! `syncfs` for `Dataset::sync_to_disk`), except `sync_file_range`, which
//! rustix does not wrap: its one `unsafe` call in [`write_back`] is the only
//! `unsafe` block of iki's own code. It passes a descriptor that the borrowed
//! `File` keeps open and plain integers, so no memory is shared with the kernel.

use std::fs::File;
use std::io::{self, BufReader, BufWriter, Read, Write};

/// Bytes a `Writer` lets the kernel hold before it waits for them.
const WRITE_BEHIND: u64 = 32 << 20;
/// Bytes a `Reader` reads before it drops them from the cache.
const DROP_BEHIND: u64 = 8 << 20;
/// Bytes a `Reader` asks the kernel to read ahead of where it reads.
const READ_AHEAD: u64 = 4 << 20;
/// The largest piece copied at once (so write-behind keeps its pace).
const PIECE: u64 = 1 << 20;

/// A file read forward through a buffer. Reads that skip ahead within the
/// buffer need no system call.
pub(crate) struct Reader {
    file: BufReader<File>,
    /// Where the next read starts.
    pos: u64,
    /// Pages before this offset were dropped from the cache.
    dropped: u64,
    /// The kernel was asked to read up to this offset.
    ahead: u64,
}

impl Reader {
    pub(crate) fn new(file: File) -> Reader {
        Reader { file: BufReader::with_capacity(128 << 10, file), pos: 0, dropped: 0, ahead: 0 }
    }

    /// Copies the `len` bytes at `start` to `dst`.
    pub(crate) fn copy_to(&mut self, start: u64, len: u64, dst: &mut Writer) -> io::Result<()> {
        if start != self.pos {
            self.file.seek_relative(start as i64 - self.pos as i64)?;
            self.pos = start;
        }
        let end = start + len;
        // A merge reads a few hundred files at once, a little of each in
        // turn: without asking, each read would wait for the disk.
        if self.pos + READ_AHEAD / 2 > self.ahead {
            let from = self.ahead.max(self.pos);
            advise(self.file.get_ref(), from, self.pos + READ_AHEAD - from, Advice::WillNeed);
            self.ahead = self.pos + READ_AHEAD;
        }
        while self.pos < end {
            let piece = PIECE.min(end - self.pos);
            let copied = io::copy(&mut (&mut self.file).take(piece), &mut dst.file)?;
            self.pos += copied;
            dst.advance(copied)?;
            if copied != piece {
                return Err(io::Error::new(io::ErrorKind::UnexpectedEof, "a CSV file is shorter than its .views says"));
            }
        }
        if self.pos >= self.dropped + DROP_BEHIND {
            advise(self.file.get_ref(), self.dropped, self.pos - self.dropped, Advice::DontNeed);
            self.dropped = self.pos;
        }
        Ok(())
    }
}

/// A new file written front to back, with write-behind.
pub(crate) struct Writer {
    file: BufWriter<tempfile::NamedTempFile>,
    /// Bytes written so far.
    written: u64,
    /// Bytes before this offset are on their way to disk.
    started: u64,
    /// Bytes before this offset are on disk and out of the cache.
    dropped: u64,
}

impl Writer {
    pub(crate) fn new(file: tempfile::NamedTempFile) -> Writer {
        Writer { file: BufWriter::with_capacity(1 << 20, file), written: 0, started: 0, dropped: 0 }
    }

    pub(crate) fn write_all(&mut self, bytes: &[u8]) -> io::Result<()> {
        self.file.write_all(bytes)?;
        self.advance(bytes.len() as u64)
    }

    /// The file, every byte handed to the kernel (not yet synced).
    pub(crate) fn into_inner(self) -> io::Result<tempfile::NamedTempFile> {
        self.file.into_inner().map_err(|e| e.into_error())
    }

    /// Counts `n` bytes written; when a stretch is full, starts writing it to
    /// disk, and waits for the stretch before it and drops it from the cache.
    fn advance(&mut self, n: u64) -> io::Result<()> {
        self.written += n;
        if self.written < self.started + WRITE_BEHIND {
            return Ok(());
        }
        self.file.flush()?;
        let f = self.file.get_ref().as_file();
        write_back(f, self.started, self.written, false)?;
        if self.started > self.dropped {
            write_back(f, self.dropped, self.started, true)?;
            advise(f, self.dropped, self.started - self.dropped, Advice::DontNeed);
            self.dropped = self.started;
        }
        self.started = self.written;
        Ok(())
    }
}

/// Advice to the kernel about a file's pages (`posix_fadvise`): a hint, given
/// on Linux only.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Advice {
    /// Read only the pages asked for, no read-ahead.
    Random,
    /// Start reading the range into the cache, without waiting.
    WillNeed,
    /// Drop the range's cached pages (dirty pages stay).
    DontNeed,
}

/// Gives `advice` for `len` bytes of `file` from `from` (0: to its end).
pub(crate) fn advise(file: &File, from: u64, len: u64, advice: Advice) {
    #[cfg(target_os = "linux")]
    {
        use rustix::fs::Advice as A;
        let advice = match advice {
            Advice::Random => A::Random,
            Advice::WillNeed => A::WillNeed,
            Advice::DontNeed => A::DontNeed,
        };
        // A hint: a file system that ignores it loses nothing.
        let _ = rustix::fs::fadvise(file, from, std::num::NonZeroU64::new(len), advice);
    }
    #[cfg(not(target_os = "linux"))]
    let _ = (file, from, len, advice);
}

/// Starts writing `from..to` of `file` to disk (`sync_file_range`); with
/// `wait`, returns once that range is on disk.
fn write_back(file: &File, from: u64, to: u64, wait: bool) -> io::Result<()> {
    #[cfg(target_os = "linux")]
    {
        use std::os::fd::AsRawFd;
        let mut flags = libc::SYNC_FILE_RANGE_WRITE;
        if wait {
            flags |= libc::SYNC_FILE_RANGE_WAIT_BEFORE | libc::SYNC_FILE_RANGE_WAIT_AFTER;
        }
        // SAFETY: sync_file_range only reads the descriptor, which `file` keeps open.
        if unsafe { libc::sync_file_range(file.as_raw_fd(), from as i64, (to - from) as i64, flags) } != 0 {
            let e = io::Error::last_os_error();
            // A file system without it (some network file systems): the final
            // fsync writes everything.
            if e.raw_os_error() != Some(libc::ENOSYS) && e.raw_os_error() != Some(libc::EINVAL) {
                return Err(e);
            }
        }
    }
    #[cfg(not(target_os = "linux"))]
    let _ = (file, from, to, wait);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Slices copied through a `Reader` to a `Writer`, forward, with skips,
    /// and past the write-behind and drop-behind stretches, are the bytes.
    #[test]
    fn copied_slices_are_the_source_s_bytes() {
        let dir = tempfile::tempdir().unwrap();
        let src: Vec<u8> = (0..(3 * WRITE_BEHIND as usize)).map(|i| (i % 251) as u8).collect();
        let path = dir.path().join("src");
        std::fs::write(&path, &src).unwrap();
        let mut r = Reader::new(File::open(&path).unwrap());
        let mut w = Writer::new(tempfile::NamedTempFile::new_in(dir.path()).unwrap());
        let slices = [(0, 10), (10, 5), (100, 200_000), (300_000, 2 * WRITE_BEHIND), (2 * WRITE_BEHIND + 300_100, 7)];
        let mut want = Vec::new();
        for (start, len) in slices {
            r.copy_to(start, len, &mut w).unwrap();
            want.extend_from_slice(&src[start as usize..(start + len) as usize]);
            w.write_all(b"|").unwrap();
            want.push(b'|');
        }
        let out = w.into_inner().unwrap();
        assert_eq!(std::fs::read(out.path()).unwrap(), want);
        // A slice past the end of the source is an error, not a short copy.
        let mut w = Writer::new(tempfile::NamedTempFile::new_in(dir.path()).unwrap());
        assert!(r.copy_to(src.len() as u64 - 5, 10, &mut w).is_err());
    }
}
