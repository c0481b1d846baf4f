"""Learning-rate schedules: the rate each epoch trains with.

With the starting rate r₀, `every` = N epochs and `factor` = f, epoch e (from 1) uses

- constant:    r₀
- step:        r₀ · f^⌊(e − 1) / N⌋        (multiplied by f every N epochs)
- exponential: r₀ · f^((e − 1) / N)         (the same decay, smoothly)
- plateau:     the rate so far, multiplied by f once the watched cost (validation when
               there are held-out rows, else training) has not improved on its best by
               more than PLATEAU_TOLERANCE (relative) for N epochs; the count restarts.
"""

from __future__ import annotations

SCHEDULES = ("constant", "step", "exponential", "plateau")
PLATEAU_TOLERANCE = 1e-4


class LearningRateSchedule:
    """The rate for each epoch (`rate_for`), told each epoch's watched cost (`observe`)."""

    def __init__(self, kind: str, rate: float, every: int, factor: float) -> None:
        if kind not in SCHEDULES:
            raise ValueError(f"unknown schedule '{kind}'; choose one of {', '.join(SCHEDULES)}")
        if every < 1:
            raise ValueError("a schedule's epochs must be at least 1")
        if not 0.0 < factor <= 1.0:
            raise ValueError("a schedule's factor must be above 0 and at most 1")
        self.kind, self.start, self.every, self.factor = kind, rate, every, factor
        self._rate = rate
        self._best = float("inf")
        self._waited = 0

    def rate_for(self, epoch: int) -> float:
        if self.kind == "step":
            return self.start * self.factor ** ((epoch - 1) // self.every)
        if self.kind == "exponential":
            return self.start * self.factor ** ((epoch - 1) / self.every)
        return self._rate

    def observe(self, cost: float) -> None:
        """The watched cost after an epoch (only plateau uses it)."""
        if self.kind != "plateau":
            return
        if cost < self._best * (1.0 - PLATEAU_TOLERANCE):
            self._best, self._waited = cost, 0
            return
        self._waited += 1
        if self._waited >= self.every:
            self._rate *= self.factor
            self._waited = 0
