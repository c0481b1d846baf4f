"""The exported PyTorch module computes what `nndesigner predict` computes (needs torch)."""

import csv
import importlib.util
import io

import numpy as np
import pytest

from nndesigner.resources import resource_path
from tests.cli.spec_files import write_design, write_rows
from tests.engine.random_dag import random_batch, random_dag

torch = pytest.importorskip("torch")


def load_module(path):
    spec = importlib.util.spec_from_file_location("exported_network", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def predicted(run_cli, model, data) -> np.ndarray:
    result = run_cli("predict", model, "--data", data)
    assert result.code == 0, result.err
    rows = list(csv.reader(io.StringIO(result.out)))
    outputs = [k for k, name in enumerate(rows[0]) if name != "predicted"]  # the numbers
    return np.array([[row[k] for k in outputs] for row in rows[1:]], dtype=float)


def module_outputs(run_cli, design, data, folder):
    """The exported module of `design`, and its outputs on the rows of the CSV `data`
    (encoded by the module itself, as a user would)."""
    module_path = folder / "exported_model.py"
    assert run_cli("export", design, "--format", "pytorch", "-o", module_path).code == 0
    model = load_module(module_path).build_model(str(design))
    with open(data) as stream:
        rows = list(csv.DictReader(stream))
    with torch.no_grad():
        return model, model(model.encode(rows)).numpy()


def test_house_prices_module_matches_predict(run_cli, tmp_path):
    weights = tmp_path / "w.json"
    design = resource_path("examples", "house_prices.nnd.json")
    data = resource_path("examples", "house_prices.csv")
    assert run_cli("train", design, "--epochs", 20, "--export", weights).code == 0
    module_path = tmp_path / "house_prices_model.py"
    assert run_cli("export", weights, "--format", "pytorch", "-o", module_path).code == 0
    model = load_module(module_path).build_model(str(weights))
    with open(data) as stream:
        rows = list(csv.DictReader(stream))
    labels = ["Area", "Bedrooms", "Distance to city", "Age"]
    inputs = torch.tensor([[float(r[k]) for k in labels] for r in rows], dtype=torch.float64)
    with torch.no_grad():
        ours = model(inputs).numpy()
    np.testing.assert_allclose(ours, predicted(run_cli, weights, data), rtol=0, atol=1e-6)


@pytest.mark.parametrize("seed", range(3))
def test_sparse_dag_with_prelu_and_softmax_matches_predict(run_cli, tmp_path, seed):
    spec = random_dag(seed, hidden=7, outputs=3, output_activation="softmax" if seed % 2 else None)
    design_path = tmp_path / "net.nnd.json"
    write_design(spec, design_path, relu_as_prelu=True)
    inputs, _ = random_batch(spec, 12, seed)
    data = tmp_path / "rows.csv"
    write_rows(data, spec.ids_with_role("input"), inputs)
    module_path = tmp_path / "module.py"
    assert run_cli("export", design_path, "--format", "pytorch", "-o", module_path).code == 0
    model = load_module(module_path).build_model(str(design_path))
    with torch.no_grad():
        ours = model(torch.tensor(inputs)).numpy()
    np.testing.assert_allclose(ours, predicted(run_cli, design_path, data), rtol=0, atol=1e-9)


def test_module_trains_like_a_torch_module_and_keeps_missing_synapses_zero(tmp_path, run_cli):
    module_path = tmp_path / "module.py"
    xor = resource_path("examples", "xor.nnd.json")
    assert run_cli("export", xor, "--format", "pytorch", "-o", module_path).code == 0
    model = load_module(module_path).build_model(str(xor))
    x = torch.tensor([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]], dtype=torch.float64)
    model(x).sum().backward()
    assert model.weight0.grad.abs().sum() > 0 and model.bias1.grad.abs().sum() > 0
    # The output level may draw on every earlier column; the inputs' rows are masked.
    assert model.weight1.shape == (4, 1)
    assert model.weight1.grad[:2].abs().sum() == 0 and model.weight1.grad[2:].abs().sum() > 0
