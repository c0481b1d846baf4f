"""Writing a file so that it is either wholly the old one or wholly the new one."""

from __future__ import annotations

import glob
import os
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import BinaryIO

from nndesigner.model.errors import DesignError


def _read_umask() -> int:
    """The process's umask (reading it means setting it, so this is done once, at import,
    before any other thread could create a file meanwhile)."""
    umask = os.umask(0o022)
    os.umask(umask)
    return umask


UMASK = _read_umask()


def write_atomically(path: str | os.PathLike, data: str | bytes) -> None:
    """Write `data` (text as UTF-8) to `path` as `atomically_written` does."""
    payload = data.encode("utf-8") if isinstance(data, str) else data
    with atomically_written(path) as stream:
        stream.write(payload)


@contextmanager
def atomically_written(path: str | os.PathLike) -> Iterator[BinaryIO]:
    """A binary stream to a temporary file in `path`'s folder; when the block ends
    without an error it is flushed, fsynced and renamed over `path` (and the folder
    fsynced, so the rename survives a power cut). If anything fails, or the process dies
    before the rename, `path` is left as it was; a failure to write is a DesignError with
    a plain sentence. The new file gets the old file's permissions, or for a new file
    those any program would create it with (0666 less the umask), not the private mode of
    a temporary file. A symlink is written through (its target replaced, the link kept).
    Devices (such as /dev/stdout) are written directly; a pipe or a path with a NUL is
    refused. Temporary files of this naming left by a killed save over an hour ago are
    removed."""
    if "\0" in os.fspath(path):
        raise DesignError("The output path holds a NUL character.")
    target = Path(path).resolve() if Path(path).is_symlink() else Path(path)
    if target.is_fifo():
        raise DesignError(f"{path} is a pipe; name a file to write.")
    if target.is_file() and not target.stat().st_mode & 0o222:
        raise DesignError(f"{path} is read-only; it is left as it is.")
    if target.exists() and not target.is_file():
        try:
            with open(target, "wb") as stream:
                yield stream
        except OSError as error:
            raise _write_error(path, error) from error
        return
    try:
        handle, temporary = tempfile.mkstemp(
            dir=target.parent, prefix=f".{target.name}.", suffix=".tmp"
        )
    except OSError as error:
        raise _write_error(path, error) from error
    mode = _mode_for(target)
    try:
        with os.fdopen(handle, "wb") as stream:
            yield stream
            stream.flush()
            os.fsync(stream.fileno())
        with suppress(OSError):  # some file systems (FAT, some network shares) refuse it
            os.chmod(temporary, mode)
        os.replace(temporary, target)
        _remove_stale(target)
    except BaseException as error:
        with suppress(OSError):
            Path(temporary).unlink(missing_ok=True)
        if isinstance(error, OSError):
            raise _write_error(path, error) from error
        raise
    _sync_folder(target.parent)


STALE_SECONDS = 3600


def _remove_stale(target: Path) -> None:
    """Remove `.name.*.tmp` files beside `target` older than STALE_SECONDS: saves that
    were killed before their rename (a running save's file is younger)."""
    now = time.time()
    for leftover in target.parent.glob(f".{glob.escape(target.name)}.*.tmp"):
        with suppress(OSError):
            if now - leftover.stat().st_mtime > STALE_SECONDS:
                leftover.unlink()


def _mode_for(target: Path) -> int:
    """The permission bits `target` keeps, or gets when it is new."""
    try:
        return target.stat().st_mode & 0o7777
    except OSError:
        return 0o666 & ~UMASK


def _write_error(path: str | os.PathLike, error: OSError) -> DesignError:
    reason = error.strerror or str(error)
    return DesignError(f"Cannot write {path}: {reason}. The previous file, if any, is unchanged.")


def _sync_folder(folder: Path) -> None:
    """fsync a folder's entry list where the platform allows it (not on Windows)."""
    try:
        descriptor = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(descriptor)
    except OSError:
        pass
    finally:
        os.close(descriptor)
