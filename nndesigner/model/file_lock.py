"""Telling two nndesigner windows apart on one design file: the window that opens a
file writes `.<name>.lock` beside it with its process id and host; another window
opening the same file while that process runs is told so (saving from both would
overwrite each other). A lock whose process is gone (a crash) is taken over. The lock
is advice to the user, not a barrier: a file on a read-only folder opens unlocked."""

from __future__ import annotations

import contextlib
import json
import os
import socket
from dataclasses import dataclass
from pathlib import Path

from nndesigner.model.recovery import process_running


def lock_path(design_path: str | os.PathLike) -> Path:
    path = Path(design_path).resolve()
    return path.parent / f".{path.name}.lock"


@dataclass(frozen=True)
class Holder:
    """Who holds a design file open."""

    pid: int
    host: str


def holder(design_path: str | os.PathLike) -> Holder | None:
    """The other running nndesigner that has the file open, if one has."""
    try:
        data = json.loads(lock_path(design_path).read_text(encoding="utf-8"))
        found = Holder(int(data["pid"]), str(data["host"]))
    except (OSError, ValueError, KeyError, TypeError):
        return None
    if found.pid == os.getpid() and found.host == socket.gethostname():
        return None
    if found.host == socket.gethostname() and not process_running(found.pid):
        return None  # left by a crash
    return found


def take(design_path: str | os.PathLike) -> None:
    """Mark the file as open in this process (silently not, where that cannot be
    written)."""
    content = json.dumps({"pid": os.getpid(), "host": socket.gethostname()})
    with contextlib.suppress(OSError):
        lock_path(design_path).write_text(content, encoding="utf-8")


def release(design_path: str | os.PathLike) -> None:
    """Remove this process's mark from the file, if the mark is its own."""
    path = lock_path(design_path)
    with contextlib.suppress(OSError, ValueError, KeyError, TypeError):
        data = json.loads(path.read_text(encoding="utf-8"))
        if int(data["pid"]) == os.getpid() and data["host"] == socket.gethostname():
            path.unlink()
