"""Inverted dropout while training: each training row leaves out a hidden neuron of
rate p with probability p, and scales the neurons it keeps by 1 / (1 − p), so that a
neuron's expected activation is the same with and without dropout. Prediction, export,
the explain panel and step mode never drop anything.

The draws come from one generator seeded by the run, so a run is reproducible.
"""

from __future__ import annotations

import numpy as np


class DropoutDraws:
    """The masks of one training run: `draw(rates, rows)` gives the factor each row's
    activation of each neuron is multiplied by: 0 when dropped, 1 / (1 − p) when kept
    (1 for a neuron of rate 0)."""

    def __init__(self, seed: int) -> None:
        # A stream of its own: turning dropout on leaves the shuffling's draws alone.
        self._rng = np.random.default_rng([seed, 1])

    def draw(self, rates: np.ndarray, rows: int) -> np.ndarray:
        kept = self._rng.random((rows, len(rates))) >= rates
        return np.where(kept, 1.0 / (1.0 - rates), 0.0)
