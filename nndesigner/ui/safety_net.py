"""The GUI's safety net: an exception that escapes a slot is logged with its traceback
and shown in a dialog with a plain summary; the application keeps running."""

from __future__ import annotations

import logging
import sys
import traceback
from collections.abc import Callable
from logging.handlers import RotatingFileHandler
from types import TracebackType

from PySide6.QtWidgets import QWidget

from nndesigner.model import user_folders
from nndesigner.ui import dialogs

LOG_NAME = "nndesigner.log"
logger = logging.getLogger("nndesigner")


def summary_of(error: BaseException) -> str:
    """One plain paragraph: what happened and that nothing was lost."""
    return (
        f"Something went wrong inside nndesigner ({type(error).__name__}: {error}). "
        "nndesigner is still running and your design is still open; save it to be safe. "
        "The details below are also in the log file, "
        f"{user_folders.log_folder() / LOG_NAME}."
    )


class SafetyNet:
    """Installed as sys.excepthook for the GUI's lifetime."""

    def __init__(self, parent: Callable[[], QWidget | None]) -> None:
        self._parent = parent
        self._showing = False
        self._previous_hook = sys.excepthook
        self._log: logging.Handler | None = None

    def install(self) -> None:
        """Log to the user log folder and take over sys.excepthook."""
        self._log = RotatingFileHandler(
            user_folders.log_folder() / LOG_NAME, maxBytes=1_000_000, backupCount=3
        )
        self._log.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(message)s"))
        logger.addHandler(self._log)
        self._previous_hook = sys.excepthook
        sys.excepthook = self.handle

    def uninstall(self) -> None:
        sys.excepthook = self._previous_hook
        if self._log is not None:
            logger.removeHandler(self._log)
            self._log.close()
            self._log = None

    def handle(
        self,
        kind: type[BaseException],
        error: BaseException,
        trace: TracebackType | None,
    ) -> None:
        if issubclass(kind, KeyboardInterrupt):
            self._previous_hook(kind, error, trace)
            return
        details = "".join(traceback.format_exception(kind, error, trace))
        logger.error("Unexpected error\n%s", details)
        if self._showing:  # an error while the dialog is up: logged, not stacked
            return
        self._showing = True
        try:
            dialogs.show_exception(self._parent(), summary_of(error), details)
        finally:
            self._showing = False
