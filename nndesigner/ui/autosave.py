"""Autosave for crash recovery: every minute, the open design with unsaved changes goes
to this process's recovery file; once everything is saved (or on a clean exit) the file
is removed. At start, a recovery file left by a crashed run is offered back."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from weakref import WeakMethod

from PySide6.QtCore import QObject, QTimer, Signal

from nndesigner.model import user_folders
from nndesigner.model.design import Design
from nndesigner.model.errors import DesignError
from nndesigner.model.recovery import (
    Recovery,
    orphaned_recoveries,
    read_recovery,
    recovery_path,
    remove_recovery,
    set_aside,
    write_recovery,
)

AUTOSAVE_MS = 60_000


@dataclass(frozen=True)
class OpenDesign:
    """What the window has open: the design, its file (if any), its name, and whether it
    has unsaved changes."""

    design: Design
    path: str | None
    name: str
    unsaved: bool


class Autosave(QObject):
    """Writes or removes the recovery file on a timer; `failed` carries a sentence."""

    failed = Signal(str)

    def __init__(self, parent: QObject, current: Callable[[], OpenDesign]) -> None:
        super().__init__(parent)
        # Held weakly: a strong reference back to the window (this object's Qt parent)
        # makes a cycle whose collection by the garbage collector can hang in the binding.
        self._current = WeakMethod(current)
        self.timer = QTimer(self)
        self.timer.setInterval(AUTOSAVE_MS)
        self.timer.timeout.connect(self.save_now)
        self.timer.start()

    def save_now(self) -> None:
        """Unsaved changes: write them to the recovery file; none: remove it."""
        current = self._current()
        if current is None:
            return
        state = current()
        try:
            folder = user_folders.recovery_folder()
            if state.unsaved:
                write_recovery(state.design, folder, state.path, state.name)
            else:
                remove_recovery(recovery_path(folder))
        except (DesignError, OSError) as error:
            self.failed.emit(f"Autosave failed: {error}")

    def discard(self) -> None:
        """A clean exit: no recovery file is left behind."""
        self.timer.stop()
        try:
            remove_recovery(recovery_path(user_folders.recovery_folder()))
        except OSError as error:
            self.failed.emit(f"Could not remove the recovery file: {error}")


def newest_orphan() -> Recovery | None:
    """The most recent recovery file left by a run that is no longer running."""
    try:
        orphans = orphaned_recoveries(user_folders.recovery_folder())
    except OSError:
        return None
    return orphans[0] if orphans else None


def take_recovery(recovery: Recovery, restore: bool) -> Design | None:
    """The recovered design when `restore`, the file then removed, so it is offered once;
    DesignError, with the file set aside and named, when it cannot be restored."""
    if not restore:
        remove_recovery(recovery.path)
        return None
    try:
        if recovery.problem is not None:
            raise DesignError(recovery.problem)
        design = read_recovery(recovery)
    except DesignError as error:
        kept = set_aside(recovery)
        raise DesignError(
            f"The autosaved design could not be restored ({error}). The file is kept as {kept}."
        ) from error
    remove_recovery(recovery.path)
    return design
