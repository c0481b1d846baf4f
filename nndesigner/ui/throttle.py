"""One rate limit for the whole UI: something happens at most once per interval.

Two ways to use it: a loop asks `due()` (the training worker, which has no event loop
of its own), and event handlers call `request()`, which runs the callback once the
interval has passed since its last run, merging every request made meanwhile (panels
redraw once per burst of changes; an interval of 0 means the next turn of the event loop).
"""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer


class Throttle(QObject):
    """At most one run per `interval` seconds."""

    def __init__(
        self,
        interval: float,
        callback: Callable[[], object] | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.interval = interval
        self._callback = callback
        self._last = -float("inf")
        self._timer: QTimer | None = None

    def due(self) -> bool:
        """True (and the interval starts again) when `interval` has passed since the
        last time this returned True."""
        now = time.monotonic()
        if now - self._last < self.interval:
            return False
        self._last = now
        return True

    def request(self) -> None:
        """Run the callback once, as soon as the interval allows; merged with any run
        already waiting."""
        if self._timer is None:
            self._timer = QTimer(self)
            self._timer.setSingleShot(True)
            self._timer.timeout.connect(self._run)
        if not self._timer.isActive():
            wait = max(0.0, self.interval - (time.monotonic() - self._last))
            self._timer.start(round(wait * 1000))

    def flush(self) -> None:
        """Run a waiting callback now (the last state must show: a run ended)."""
        if self._timer is not None and self._timer.isActive():
            self._timer.stop()
            self._run()

    def cancel(self) -> None:
        if self._timer is not None:
            self._timer.stop()

    def _run(self) -> None:
        self._last = time.monotonic()
        if self._callback is not None:
            self._callback()
