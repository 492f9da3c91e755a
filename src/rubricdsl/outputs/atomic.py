"""Writing output files so that no failure can cost a file.

Every file rubricdsl writes goes through :func:`atomic_output`: the text goes to a temporary file in the target's
own directory, is flushed and ``fsync``-ed, and only then renamed over the target (``os.replace`` is atomic on
POSIX and Windows), after which the directory is ``fsync``-ed so the rename itself survives a power cut.  A full
disk, a permission problem, a crash or SIGTERM before the rename leaves the old file exactly as it was and
removes the temporary file (SIGTERM and SIGINT are held while the temporary is created, so one cannot land after
the file exists and before its name is known: :func:`held_signals`); a reader never sees a half-written file that looks complete.

:func:`refuse_inputs` is the other half: an output that *is* one of the command's inputs (the same path, a hard
link or a symlink to it, compared by device and inode) is refused before anything is opened, since writing it
would destroy what is being read.

Devices and pipes (``/dev/stdout``, ``/dev/null``, a FIFO) have no old content to keep and must not be replaced
by a regular file, so they are written directly; their write errors (``/dev/full``) are reported the same way.
"""

from __future__ import annotations

import errno
import io
import os
import signal
import stat
import tempfile
import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from types import FrameType
from typing import IO

from rubricdsl.diagnostics import Text
from rubricdsl.diagnostics.messages import cli_text

_BUFFER_BYTES = 1 << 16


class OutputError(Exception):
    """An output cannot be written; the message says why in both languages.  Nothing was changed."""

    def __init__(self, text: Text) -> None:
        super().__init__(text.en)
        self.text = text


def refuse_inputs(output: Path, inputs: Iterable[Path]) -> None:
    """Raise :class:`OutputError` if ``output`` is the same file as any of ``inputs``."""
    try:
        written = os.stat(output)
    except OSError:
        return  # nothing there yet (or unreadable: the writer reports that): it cannot be an input
    for source in inputs:
        try:
            read = os.stat(source)
        except OSError:
            continue
        if (read.st_dev, read.st_ino) == (written.st_dev, written.st_ino):
            raise OutputError(cli_text("output-is-input", output=str(output), input=str(source)))


def _write_error(shown: str, error: OSError) -> OutputError:
    if error.errno == errno.EISDIR:
        return OutputError(cli_text("output-is-directory", output=shown))
    if error.errno == errno.ENOENT:
        return OutputError(cli_text("output-directory-missing", output=shown))
    reason = {
        errno.ENOSPC: "no-space",
        errno.EDQUOT: "no-space",
        errno.EFBIG: "no-space",
        errno.EACCES: "no-permission",
        errno.EPERM: "no-permission",
        errno.EROFS: "read-only",
    }.get(error.errno or 0, "other")
    return OutputError(cli_text("output-failed", output=shown, reason=reason, detail=error.strerror or str(error)))


class _Sink(io.RawIOBase):
    """Raw writes to a descriptor whose failures become :class:`OutputError` naming the file."""

    def __init__(self, descriptor: int, shown: str) -> None:
        super().__init__()
        self.descriptor = descriptor
        self.shown = shown
        self.discarding = False  # set when the output is thrown away: buffered text then goes nowhere

    def writable(self) -> bool:
        return True

    def write(self, data: bytes | bytearray | memoryview) -> int:  # type: ignore[override]
        if self.discarding:
            return len(data)
        try:
            return os.write(self.descriptor, data)
        except OSError as error:
            raise _write_error(self.shown, error) from None


def _text_stream(sink: _Sink, encoding: str, newline: str | None) -> io.TextIOWrapper:
    buffered = io.BufferedWriter(sink, buffer_size=_BUFFER_BYTES)  # type: ignore[type-var]  # a RawIOBase
    return io.TextIOWrapper(buffered, encoding=encoding, newline=newline)


def _new_file_mode() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return 0o666 & ~mask


@contextmanager
def terminate_as_exit() -> Iterator[None]:
    """While a temporary file exists, SIGTERM unwinds (so the file is removed) instead of killing outright."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def unwind(signum: int, frame: FrameType | None) -> None:
        raise SystemExit(128 + signum)

    previous = signal.signal(signal.SIGTERM, unwind)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


_HELD_SIGNALS = {signal.SIGTERM, signal.SIGINT}


@contextmanager
def held_signals() -> Iterator[None]:
    """SIGTERM and SIGINT wait (pending, not lost) until the block ends, so a temporary file is never created
    without its name reaching the code that removes it: a handler runs between any two bytecodes, and one that
    ran inside ``mkstemp`` after the file exists, or between the call and the ``try``, left a ``.tmp`` behind.
    Where signals cannot be blocked (Windows, a thread other than the main one) there is nothing to hold."""
    if not hasattr(signal, "pthread_sigmask") or threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, _HELD_SIGNALS)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)  # a pending signal is delivered here


def _temporary_beside(target: Path, shown: str, prefix: str) -> tuple[int, str]:
    """``mkstemp`` in the target's directory, with failures as :class:`OutputError` (call it holding signals)."""
    try:
        return tempfile.mkstemp(prefix=prefix, suffix=".tmp", dir=target.parent)
    except OSError as error:
        raise _write_error(shown, error) from None


@contextmanager
def atomic_output(path: Path, *, encoding: str = "utf-8", newline: str | None = "") -> Iterator[IO[str]]:
    """A text stream whose content replaces ``path`` only if the whole ``with`` block succeeds."""
    shown = str(path)
    target = Path(os.path.realpath(path))  # through a symlink: the link stays and points at the new content
    try:
        existing: os.stat_result | None = os.stat(target)
    except FileNotFoundError:
        existing = None
    except OSError as error:
        raise _write_error(shown, error) from None
    if existing is not None and stat.S_ISDIR(existing.st_mode):
        raise OutputError(cli_text("output-is-directory", output=shown))
    if existing is not None and not stat.S_ISREG(existing.st_mode):
        with _direct_output(target, shown, encoding, newline) as direct:
            yield direct
        return
    if not target.parent.is_dir():
        raise OutputError(cli_text("output-directory-missing", output=shown))
    prefix = f".{target.name[:64]}."  # a name near the 255-byte limit must still leave room for the temp name
    with terminate_as_exit():
        temporary: str | None = None
        sink: _Sink | None = None
        stream: io.TextIOWrapper | None = None
        try:
            # The name is bound before a signal can be handled, and every later line is inside this try.
            with held_signals():
                descriptor, temporary = _temporary_beside(target, shown, prefix)
            sink = _Sink(descriptor, shown)
            stream = _text_stream(sink, encoding, newline)
            with suppress(OSError):  # keep the old file's permissions; a new file gets the usual ones
                os.fchmod(descriptor, stat.S_IMODE(existing.st_mode) if existing else _new_file_mode())
            yield stream
            stream.flush()
            try:
                os.fsync(descriptor)
                os.replace(temporary, target)
            except OSError as error:
                raise _write_error(shown, error) from None
        except BaseException:
            if temporary is not None:  # else nothing was created (mkstemp failed)
                with held_signals():  # a second SIGTERM must not stop the removal halfway
                    if sink is not None:
                        sink.discarding = True
                    _close(stream, descriptor)
                    with suppress(OSError):
                        os.unlink(temporary)
            raise
        _close(stream, descriptor)
    _sync_directory(target.parent)


def _close(stream: io.TextIOWrapper | None, descriptor: int) -> None:
    """Close the stream (when there is one yet) and then the descriptor, once (the stream does not own it)."""
    if stream is not None:
        with suppress(Exception):
            stream.close()
    with suppress(OSError):
        os.close(descriptor)


def _sync_directory(directory: Path) -> None:
    """Make the rename durable; some file systems cannot open or sync a directory, which is no error."""
    try:
        handle = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(handle)
    except OSError:
        pass
    finally:
        os.close(handle)


@contextmanager
def _direct_output(target: Path, shown: str, encoding: str, newline: str | None) -> Iterator[IO[str]]:
    try:
        descriptor = os.open(target, os.O_WRONLY)
    except OSError as error:
        raise _write_error(shown, error) from None
    sink = _Sink(descriptor, shown)
    stream = _text_stream(sink, encoding, newline)
    try:
        yield stream
        stream.flush()
    except BaseException:
        sink.discarding = True
        raise
    finally:
        _close(stream, descriptor)


def write_text_atomically(path: Path, text: str, *, encoding: str = "utf-8", newline: str | None = None) -> None:
    """Replace ``path`` with ``text`` (``newline=None``: ``\\n`` becomes the platform's line end, as in open())."""
    with atomic_output(path, encoding=encoding, newline=newline) as stream:
        stream.write(text)


def save_atomically(path: Path, save: Callable[[str], object]) -> None:
    """For writers that want a file name (a workbook's or a document's ``save``): ``save`` writes a temporary
    file beside ``path``, which is then synced and renamed over it — the same guarantees as
    :func:`atomic_output`: a failure or SIGTERM leaves the old file whole and no temporary behind."""
    shown = str(path)
    target = Path(os.path.realpath(path))
    if target.is_dir():
        raise OutputError(cli_text("output-is-directory", output=shown))
    try:
        mode = os.stat(target).st_mode & 0o7777
    except FileNotFoundError:
        mode = _new_file_mode()
    except OSError as error:
        raise _write_error(shown, error) from None
    with terminate_as_exit():
        temporary: str | None = None
        try:
            with held_signals():  # as in atomic_output: the name is bound before a signal can be handled
                descriptor, temporary = _temporary_beside(target, shown, f".{target.name}.")
            os.close(descriptor)
            save(temporary)
            handle = os.open(temporary, os.O_RDONLY)
            try:
                os.fsync(handle)
            finally:
                os.close(handle)
            os.chmod(temporary, mode)
            os.replace(temporary, target)
        except BaseException as error:
            if temporary is not None:
                with held_signals():
                    Path(temporary).unlink(missing_ok=True)
            if isinstance(error, OSError):
                raise _write_error(shown, error) from None
            raise
    _sync_directory(target.parent)
