"""A run's parameters at chosen epochs, so training can be replayed afterwards.

Memory is bounded: at most LIMIT recordings, and at most MEMORY bytes of parameter values
in all (so a network of 1,000,000 parameters keeps 4). Recordings are made every `stride`
epochs; when the tape is full, every other one is dropped and the stride doubles, so the
recordings always span the whole run evenly, however long it is. The last recording
(the run's end) is always kept.
"""

from __future__ import annotations

import threading

import numpy as np

from nndesigner.engine.network import CompiledNetwork

LIMIT = 256
MEMORY = 32 * 2**20


def parameter_vector(network: CompiledNetwork) -> np.ndarray:
    """Every trainable value of `network`, in `parameters()` order, as one new array."""
    return np.concatenate([parameter.value.ravel() for parameter in network.parameters()])


def _structure(network: CompiledNetwork) -> tuple:
    """What a parameter vector's meaning depends on: the neurons, synapses, activations."""
    return (
        tuple(network.neuron_ids),
        tuple(
            (
                tuple(level.synapse_ids),
                tuple((g.start, g.stop, g.activation.name) for g in level.groups),
            )
            for level in network.levels
        ),
    )


class ParameterTape:
    """Parameter vectors by epoch, for one network's structure. The training thread
    records; any thread reads (a lock guards the recordings)."""

    def __init__(self, network: CompiledNetwork) -> None:
        self._template = network.copy()
        self._structure = _structure(network)
        size = max(1, sum(p.value.size for p in network.parameters()))
        bytes_per_recording = size * network.dtype.itemsize
        self.capacity = int(np.clip(MEMORY // bytes_per_recording, 2, LIMIT))
        self.stride = 1
        self._recordings: dict[int, np.ndarray] = {}
        self._lock = threading.Lock()

    def due(self, epoch: int) -> bool:
        """Whether `epoch` falls on the stride (cheap: the training thread asks per epoch)."""
        return epoch % self.stride == 0

    def record(self, epoch: int, network: CompiledNetwork) -> None:
        """Keep the parameters `network` has after `epoch` (0: before training)."""
        vector = parameter_vector(network)
        with self._lock:
            self._recordings[epoch] = vector
            while len(self._recordings) > self.capacity:
                self._thin()

    def _thin(self) -> None:
        """Double the stride and keep the recordings on it, and the last one."""
        self.stride *= 2
        last = max(self._recordings)
        self._recordings = {
            epoch: vector
            for epoch, vector in self._recordings.items()
            if epoch % self.stride == 0 or epoch == last
        }

    @property
    def epochs(self) -> list[int]:
        """The recorded epochs, in order."""
        with self._lock:
            return sorted(self._recordings)

    def nearest(self, epoch: float) -> int:
        """The recorded epoch closest to `epoch`; ValueError on an empty tape."""
        epochs = self.epochs
        if not epochs:
            raise ValueError("the tape has no recordings")
        return min(epochs, key=lambda recorded: (abs(recorded - epoch), recorded))

    def matches(self, network: CompiledNetwork) -> bool:
        """Whether `network` has the structure the recordings are of."""
        return _structure(network) == self._structure

    def network_at(self, epoch: int) -> CompiledNetwork:
        """A copy of the network with the parameters recorded after `epoch`; KeyError
        when that epoch was not recorded."""
        with self._lock:
            vector = self._recordings[epoch]
        network = self._template.copy()
        offset = 0
        for parameter in network.parameters():
            size = parameter.value.size
            parameter.value[...] = vector[offset : offset + size].reshape(parameter.value.shape)
            offset += size
        return network

    def until(self, epoch: int) -> ParameterTape:
        """A new tape with the recordings up to and including `epoch` (to go on training
        from there), at the same stride."""
        tape = ParameterTape(self._template)
        with self._lock:
            tape._recordings = {e: v for e, v in self._recordings.items() if e <= epoch}
            tape.stride = self.stride
        return tape
