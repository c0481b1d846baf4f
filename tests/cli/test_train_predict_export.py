"""Headless train, predict and export on the bundled examples and on random graphs."""

import csv
import io
import json
import re
from pathlib import Path

import jsonschema
import numpy as np
import pytest

from nndesigner.model.design import Design
from nndesigner.model.document import NetworkDocument
from nndesigner.model.entities import Neuron, Synapse
from nndesigner.model.results import Results
from nndesigner.model.serialize import design_to_dict, load_design, save_design, schema
from nndesigner.resources import resource_path

README = Path(__file__).parent.parent.parent / "README.md"
EXAMPLES = ["xor", "perceptron_and", "house_prices", "salary"]


def readme_forward():
    """The `forward` function exactly as the README prints it."""
    blocks = re.findall(r"```python\n(.*?)```", README.read_text(), re.S)
    source = next(block for block in blocks if "def forward" in block)
    namespace: dict = {}
    exec(source, namespace)
    return namespace["forward"]


def read_predictions(text: str) -> tuple[list[str], np.ndarray]:
    """The header and the output columns' numbers (not the predicted class)."""
    rows = list(csv.reader(io.StringIO(text)))
    outputs = [k for k, name in enumerate(rows[0]) if name != "predicted"]
    return rows[0], np.array([[row[k] for k in outputs] for row in rows[1:]], dtype=float)


def test_xor_trains_exports_and_predicts_within_a_tenth(run_cli, tmp_path):
    xor = resource_path("examples", "xor.nnd.json")
    data = resource_path("examples", "xor.csv")
    weights = tmp_path / "w.json"
    trained = run_cli(
        "train", xor, "--data", data, "--epochs", 2000, "--seed", 0, "--export", weights
    )
    assert trained.code == 0, trained.err
    assert trained.out.startswith("final loss")
    assert "training: accuracy 100.0% (4 rows)" in trained.out
    predicted = run_cli("predict", weights, "--data", data)
    assert predicted.code == 0, predicted.err
    header, values = read_predictions(predicted.out)
    assert header == ["y", "predicted"]
    np.testing.assert_array_less(np.abs(values[:, 0] - [0, 1, 1, 0]), 0.1)
    classes = [row[1] for row in csv.reader(io.StringIO(predicted.out))][1:]
    assert classes == ["0", "1", "1", "0"]
    np.testing.assert_allclose(readme_forward()(weights, data), values, atol=1e-9, rtol=0)


@pytest.mark.parametrize("example", ["house_prices", "salary"])
def test_readme_forward_pass_matches_predict_with_standardised_outputs(run_cli, tmp_path, example):
    weights = tmp_path / "w.json"
    data = resource_path("examples", f"{example}.csv")
    run_cli(
        "train",
        resource_path("examples", f"{example}.nnd.json"),
        "--epochs",
        5,
        "--export",
        weights,
    )
    assert json.loads(weights.read_text())["preprocessing"]["outputs"] is not None
    output = tmp_path / "out.csv"
    assert run_cli("predict", weights, "--data", data, "-o", output).code == 0
    _, values = read_predictions(output.read_text())
    np.testing.assert_allclose(readme_forward()(weights, data), values, atol=1e-9, rtol=1e-12)


@pytest.mark.parametrize("example", EXAMPLES)
def test_every_example_trains_well_below_its_starting_loss(run_cli, example):
    design = resource_path("examples", f"{example}.nnd.json")

    def final_loss(*args) -> float:
        result = run_cli("train", design, *args)
        assert result.code == 0, result.err
        return float(re.search(r"final loss ([0-9.e+-]+)", result.out).group(1))

    first_epoch = final_loss("--epochs", 1)
    assert final_loss() < 0.2 * first_epoch


def test_progress_is_one_line_per_reporting_epoch_off_a_terminal(run_cli):
    result = run_cli("train", resource_path("examples", "xor.nnd.json"), "--epochs", 40)
    lines = [line for line in result.err.strip().splitlines() if line.startswith("epoch")]
    assert len(lines) == 20
    assert lines[-1].startswith("epoch 40/40")
    assert "note: the trained weights were not saved; add --save" in result.err


def sample_design() -> Design:
    document = NetworkDocument()
    document.add_neuron(Neuron("a", "input", "Area", "linear", x=1.5, y=-2.0))
    document.add_neuron(Neuron("h", "hidden", "h", "prelu", 0.1, 0.3, x=10, y=3))
    document.add_neuron(Neuron("o", "output", "Price", "linear", -0.2))
    document.add_synapse(Synapse("s1", "a", "h", 0.25))
    document.add_synapse(Synapse("s2", "h", "o", -1.5))
    document.add_synapse(Synapse("s3", "a", "o", 0.75))
    return Design(document)


def test_save_then_load_gives_an_equal_design(tmp_path):
    design = sample_design()
    path = tmp_path / "d.nnd.json"
    save_design(design, path)
    loaded = load_design(path)
    assert design_to_dict(loaded) == design_to_dict(design)
    assert loaded.document.neuron("a").x == 1.5


def test_exported_weights_validate_against_the_shipped_schema(run_cli, tmp_path):
    design_path = tmp_path / "d.nnd.json"
    save_design(sample_design(), design_path)
    weights = tmp_path / "w.json"
    assert run_cli("export", design_path, "-o", weights).code == 0
    exported = json.loads(weights.read_text())
    jsonschema.Draft202012Validator(schema()).validate(exported)
    assert exported["format"] == "nndesigner-weights"
    assert all("position" not in n for n in exported["neurons"])


def test_train_saves_a_design_that_reopens_with_its_preprocessing(run_cli, tmp_path):
    saved = tmp_path / "trained.nnd.json"
    source = resource_path("examples", "house_prices.nnd.json")
    assert run_cli("train", source, "--epochs", 3, "--save", saved).code == 0
    design = load_design(saved, with_data=False)
    assert design.history.epochs_run == 3
    assert design.preprocessing.inputs.mean.shape == (4,)
    assert design.data_source.endswith("house_prices.csv")


def xor_without_weights(tmp_path: Path) -> Path:
    data = json.loads(resource_path("examples", "xor.nnd.json").read_text())
    for synapse in data["synapses"]:
        del synapse["weight"]
    for neuron in data["neurons"]:
        neuron.pop("bias", None)
    data["training"]["data"] = str(resource_path("examples", "xor.csv"))
    path = tmp_path / "blank.nnd.json"
    path.write_text(json.dumps(data))
    return path


def test_a_design_without_weights_is_initialised_before_training(run_cli, tmp_path):
    weights = tmp_path / "w.json"
    assert run_cli("train", xor_without_weights(tmp_path), "--export", weights).code == 0
    predicted = run_cli("predict", weights, "--data", resource_path("examples", "xor.csv"))
    _, values = read_predictions(predicted.out)
    np.testing.assert_array_less(np.abs(values[:, 0] - [0, 1, 1, 0]), 0.1)


def test_reinit_draws_new_weights_from_the_seed(run_cli, tmp_path):
    xor = resource_path("examples", "xor.nnd.json")

    def trained(*flags) -> dict:
        out = tmp_path / "w.json"
        assert run_cli("train", xor, "--epochs", 1, "--export", out, *flags).code == 0
        return load_design(out, with_data=False).document.parameters().weights

    kept = trained()
    assert trained("--reinit", "--seed", 1) != kept
    assert trained("--reinit", "--seed", 1) == trained("--reinit", "--seed", 1)


def test_progress_bar_on_a_terminal(monkeypatch, run_cli):
    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    terminal = Terminal()
    monkeypatch.setattr("sys.stderr", terminal)
    assert run_cli("train", resource_path("examples", "xor.nnd.json"), "--epochs", 40).code == 0
    text = terminal.getvalue()
    assert text.count("\r[") == 20
    assert "[" + "#" * 30 + "] epoch 40/40" in text
    assert text.endswith("\n")


def test_train_reports_r_squared_and_predict_keeps_the_columns_asked_for(run_cli, tmp_path):
    design = resource_path("examples", "house_prices.nnd.json")
    data = resource_path("examples", "house_prices.csv")
    saved = tmp_path / "h.nnd.json"
    trained = run_cli("train", design, "--epochs", 200, "--validation-split", 0.25,
                      "--standardize-outputs", "--save", saved)  # fmt: skip
    assert trained.code == 0, trained.err
    lines = trained.out.splitlines()
    assert lines[1].startswith("training: R² ") and "mean abs. error" in lines[1]
    assert lines[2].startswith("validation: R² ")
    # The scores train prints from its prepared rows are those the GUI computes afresh.
    training, validation, _ = Results(load_design(saved)).scores()
    assert lines[1:3] == [
        f"training: {training.describe()}",
        f"validation: {validation.describe()}",
    ]
    assert load_design(saved, with_data=False).settings.standardize_outputs
    result = run_cli("predict", saved, "--data", data, "--keep", "Area", "Price")
    assert result.code == 0, result.err
    rows = list(csv.reader(io.StringIO(result.out)))
    with open(data) as stream:
        original = list(csv.DictReader(stream))
    assert rows[0] == ["Area", "Price", "Price (predicted)"]  # a regression: no class
    assert [float(row[0]) for row in rows[1:]] == [float(r["Area"]) for r in original]
    assert run_cli("predict", saved, "--data", data, "--keep", "Nope").code == 2
