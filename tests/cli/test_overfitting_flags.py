"""`train` with weight penalties, early stopping, a target cost and a schedule."""

import json
import re

import pytest

from nndesigner.resources import resource_path

HOUSES = resource_path("examples/house_prices.nnd.json")


def test_the_flags_train_and_are_saved_in_the_design(run_cli, tmp_path):
    saved = tmp_path / "houses.nnd.json"
    result = run_cli(
        "train", HOUSES, "--epochs", "20000", "--lr", "0.3", "--validation-split", "0.3",
        "--early-stopping", "10", "--l2", "0.001", "--l1", "0.0001", "--schedule", "step",
        "--schedule-epochs", "50", "--schedule-factor", "0.9", "--save", saved, "--reinit",
    )  # fmt: skip
    assert result.code == 0, result.err
    assert "stopped early: no better validation cost for 10 epochs" in result.out
    kept = re.search(r"kept epoch (\d+): loss \S+ \(validation (\S+)\)", result.out)
    assert kept and int(kept.group(1)) < 20000 - 10
    training = json.loads(saved.read_text())["training"]
    # The saved history scores the kept weights, not the last epoch's.
    assert training["validation_loss"] == pytest.approx(float(kept.group(2)), rel=1e-5)
    assert training["l2"] == 0.001 and training["l1"] == 0.0001
    assert training["early_stopping"] == 10
    assert (training["schedule"], training["schedule_epochs"], training["schedule_factor"]) == (
        "step", 50, 0.9,
    )  # fmt: skip


def test_the_target_cost_ends_the_run_when_reached(run_cli):
    result = run_cli("train", HOUSES, "--epochs", "20000", "--target-cost", "0.05", "--reinit")
    assert result.code == 0, result.err
    assert "stopped at the target cost" in result.out


def test_early_stopping_without_held_out_rows_is_one_error_line(run_cli):
    result = run_cli("train", HOUSES, "--early-stopping", "5", "--validation-split", "0")
    assert result.code == 2
    assert result.err.splitlines() == [
        "error: Early stopping watches the cost on held-out rows: set a validation split "
        "(20% is usual), or turn early stopping off"
    ]


def test_a_negative_penalty_is_refused_by_the_parser(run_cli):
    result = run_cli("train", HOUSES, "--l2", "-1")
    assert result.code == 2
    assert "must be at least 0" in result.err


def test_a_test_split_is_scored_apart_and_saved(run_cli, tmp_path):
    saved = tmp_path / "houses.nnd.json"
    result = run_cli(
        "train", HOUSES, "--epochs", "300", "--validation-split", "0.2", "--test-split",
        "0.2", "--test-seed", "3", "--save", saved,
    )  # fmt: skip
    assert result.code == 0, result.err
    lines = result.out.splitlines()
    assert [line.split(":")[0] for line in lines[1:]] == ["training", "validation", "test"]
    training = json.loads(saved.read_text())["training"]
    assert (training["test_split"], training["test_seed"]) == (0.2, 3)


def test_splits_that_leave_no_training_row_are_one_error_line(run_cli):
    result = run_cli("train", HOUSES, "--validation-split", "0.5", "--test-split", "0.5")
    assert result.code == 2
    assert "leaves none to train on" in result.err
