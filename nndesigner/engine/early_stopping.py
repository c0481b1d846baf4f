"""When a run stops on its own: the validation cost stopped improving, or the training
cost reached a target.

Early stopping with patience P watches the validation cost: when P epochs in a row have
not improved on the best one, training stops and the best epoch's parameters are put
back. A target cost T stops training after the first epoch whose training (data) cost
is at most T.
"""

from __future__ import annotations

import numpy as np


class StoppingRule:
    """Follows the epochs of one run; `after_epoch` says why to stop, or None."""

    def __init__(self, patience: int, target_cost: float | None, values: np.ndarray) -> None:
        """`values` is the flat parameter array the run trains (copied at each best)."""
        self.patience, self.target_cost = patience, target_cost
        self._values = values
        self.best_epoch: int | None = None
        self._best_cost = float("inf")
        self._best_values: np.ndarray | None = None

    def after_epoch(self, epoch: int, training: float, validation: float | None) -> str | None:
        """Record the epoch; the reason to stop after it (the best parameters already
        restored when early stopping is why), or None to go on."""
        if self.patience and validation is not None:
            if validation < self._best_cost:
                self._best_cost, self.best_epoch = validation, epoch
                self._best_values = self._values.copy()
            elif epoch - self.best_epoch >= self.patience:
                self._values[...] = self._best_values
                return (
                    f"stopped early: no better validation cost for {self.patience} epochs; "
                    f"the weights of epoch {self.best_epoch} are restored"
                )
        if self.target_cost is not None and training <= self.target_cost:
            return f"stopped at the target cost: {training:.6g} ≤ {self.target_cost:.6g}"
        return None
