"""Run one slow call (reading a large file) off the GUI thread, with a progress dialog
and a Cancel button, while the window keeps repainting."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TypeVar

from PySide6.QtCore import QCoreApplication, QEventLoop, Qt
from PySide6.QtWidgets import QProgressDialog, QWidget

T = TypeVar("T")
POLL_MS = 20


class Cancelled(Exception):
    """The user pressed Cancel."""


def run_with_progress(
    parent: QWidget | None,
    text: str,
    work: Callable[[Callable[[float], None]], T],
    abandon_on_cancel: bool = False,
) -> T:
    """Call `work(progress)` on a thread; `progress(fraction)` moves the bar and raises
    Cancelled once the user cancels. Returns the result, or re-raises the error. With
    `abandon_on_cancel`, for work that reads and changes nothing, Cancel returns at once
    (raising Cancelled) and the thread's result is dropped when it ends."""
    dialog = QProgressDialog(text, "Cancel", 0, 1000, parent)
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.setMinimumDuration(300)
    state: dict = {"fraction": 0.0}
    cancel = threading.Event()
    dialog.canceled.connect(cancel.set)

    def progress(fraction: float) -> None:
        state["fraction"] = fraction
        if cancel.is_set():
            raise Cancelled

    def run() -> None:
        try:
            state["result"] = work(progress)
        except BaseException as error:  # handed back to the GUI thread below
            state["error"] = error

    thread = threading.Thread(target=run, name="nndesigner-loader", daemon=True)
    thread.start()
    # Events are processed by hand rather than in a nested event loop, which would
    # return at once after the application was asked to quit.
    while thread.is_alive():
        if abandon_on_cancel and cancel.is_set():
            _close(dialog)
            raise Cancelled
        QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, POLL_MS)
        dialog.setValue(int(state["fraction"] * 1000))
        thread.join(POLL_MS / 1000)
    _close(dialog)
    if "error" in state:
        raise state["error"]
    return state["result"]


def _close(dialog: QProgressDialog) -> None:
    """Close the dialog for good: reset() stops the timer that would show it later."""
    dialog.reset()
    dialog.close()
    dialog.deleteLater()
