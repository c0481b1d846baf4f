"""Feature inputs (x1², x1·x2, sin x1, ...) from a design file to `train`, `predict` and
the exports: the network learns a circle from them, and the README's forward pass, the
PyTorch module and the ONNX model compute what `predict` computes from the raw columns."""

from __future__ import annotations

import json

import numpy as np
import pytest

from tests.cli.test_pytorch_export import module_outputs, predicted
from tests.cli.test_train_predict_export import readme_forward

FORMULAS = ["x1²", "x2^2", "x1·x2", "sin(x1)", "cos(x2*x1^3)"]


def circle_file(tmp_path, rows: int = 400):
    """inside = 1 within the circle of radius 1.2 around the origin, else 0."""
    rng = np.random.default_rng(3)
    points = rng.uniform(-2, 2, (rows, 2))
    inside = (points**2).sum(axis=1) < 1.2**2
    path = tmp_path / "circle.csv"
    cells = zip(points, inside, strict=True)
    lines = ["x1,x2,inside", *(f"{x:.5f},{y:.5f},{int(c)}" for (x, y), c in cells)]
    path.write_text("\n".join(lines) + "\n")
    return path


def feature_design(tmp_path, labels: list[str]):
    """Inputs labelled `labels`, three tanh hidden neurons, one sigmoid output."""
    inputs = [{"id": f"i{k}", "role": "input", "label": label, "activation": "linear",
               "bias": 0.0, "position": [0, 60 * k]} for k, label in enumerate(labels)]  # fmt: skip
    hidden = [{"id": f"h{k}", "role": "hidden", "label": f"h{k}", "activation": "tanh",
               "bias": 0.0, "position": [150, 60 * k]} for k in range(3)]  # fmt: skip
    output = {"id": "o", "role": "output", "label": "inside", "activation": "sigmoid",
              "bias": 0.0, "position": [300, 60]}  # fmt: skip
    synapses = [{"id": f"s{i['id']}{h['id']}", "from": i["id"], "to": h["id"], "weight": 0.0}
                for i in inputs for h in hidden]  # fmt: skip
    synapses += [{"id": f"s{h['id']}o", "from": h["id"], "to": "o", "weight": 0.0} for h in hidden]
    training = {"data": "circle.csv", "validation_split": 0.25}
    design = {"format": "nndesigner-design", "version": 3, "neurons": [*inputs, *hidden, output],
              "synapses": synapses, "preprocessing": None, "training": training}  # fmt: skip
    path = tmp_path / "circle.nnd.json"
    path.write_text(json.dumps(design))
    return path


@pytest.fixture
def trained(run_cli, tmp_path):
    data = circle_file(tmp_path)
    design = feature_design(tmp_path, ["x1", "x2", *FORMULAS])
    result = run_cli("train", design, "--epochs", 300, "--seed", 1, "--save", design)
    assert result.code == 0, result.err
    return data, design, result


def test_the_file_states_the_raw_inputs_and_each_feature(trained):
    _, design, _ = trained
    pre = json.loads(design.read_text())["preprocessing"]
    assert pre["raw_inputs"] == ["x1", "x2"]
    assert pre["features"][2] == {"function": "none", "factors": [["x1", 2]]}
    assert pre["features"][4] == {"function": "none", "factors": [["x1", 1], ["x2", 1]]}
    assert pre["features"][6] == {"function": "cos", "factors": [["x2", 1], ["x1", 3]]}
    assert len(pre["inputs"]["mean"]) == 7  # fitted on the computed inputs


def validation_accuracy(run_cli, tmp_path, labels: list[str], epochs: int) -> float:
    circle_file(tmp_path)
    result = run_cli("train", feature_design(tmp_path, labels), "--epochs", epochs, "--seed", 1)
    assert result.code == 0, result.err
    line = next(line for line in result.out.splitlines() if line.startswith("validation"))
    return float(line.split("accuracy ")[1].split("%")[0])


def test_squares_let_the_network_learn_a_circle_sooner(run_cli, tmp_path):
    assert validation_accuracy(run_cli, tmp_path, ["x1", "x2", "x1²", "x2²"], 60) > 90
    assert validation_accuracy(run_cli, tmp_path, ["x1", "x2"], 60) < 80


def test_predict_computes_the_features_from_the_raw_columns(run_cli, trained, tmp_path):
    data, design, _ = trained
    rows = np.loadtxt(data, delimiter=",", skiprows=1)[:, :2]
    only_raw = tmp_path / "raw.csv"  # the target left out: predict needs only x1 and x2
    only_raw.write_text("x2,x1\n" + "".join(f"{b},{a}\n" for a, b in rows[:50]))
    np.testing.assert_allclose(
        predicted(run_cli, design, only_raw), predicted(run_cli, design, data)[:50], atol=1e-12
    )


def test_the_readme_forward_pass_computes_features_as_predict_does(run_cli, trained, tmp_path):
    data, design, _ = trained
    weights = tmp_path / "weights.json"
    assert run_cli("export", design, "-o", weights).code == 0
    np.testing.assert_allclose(
        readme_forward()(weights, data), predicted(run_cli, weights, data), rtol=0, atol=1e-9
    )


def test_the_pytorch_module_computes_features_as_predict_does(run_cli, trained, tmp_path):
    data, design, _ = trained
    _, ours = module_outputs(run_cli, design, data, tmp_path)
    np.testing.assert_allclose(ours, predicted(run_cli, design, data), rtol=0, atol=1e-9)


def test_the_onnx_model_takes_the_raw_columns(run_cli, trained, tmp_path):
    onnx = pytest.importorskip("onnx")
    onnxruntime = pytest.importorskip("onnxruntime")
    data, design, _ = trained
    path = tmp_path / "circle.onnx"
    assert run_cli("export", design, "--format", "onnx", "-o", path).code == 0
    properties = {p.key: json.loads(p.value) for p in onnx.load(str(path)).metadata_props}
    assert properties["input_labels"] == ["x1", "x2"]
    raw = np.loadtxt(data, delimiter=",", skiprows=1)[:, :2]
    session = onnxruntime.InferenceSession(str(path), providers=["CPUExecutionProvider"])
    (ours,) = session.run(["outputs"], {"inputs": raw})
    np.testing.assert_allclose(ours, predicted(run_cli, design, data), rtol=0, atol=1e-9)


def test_a_formula_naming_no_column_is_refused_with_its_name(run_cli, tmp_path):
    circle_file(tmp_path)
    design = feature_design(tmp_path, ["x1", "x2", "x3²"])
    result = run_cli("train", design, "--epochs", 5)
    assert result.code == 2 and "x3" in result.err, result.err


def test_a_column_named_like_a_formula_gets_a_sentence_saying_how_to_read_it(run_cli, tmp_path):
    data = tmp_path / "flats.csv"
    data.write_text("rooms,area m²,rent\n2,50,800\n3,70,1100\n4,90,1500\n")
    design = tmp_path / "flats.nnd.json"
    made = run_cli("new", "--data", data, "--target", "rent", "-o", design)
    trained = run_cli("train", design, "--epochs", 5) if made.code == 0 else made
    assert trained.code == 2, trained.out
    assert "'area m²' reads as a formula over a column 'area m'" in trained.err
    assert "rename it" in trained.err and trained.err.count("\n") == 1
