"""One CLI epoch of full-batch SGD equals one PyTorch autograd step, through the files."""

import numpy as np
import pytest

from nndesigner.model.serialize import load_design
from tests.cli.spec_files import write_design, write_rows
from tests.engine.random_dag import random_batch, random_dag
from tests.engine.torch_reference import torch_sgd_step

pytest.importorskip("torch")


@pytest.mark.parametrize("seed", range(3))
def test_cli_epoch_equals_torch_step(run_cli, tmp_path, seed):
    spec = random_dag(seed, hidden=7)
    inputs, targets = random_batch(spec, 11, seed)
    design_path = tmp_path / "net.nnd.json"
    write_design(spec, design_path)
    data_path = tmp_path / "data.csv"
    header = spec.ids_with_role("input") + spec.ids_with_role("output")
    write_rows(data_path, header, np.hstack([inputs, targets]))
    weights = tmp_path / "w.json"
    result = run_cli(
        "train", design_path, "--data", data_path, "--epochs", 1, "--lr", 0.4,
        "--optimizer", "sgd", "--batch-size", len(inputs), "--no-shuffle", "--no-standardize",
        "--loss", "half_squared_error", "--export", weights,
    )  # fmt: skip
    assert result.code == 0, result.err
    ours = load_design(weights, with_data=False).document.parameters()
    theirs = torch_sgd_step(spec, inputs, targets, "half_squared_error", 0.4)
    assert set(ours.weights) == set(theirs.weights)
    for key, value in theirs.weights.items():
        assert ours.weights[key] == pytest.approx(value, abs=1e-9)
    for key, value in theirs.biases.items():
        assert ours.biases[key] == pytest.approx(value, abs=1e-9)
