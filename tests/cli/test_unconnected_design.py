"""A design without synapses trains on either kernel (its outputs learn their biases):
found by the command fuzzer, where the compiled kernel refused the empty weight matrix."""

from __future__ import annotations

import json

import pytest

from nndesigner.resources import resource_path


@pytest.mark.parametrize("kernel", ["numpy", "compiled"])
def test_a_design_without_synapses_trains(run_cli, tmp_path, kernel):
    design = json.loads(resource_path("examples", "xor.nnd.json").read_text())
    design["synapses"] = []
    design["training"]["data"] = str(resource_path("examples", "xor.csv"))
    path = tmp_path / "bare.nnd.json"
    path.write_text(json.dumps(design))
    result = run_cli("train", path, "--epochs", 3, "--kernel", kernel)
    assert result.code == 0, result.err
    assert "final loss" in result.out
