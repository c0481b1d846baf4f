"""The parameter tape: what a run's parameters were at the epochs it recorded, in
bounded memory, spanning the whole run."""

from dataclasses import replace

import numpy as np
import pytest

from nndesigner.engine import parameter_tape
from nndesigner.engine.data_split import prepare_data
from nndesigner.engine.initialization import initialize
from nndesigner.engine.network import compile_network
from nndesigner.engine.parameter_tape import ParameterTape
from nndesigner.engine.training import TrainingSettings, train
from tests.engine.test_xor_slice import XOR_INPUTS, XOR_TARGETS, xor_spec

SETTINGS = TrainingSettings(epochs=300, learning_rate=0.5, batch_size=2, seed=3)


def fresh_network():
    network = compile_network(xor_spec(hidden=3))
    initialize(network, "xavier", seed=5)
    return network


def recorded_run(epochs: int = SETTINGS.epochs) -> ParameterTape:
    """A run that records on its tape as the training worker does."""
    network = fresh_network()
    tape = ParameterTape(network)
    tape.record(0, network)
    settings = replace(SETTINGS, epochs=epochs)
    for record in train(network, prepare_data(XOR_INPUTS, XOR_TARGETS, settings), settings):
        if tape.due(record.epoch):
            tape.record(record.epoch, network)
    tape.finish(record.epoch, network)
    return tape


def trained_for(epochs: int):
    """The same run stopped after `epochs` epochs (the same seed: the same steps)."""
    network = fresh_network()
    if epochs:
        settings = replace(SETTINGS, epochs=epochs)
        list(train(network, prepare_data(XOR_INPUTS, XOR_TARGETS, settings), settings))
    return network.export_parameters()


def test_each_recording_is_the_parameters_the_run_had_after_that_epoch(monkeypatch):
    monkeypatch.setattr(parameter_tape, "LIMIT", 16)
    tape = recorded_run()
    assert 0 in tape.epochs and tape.epochs[-1] == SETTINGS.epochs
    for epoch in (0, tape.epochs[3], tape.epochs[-2], SETTINGS.epochs):
        expected = trained_for(epoch)
        replayed = tape.network_at(epoch, fresh_network()).export_parameters()
        assert replayed.weights == pytest.approx(expected.weights, abs=1e-12), epoch
        assert replayed.biases == pytest.approx(expected.biases, abs=1e-12), epoch


def test_a_full_tape_drops_every_other_recording_and_keeps_spanning_the_run(monkeypatch):
    monkeypatch.setattr(parameter_tape, "LIMIT", 16)
    tape = recorded_run()
    epochs = tape.epochs
    assert len(epochs) <= 16
    assert epochs[0] == 0 and epochs[-1] == SETTINGS.epochs
    steps = np.diff(epochs[:-1])
    assert set(steps) == {tape.stride}  # evenly spread
    assert tape.stride * 16 >= SETTINGS.epochs / 2


def test_memory_bounds_the_recordings_of_a_large_network(monkeypatch):
    network = fresh_network()
    size = sum(p.value.size for p in network.parameters())
    monkeypatch.setattr(parameter_tape, "MEMORY", 5 * size * 8)
    tape = ParameterTape(network)
    for epoch in range(100):
        tape.record(epoch, network)
    assert tape.capacity == 5 and len(tape.epochs) <= 5
    assert tape.epochs[-1] == 99


def test_nearest_until_and_matches():
    tape = recorded_run(epochs=40)
    assert tape.nearest(12.4) == 12 and tape.nearest(1e9) == 40
    earlier = tape.until(20)
    assert earlier.epochs == [e for e in tape.epochs if e <= 20]
    assert earlier.matches(fresh_network())
    other = compile_network(xor_spec(hidden=4))
    assert not tape.matches(other)
    with pytest.raises(KeyError):
        tape.network_at(41, fresh_network())


def test_a_network_filling_more_than_half_the_memory_keeps_nothing(monkeypatch):
    network = fresh_network()
    size = sum(p.value.size for p in network.parameters())
    monkeypatch.setattr(parameter_tape, "MEMORY", size * 8)
    tape = ParameterTape(network)
    tape.record(0, network)
    tape.finish(1, network)
    assert tape.capacity == 0 and not tape.due(0) and tape.epochs == []
    assert not tape.ends_with(network)


def test_the_end_is_kept_through_thinning_and_names_the_run_s_last_weights(monkeypatch):
    monkeypatch.setattr(parameter_tape, "LIMIT", 4)
    network = fresh_network()
    tape = ParameterTape(network)
    tape.finish(3, network)  # as early stopping does: the end is an earlier epoch
    for epoch in range(4, 40):
        tape.record(epoch, network)
    assert 3 in tape.epochs and tape.end == 3 and tape.ends_with(network)
    initialize(network, "xavier", seed=99)
    assert not tape.ends_with(network)
