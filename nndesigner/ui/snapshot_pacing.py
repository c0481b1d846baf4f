"""How often a training run sends the window a snapshot: as often as the window affords.

Each snapshot makes the window redraw the canvas, the plots and the panels, on the
thread that also shares the interpreter (and, on a small machine, the cores) with the
training thread. So the interval follows what showing snapshots costs here: at each one
the window's thread reports its CPU time since the previous one, and the interval moves
towards the value at which that thread would use WINDOW_SHARE of the time,

    proposed = interval · (cpu seconds / wall seconds) / WINDOW_SHARE,
    interval' = clamp(sqrt(interval · proposed), SHORTEST, LONGEST)

(the geometric mean damps the swing of one slow paint). A small network on a fast
machine gets SHORTEST; a canvas of 50,000 synapses waits longer between redraws.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable

SHORTEST = 0.2
LONGEST = 2.0
WINDOW_SHARE = 0.15


class SnapshotPacing:
    """The interval between live snapshots, measured and adjusted on the window thread."""

    def __init__(
        self,
        clock: Callable[[], float] = time.monotonic,
        cpu_clock: Callable[[], float] = time.thread_time,
    ) -> None:
        self._clock, self._cpu_clock = clock, cpu_clock
        self.restart()

    def restart(self) -> None:
        """Start from SHORTEST, measuring from now (a run begins or resumes)."""
        self.interval = SHORTEST
        self._since, self._cpu_since = self._clock(), self._cpu_clock()

    def snapshot_shown(self) -> float:
        """The interval until the next snapshot, from this thread's CPU time since the
        previous call (call it on the window thread as each snapshot arrives)."""
        now, cpu = self._clock(), self._cpu_clock()
        wall, used = now - self._since, cpu - self._cpu_since
        self._since, self._cpu_since = now, cpu
        if wall > 0:
            proposed = max(self.interval * (used / wall) / WINDOW_SHARE, SHORTEST)
            self.interval = min(max(math.sqrt(self.interval * proposed), SHORTEST), LONGEST)
        return self.interval
