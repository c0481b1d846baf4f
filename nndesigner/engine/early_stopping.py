"""When a run stops on its own: the validation cost stopped improving, or the training
cost reached a target.

Early stopping with patience P watches the validation cost: when P epochs in a row have
not improved on the best one (a cost that is not a finite number never does), training
stops and the best epoch's parameters are put back. A target cost T stops training
after the first epoch whose training (data) cost is at most T.
"""

from __future__ import annotations

import math

import numpy as np


class StoppingRule:
    """Follows the epochs of one run; `after_epoch` says why to stop, or None."""

    def __init__(self, patience: int, target_cost: float | None, values: np.ndarray) -> None:
        """`values` is the flat parameter array the run trains (copied at each best)."""
        self.patience, self.target_cost = patience, target_cost
        self._values = values
        self.best_epoch: int | None = None
        # The best epoch's training and validation cost: what the kept weights score.
        self.best_costs: tuple[float, float] | None = None
        self._best_values: np.ndarray | None = None
        self._since = 0  # epochs since the best (or since the start, before one)
        # Whether the stop put the best epoch's parameters back.
        self.restored = False

    def after_epoch(self, epoch: int, training: float, validation: float | None) -> str | None:
        """Record the epoch; the reason to stop after it (the best parameters already
        restored when early stopping is why), or None to go on."""
        if self.patience and validation is not None:
            best = math.inf if self.best_costs is None else self.best_costs[1]
            if math.isfinite(validation) and validation < best:
                self.best_epoch, self.best_costs = epoch, (training, validation)
                self._best_values = self._values.copy()
                self._since = 0
            else:
                self._since += 1
            if self._since >= self.patience and self._best_values is not None:
                self._values[...] = self._best_values
                self.restored = True
                return (
                    f"stopped early: no better validation cost for {self.patience} epochs; "
                    f"the weights of epoch {self.best_epoch} are restored"
                )
        if self.target_cost is not None and training <= self.target_cost:
            return f"stopped at the target cost: {training:.6g} ≤ {self.target_cost:.6g}"
        return None
