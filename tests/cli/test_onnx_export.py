"""The ONNX export computes what `nndesigner predict` computes (needs onnx, onnxruntime)."""

import csv

import numpy as np
import pytest

from nndesigner.resources import resource_path
from tests.cli.spec_files import write_design, write_rows
from tests.cli.test_pytorch_export import predicted
from tests.engine.random_dag import random_batch, random_dag

onnxruntime = pytest.importorskip("onnxruntime")
pytest.importorskip("onnx")


def run_onnx(path, inputs: np.ndarray) -> np.ndarray:
    session = onnxruntime.InferenceSession(str(path), providers=["CPUExecutionProvider"])
    (output,) = session.run(["outputs"], {"inputs": inputs.astype(np.float64)})
    return output


def csv_inputs(path, labels):
    with open(path) as stream:
        rows = list(csv.DictReader(stream))
    return np.array([[float(r[k]) for k in labels] for r in rows])


@pytest.mark.parametrize(
    ("example", "labels"),
    [
        ("house_prices", ["Area", "Bedrooms", "Distance to city", "Age"]),
        ("xor", ["x1", "x2"]),
        ("perceptron_and", ["a", "b"]),
    ],
)
def test_onnx_matches_predict_on_the_examples(run_cli, tmp_path, example, labels):
    weights = tmp_path / "w.json"
    design = resource_path("examples", f"{example}.nnd.json")
    data = resource_path("examples", f"{example}.csv")
    assert run_cli("train", design, "--epochs", 20, "--export", weights).code == 0
    model = tmp_path / "model.onnx"
    result = run_cli("export", weights, "--format", "onnx", "-o", model)
    assert result.code == 0, result.err
    ours = run_onnx(model, csv_inputs(data, labels))
    np.testing.assert_allclose(ours, predicted(run_cli, weights, data), rtol=0, atol=1e-6)


def test_onnx_handles_sparse_skip_links_prelu_and_softmax(run_cli, tmp_path):
    spec = random_dag(1, hidden=7, outputs=3, output_activation="softmax")
    design_path = tmp_path / "net.nnd.json"
    write_design(spec, design_path, relu_as_prelu=True)
    inputs, _ = random_batch(spec, 12, 1)
    data = tmp_path / "rows.csv"
    write_rows(data, spec.ids_with_role("input"), inputs)
    model = tmp_path / "model.onnx"
    assert run_cli("export", design_path, "--format", "onnx", "-o", model).code == 0
    np.testing.assert_allclose(
        run_onnx(model, inputs), predicted(run_cli, design_path, data), rtol=0, atol=1e-9
    )
