"""The recent-weights store behind a synapse's history plot."""

from __future__ import annotations

from nndesigner.model import weight_history
from nndesigner.model.weight_history import WeightHistory


def test_history_keeps_the_latest_snapshots_per_synapse(monkeypatch):
    monkeypatch.setattr(weight_history, "LIMIT", 3)
    history = WeightHistory()
    for step in range(5):
        history.record({"a": float(step), "b": -float(step)})
    assert history.of("a").tolist() == [2.0, 3.0, 4.0]
    assert history.of("b").tolist() == [-2.0, -3.0, -4.0]
    assert history.of("c").tolist() == []


def test_other_synapses_start_afresh_and_huge_networks_are_not_kept(monkeypatch):
    history = WeightHistory()
    history.record({"a": 1.0})
    history.record({"a": 2.0, "b": 0.5})
    assert history.of("a").tolist() == [2.0]
    monkeypatch.setattr(weight_history, "MAX_SYNAPSES", 1)
    history.record({"a": 3.0, "b": 0.5})
    assert history.of("a").tolist() == [2.0]
