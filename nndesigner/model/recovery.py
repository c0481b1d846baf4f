"""Autosaved recovery files: the open design with unsaved changes, written now and then
so that a crash loses at most a minute of work.

Each running nndesigner writes `recovery-<pid>.json` in the recovery folder:
`{"format": "nndesigner-recovery", "version": 1, "original": path or null, "name": ...,
"saved_at": seconds since the epoch, "design": <a design file's content>}`, with the data
file named by absolute path. A file whose process is no longer running is an orphan: the
next start offers to restore it.
"""

from __future__ import annotations

import dataclasses
import json
import os
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from nndesigner.model.atomic_file import write_atomically
from nndesigner.model.design import Design
from nndesigner.model.errors import DesignError
from nndesigner.model.serialize import data_source_for, design_from_dict, design_to_dict, read_json

RECOVERY_FORMAT = "nndesigner-recovery"


@dataclass(frozen=True)
class Recovery:
    """One recovery file: where it is, whose it was, and what it holds."""

    path: Path
    pid: int
    original: str | None
    name: str
    saved_at: float
    # Why it cannot be restored, when it cannot (it is reported, never skipped).
    problem: str | None = None


def recovery_path(folder: Path, pid: int | None = None) -> Path:
    return folder / f"recovery-{os.getpid() if pid is None else pid}.json"


def write_recovery(design: Design, folder: Path, original: str | None, name: str) -> Path:
    """Write this process's recovery file atomically; returns its path."""
    keeping = dataclasses.replace(design, data_source=data_source_for(design, None))
    content = {
        "format": RECOVERY_FORMAT,
        "version": 1,
        # Absolute: the restored design is saved where it came from, whatever the folder.
        "original": None if original is None else str(Path(original).resolve()),
        "name": name,
        "saved_at": time.time(),
        "design": design_to_dict(keeping),
    }
    try:
        text = json.dumps(content, allow_nan=False)  # only what read_json reads back
    except ValueError as error:
        raise DesignError("a weight or bias is not a finite number") from error
    path = recovery_path(folder)
    write_atomically(path, text)
    return path


def process_running(pid: int) -> bool:
    """Whether process `pid` exists (POSIX); on Windows, where asking could end the
    process, every other process's file counts as orphaned."""
    if os.name == "nt":
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def orphaned_recoveries(
    folder: Path, running: Callable[[int], bool] = process_running
) -> list[Recovery]:
    """Recovery files of processes that are gone, newest first; one that cannot be read
    comes with its `problem`, to be reported."""
    found = []
    for path in folder.glob("recovery-*.json"):
        try:
            pid = int(path.stem.removeprefix("recovery-"))
        except ValueError:
            continue
        if pid == os.getpid() or running(pid):
            continue
        try:
            data = read_json(path)
            if data.get("format") != RECOVERY_FORMAT:
                raise DesignError("it is not a recovery file")
            found.append(Recovery(path, pid, data["original"], data["name"], data["saved_at"]))
        except (DesignError, KeyError, TypeError, AttributeError) as error:
            problem = str(error) if isinstance(error, DesignError) else "it is incomplete"
            found.append(Recovery(path, pid, None, path.name, path.stat().st_mtime, problem))
    return sorted(found, key=lambda recovery: -recovery.saved_at)


def set_aside(recovery: Recovery) -> Path:
    """Rename a recovery file that cannot be restored so that it is not offered again but
    stays for the user to look at; returns its new path."""
    kept = recovery.path.with_suffix(".unrestorable.json")
    recovery.path.replace(kept)
    return kept


def read_recovery(recovery: Recovery) -> Design:
    """The design a recovery file holds; DesignError when it cannot be read."""
    data = read_json(recovery.path)
    if not isinstance(data, dict) or not isinstance(data.get("design"), dict):
        raise DesignError(f"{recovery.path} holds no design.")
    return design_from_dict(data["design"], Path(recovery.path.anchor))


def remove_recovery(path: Path) -> None:
    path.unlink(missing_ok=True)
