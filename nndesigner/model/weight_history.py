"""Recent weights of every synapse, from the snapshots training sends, so a selected
synapse can show how its weight moved. Kept for networks of up to MAX_SYNAPSES synapses
(LIMIT snapshots of 5,000 weights is 8 MB)."""

from __future__ import annotations

from collections import deque

import numpy as np

LIMIT = 200
MAX_SYNAPSES = 5_000


class WeightHistory:
    """The last LIMIT weight snapshots, one array per snapshot in a fixed id order."""

    def __init__(self) -> None:
        self._ids: dict[str, int] = {}
        self._snapshots: deque[np.ndarray] = deque(maxlen=LIMIT)

    def clear(self) -> None:
        self._ids = {}
        self._snapshots.clear()

    def record(self, weights: dict[str, float]) -> None:
        """Add a snapshot; a different set of synapses starts the history afresh."""
        if len(weights) > MAX_SYNAPSES:
            return
        if weights.keys() != self._ids.keys():
            self._ids = {synapse_id: index for index, synapse_id in enumerate(weights)}
            self._snapshots.clear()
        self._snapshots.append(np.fromiter(weights.values(), float, len(weights)))

    def of(self, synapse_id: str) -> np.ndarray:
        """The recorded weights of one synapse, oldest first (empty when none)."""
        index = self._ids.get(synapse_id)
        if index is None:
            return np.zeros(0)
        return np.array([snapshot[index] for snapshot in self._snapshots])
