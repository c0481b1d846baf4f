"""One rate limit for the whole UI: something happens at most once per interval.

Two ways to use it: a loop asks `due()` (the training worker, which has no event loop
of its own), and event handlers call `request()`, which runs the callback once the
interval has passed since its last run, merging every request made meanwhile (panels
redraw once per burst of changes; an interval of 0 means the next turn of the event loop).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from weakref import WeakMethod

from PySide6.QtCore import QObject, QTimer


class Throttle:
    """At most one run per `interval` seconds.

    A plain object, not a QObject, holding its callback weakly: a widget that keeps a
    throttle of its own bound method must not form a reference cycle through it (the
    garbage collector taking such a cycle apart while a thread runs can crash the Qt
    binding). For `request` it needs a `parent`, whose child its timer is; it keeps no
    reference to the parent itself.
    """

    def __init__(
        self,
        interval: float,
        callback: Callable[[], object] | None = None,
        parent: QObject | None = None,
    ) -> None:
        self.interval = interval
        self._callback = None if callback is None else WeakMethod(callback)
        self._last = -float("inf")
        self._timer: QTimer | None = None
        if parent is not None:
            self._timer = QTimer(parent)
            self._timer.setSingleShot(True)
            self._timer.timeout.connect(self._run)

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
            raise RuntimeError("A throttle without a parent cannot run its callback.")
        if not self._timer.isActive():
            wait = max(0.0, self.interval - (time.monotonic() - self._last))
            self._timer.start(round(wait * 1000))

    def cancel(self) -> None:
        if self._timer is not None:
            self._timer.stop()

    def _run(self) -> None:
        self._last = time.monotonic()
        callback = None if self._callback is None else self._callback()
        if callback is not None:
            callback()
