"""Missing cells through the command line: refused with every cell named, their rows
dropped, or filled from the training rows, and `predict` doing what the design says."""

from __future__ import annotations

import csv
import json

import numpy as np
import pytest

from nndesigner.model.serialize import load_design
from nndesigner.resources import resource_path

XOR = resource_path("examples", "xor.nnd.json")
WITH_GAPS = "x1,x2,y\n0,0,0\n0,,1\n1,0,1\nNA,1,0\n1,1,0\n0,1,1\n"


def gaps_file(tmp_path):
    """A copy of the XOR data with two missing inputs (rows 3 and 5)."""
    data = tmp_path / "gaps.csv"
    data.write_text(WITH_GAPS)
    return data


def train_filling(run_cli, data, policy: str, out, epochs: int = 50, flag: str = "--save"):
    """Train the XOR design on `data` with the `policy` for missing cells, written to `out`."""
    result = run_cli("train", XOR, "--data", data, "--epochs", epochs, "--missing", policy,
                     flag, out)  # fmt: skip
    assert result.code == 0, result.err


def test_missing_cells_are_refused_with_every_one_named(run_cli, tmp_path):
    data = gaps_file(tmp_path)
    result = run_cli("train", XOR, "--data", data, "--epochs", "3")
    assert result.code == 2
    (line,) = result.err.strip().splitlines()
    assert "2 missing cells (row 3 column 'x2', row 5 column 'x1')" in line
    assert "--missing" in line


def test_dropped_rows_train_on_the_complete_ones(run_cli, tmp_path):
    data = gaps_file(tmp_path)
    saved = tmp_path / "dropped.nnd.json"
    train_filling(run_cli, data, "drop", saved, epochs=3)
    assert json.loads(saved.read_text())["training"]["missing"] == "drop"
    # predict: no prediction for the incomplete rows, and a note saying so
    out = tmp_path / "out.csv"
    result = run_cli("predict", saved, "--data", data, "-o", out)
    assert result.code == 0, result.err
    rows = list(csv.reader(out.read_text().splitlines()))
    assert rows[0] == ["y", "predicted"]
    assert rows[2] == ["", ""] and rows[4] == ["", ""]
    assert all(rows[i][0] and rows[i][1] in ("0", "1") for i in (1, 3, 5, 6))
    assert "2 rows with missing inputs have no prediction" in result.err


def test_a_mean_fill_is_saved_and_predict_fills_the_same_way(run_cli, tmp_path):
    data = gaps_file(tmp_path)
    saved = tmp_path / "filled.nnd.json"
    train_filling(run_cli, data, "mean", saved)
    design = load_design(saved, with_data=False)
    np.testing.assert_allclose(design.preprocessing.fill, [2 / 5, 3 / 5])  # training rows
    complete = tmp_path / "complete.csv"
    complete.write_text("x1,x2,y\n0,0.6,1\n0.4,1,0\n")  # the gaps of rows 3 and 5, filled
    out_gaps, out_full = tmp_path / "gaps_out.csv", tmp_path / "full_out.csv"
    assert run_cli("predict", saved, "--data", data, "-o", out_gaps).code == 0
    assert run_cli("predict", saved, "--data", complete, "-o", out_full).code == 0
    gaps = out_gaps.read_text().splitlines()
    full = out_full.read_text().splitlines()
    # Equal to rounding: BLAS may sum a block of 5 rows in another order than one of 2.
    filled = [[float(cell) for cell in line.split(",")] for line in (gaps[2], gaps[4])]
    given = [[float(cell) for cell in line.split(",")] for line in full[1:]]
    np.testing.assert_allclose(filled, given, rtol=1e-13)


def test_predict_with_the_refuse_setting_names_the_missing_cells(run_cli, tmp_path):
    data = gaps_file(tmp_path)
    result = run_cli("predict", XOR, "--data", data)
    assert result.code == 2
    assert "row 3 column 'x2'" in result.err and result.out == ""


def test_a_second_column_of_class_names_is_never_taken_for_the_target(run_cli, tmp_path):
    design = tmp_path / "classes.nnd.json"
    data = tmp_path / "folds.csv"
    rows = ["a,b,fold,kind"] + [f"{i % 3},{i % 2},{['cat', 'dog'][i % 2]},"
                                f"{['cat', 'dog'][(i + 1) % 2]}" for i in range(8)]  # fmt: skip
    data.write_text("\n".join(rows) + "\n")
    design.write_text(json.dumps(softmax_design(["a", "b"], ["cat", "dog"])))
    result = run_cli("train", design, "--data", data, "--epochs", "2")
    assert result.code == 2
    assert "'fold'" in result.err and "'kind'" in result.err


def test_a_mistyped_class_is_located(run_cli, tmp_path):
    design = tmp_path / "classes.nnd.json"
    data = tmp_path / "typo.csv"
    data.write_text("a,b,kind\n0,1,cat\n1,0,dog\n1,1,dgo\n0,0,cat\n")
    design.write_text(json.dumps(softmax_design(["a", "b"], ["cat", "dog"])))
    result = run_cli("train", design, "--data", data, "--epochs", "2")
    assert result.code == 2
    assert "row 4: column 'kind' holds 'dgo'" in result.err


def softmax_design(inputs: list[str], classes: list[str]) -> dict:
    neurons = [{"id": f"i{n}", "role": "input", "label": n} for n in inputs]
    neurons += [
        {"id": f"o{n}", "role": "output", "label": n, "activation": "softmax"} for n in classes
    ]
    synapses = [{"id": f"s{i}{o}", "from": f"i{i}", "to": f"o{o}"} for i in inputs for o in classes]
    return {"format": "nndesigner-design", "version": 1, "neurons": neurons,
            "synapses": synapses, "training": {"loss": "cross_entropy"}}  # fmt: skip


def test_the_pytorch_and_onnx_exports_fill_missing_inputs_as_predict_does(run_cli, tmp_path):
    torch = pytest.importorskip("torch")
    onnxruntime = pytest.importorskip("onnxruntime")
    pytest.importorskip("onnx")
    from tests.cli.test_pytorch_export import load_module

    data = gaps_file(tmp_path)
    weights = tmp_path / "w.json"
    train_filling(run_cli, data, "median", weights, flag="--export")
    out = tmp_path / "out.csv"
    assert run_cli("predict", weights, "--data", data, "-o", out).code == 0
    expected = np.array([[float(row[0])] for row in list(csv.reader(out.open()))[1:]])
    inputs = np.array([[0, 0], [0, np.nan], [1, 0], [np.nan, 1], [1, 1], [0, 1]], dtype=float)
    module_path, onnx_path = tmp_path / "module.py", tmp_path / "model.onnx"
    assert run_cli("export", weights, "--format", "pytorch", "-o", module_path).code == 0
    assert run_cli("export", weights, "--format", "onnx", "-o", onnx_path).code == 0
    model = load_module(module_path).build_model(str(weights))
    with torch.no_grad():
        np.testing.assert_allclose(model(torch.tensor(inputs)).numpy(), expected, rtol=1e-12)
    session = onnxruntime.InferenceSession(str(onnx_path), providers=["CPUExecutionProvider"])
    (from_onnx,) = session.run(["outputs"], {"inputs": inputs})
    np.testing.assert_allclose(from_onnx, expected, rtol=1e-12)
