"""A CSV with columns of categories, from `new` to `train`, `predict` and the exports:
one-hot inputs that learn what the categories carry, and exports that compute what
`predict` computes from the same raw columns."""

from __future__ import annotations

import csv
import io
import json

import numpy as np
import pytest

from tests.cli.test_pytorch_export import module_outputs, predicted
from tests.cli.test_train_predict_export import readme_forward

COLOURS = {"red": 3.0, "green": -2.0, "blue": 0.5}
SHAPES = {"round": 1.0, "square": -1.0}


def shop_file(tmp_path, rows: int = 400, name: str = "shop.csv"):
    """price = 2 size + a colour's and a shape's own amount + noise; an id column."""
    rng = np.random.default_rng(5)
    lines = ["id,size,colour,shape,price"]
    for k in range(rows):
        size = rng.uniform(0, 2)
        colour, shape = rng.choice(list(COLOURS)), rng.choice(list(SHAPES))
        price = 2 * size + COLOURS[colour] + SHAPES[shape] + rng.normal(0, 0.05)
        lines.append(f"A{k:04d},{size:.4f},{colour},{shape},{price:.4f}")
    path = tmp_path / name
    path.write_text("\n".join(lines) + "\n")
    return path


def made_and_trained(run_cli, tmp_path):
    data = shop_file(tmp_path)
    design = tmp_path / "shop.nnd.json"
    made = run_cli("new", "--data", data, "--target", "price", "--ignore", "id", "--hidden", "8",
                   "-o", design)  # fmt: skip
    assert made.code == 0, made.err
    assert "'colour' holds 3 categories" in made.err
    trained = run_cli("train", design, "--epochs", 150, "--save", design)
    assert trained.code == 0, trained.err
    return data, design, trained


def test_categories_become_one_hot_inputs_that_learn(run_cli, tmp_path):
    data, design, trained = made_and_trained(run_cli, tmp_path)
    saved = json.loads(design.read_text())
    labels = [n["label"] for n in saved["neurons"] if n["role"] == "input"]
    assert labels == ["size", "colour=blue", "colour=green", "colour=red",
                      "shape=round", "shape=square"]  # fmt: skip
    assert saved["version"] == 3
    assert saved["preprocessing"]["categories"] == {
        "colour": ["blue", "green", "red"], "shape": ["round", "square"]
    }  # fmt: skip
    validation = next(line for line in trained.out.splitlines() if line.startswith("validation"))
    assert float(validation.split("R² ")[1].split(",")[0]) > 0.97, trained.out  # colour matters

    result = run_cli("predict", design, "--data", data, "--keep", "id")
    rows = list(csv.reader(io.StringIO(result.out)))
    assert rows[0] == ["id", "price"] and rows[1][0] == "A0000" and len(rows) == 401


def test_an_unseen_category_is_refused_by_predict_with_its_row(run_cli, tmp_path):
    _, design, _ = made_and_trained(run_cli, tmp_path)
    new_rows = tmp_path / "new.csv"
    new_rows.write_text("id,size,colour,shape\nB1,1,red,round\nB2,1,purple,round\n")
    out = tmp_path / "out.csv"
    result = run_cli("predict", design, "--data", new_rows, "-o", out)
    assert result.code == 2 and not out.exists()
    assert "row 3: column 'colour' holds 'purple', which is none of its categories" in result.err


def test_the_readme_forward_pass_encodes_categories_as_predict_does(run_cli, tmp_path):
    data, design, _ = made_and_trained(run_cli, tmp_path)
    weights = tmp_path / "weights.json"
    assert run_cli("export", design, "-o", weights).code == 0
    expected = predicted(run_cli, weights, data)
    np.testing.assert_allclose(readme_forward()(weights, data), expected, rtol=0, atol=1e-9)


def test_the_pytorch_module_encodes_raw_rows_as_predict_does(run_cli, tmp_path):
    data, design, _ = made_and_trained(run_cli, tmp_path)
    model, ours = module_outputs(run_cli, design, data, tmp_path)
    np.testing.assert_allclose(ours, predicted(run_cli, design, data), rtol=0, atol=1e-9)
    with pytest.raises(ValueError, match="'purple' is none of the categories of 'colour'"):
        model.encode([{"size": 1, "colour": "purple", "shape": "round"}])


def test_the_onnx_model_lists_what_its_inputs_are(run_cli, tmp_path):
    onnx = pytest.importorskip("onnx")
    onnxruntime = pytest.importorskip("onnxruntime")
    data, design, _ = made_and_trained(run_cli, tmp_path)
    path = tmp_path / "shop.onnx"
    assert run_cli("export", design, "--format", "onnx", "-o", path).code == 0
    properties = {p.key: json.loads(p.value) for p in onnx.load(str(path)).metadata_props}
    categories = properties["categories"]
    assert categories["colour"] == ["blue", "green", "red"]
    with open(data) as stream:
        rows = list(csv.DictReader(stream))
    encoded = []
    for row in rows:  # as the metadata says: a number, or 1/0 for a column=value input
        column_value = [label.split("=", 1) for label in properties["input_labels"]]
        encoded.append(
            [float(row[pair[0]]) if len(pair) == 1 else float(row[pair[0]] == pair[1])
             for pair in column_value]
        )  # fmt: skip
    session = onnxruntime.InferenceSession(str(path), providers=["CPUExecutionProvider"])
    (ours,) = session.run(["outputs"], {"inputs": np.array(encoded)})
    np.testing.assert_allclose(ours, predicted(run_cli, design, data), rtol=0, atol=1e-9)
