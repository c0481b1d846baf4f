"""Learning-rate schedules, early stopping and the target cost, in the training loop."""

from dataclasses import replace

import numpy as np
import pytest

from nndesigner.engine.data_split import prepare_data
from nndesigner.engine.early_stopping import StoppingRule
from nndesigner.engine.network import compile_network
from nndesigner.engine.schedules import LearningRateSchedule
from nndesigner.engine.training import TrainingControl, TrainingSettings, train
from tests.engine.random_dag import random_batch, random_dag


def run(settings, control=None, rows=40, seed=3):
    spec = random_dag(seed, inputs=2, hidden=8, outputs=1, output_activation="linear")
    inputs, targets = random_batch(spec, rows, seed)
    network = compile_network(spec)
    data = prepare_data(inputs, targets, settings)
    return network, list(train(network, data, settings, control, "numpy"))


@pytest.mark.parametrize(
    ("kind", "expected"),
    [
        ("constant", [0.8] * 7),
        ("step", [0.8, 0.8, 0.8, 0.4, 0.4, 0.4, 0.2]),
        ("exponential", [0.8 * 0.5 ** ((e - 1) / 3) for e in range(1, 8)]),
    ],
)
def test_each_epoch_trains_with_its_scheduled_rate(kind, expected):
    settings = TrainingSettings(
        epochs=7, learning_rate=0.8, schedule=kind, schedule_epochs=3, schedule_factor=0.5
    )
    _, records = run(settings)
    assert [r.learning_rate for r in records] == pytest.approx(expected, rel=1e-15)


def test_plateau_lowers_the_rate_after_the_cost_stalls_for_its_epochs():
    schedule = LearningRateSchedule("plateau", 1.0, 2, 0.1)
    rates = []
    for epoch, cost in enumerate([5.0, 4.0, 4.0, 4.0, 3.0, 3.0, 3.0, 3.0, 3.0], start=1):
        rates.append(schedule.rate_for(epoch))
        schedule.observe(cost)
    assert rates == pytest.approx([1, 1, 1, 1, 0.1, 0.1, 0.1, 0.01, 0.01])


def test_a_rate_set_by_hand_during_a_run_wins_over_the_schedule():
    control = TrainingControl()
    control.learning_rate = 0.05
    settings = TrainingSettings(epochs=5, learning_rate=0.8, schedule="step", schedule_epochs=1)
    _, records = run(settings, control)
    assert [r.learning_rate for r in records] == [0.05] * 5


def test_early_stopping_restores_the_best_epochs_weights():
    # A tiny training set and a large rate: the validation cost soon stops improving.
    settings = TrainingSettings(
        epochs=3000, learning_rate=0.3, validation_split=0.5, early_stopping=20, batch_size=2
    )
    network, records = run(settings, rows=16)
    last = records[-1]
    assert last.stop_reason is not None and "epoch" in last.stop_reason
    assert len(records) < 3000
    best = min(records, key=lambda r: r.validation_loss)
    assert last.best_epoch == best.epoch == last.epoch - 20
    # The weights left are those of the best epoch: train that many epochs afresh.
    again, _ = run(replace(settings, epochs=best.epoch, early_stopping=0), rows=16)
    np.testing.assert_array_equal(network.flatten().values, again.flatten().values)


def test_the_target_cost_stops_the_first_epoch_that_reaches_it():
    settings = TrainingSettings(epochs=5000, learning_rate=0.2)
    _, free = run(settings)
    target = free[200].training_loss
    _, records = run(replace(settings, target_cost=target))
    assert records[-1].training_loss <= target
    assert all(r.training_loss > target for r in records[:-1])
    assert "target cost" in records[-1].stop_reason


def test_a_validation_cost_that_is_not_finite_never_counts_as_the_best():
    values = np.zeros(3)
    rule = StoppingRule(2, None, values)
    assert rule.after_epoch(1, 0.5, float("inf")) is None  # no best yet: nothing to restore
    values[:] = 1.0
    assert rule.after_epoch(2, 0.4, 0.3) is None
    values[:] = 2.0
    assert rule.after_epoch(3, 0.3, float("nan")) is None
    assert "epoch 2 are restored" in rule.after_epoch(4, 0.2, 0.35)
    assert values.tolist() == [1.0, 1.0, 1.0] and rule.best_costs == (0.4, 0.3)


def test_a_target_cost_stop_with_early_stopping_on_keeps_the_last_weights():
    settings = TrainingSettings(
        epochs=5000, learning_rate=0.2, validation_split=0.25, early_stopping=4000
    )
    _, free = run(settings)
    target = free[100].training_loss
    _, records = run(replace(settings, target_cost=target))
    assert "target cost" in records[-1].stop_reason
    assert records[-1].kept_costs is None  # nothing was put back


def test_early_stopping_without_held_out_rows_is_refused():
    with pytest.raises(ValueError, match="validation"):
        run(TrainingSettings(epochs=5, early_stopping=3))
