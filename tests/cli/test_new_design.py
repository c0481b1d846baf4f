"""`nndesigner new`: a CSV to a connected, trainable design, on real datasets shipped in
scikit-learn written out as users have them; accuracy on par with scikit-learn's MLP."""

from __future__ import annotations

import csv
import json

import numpy as np
import pytest

from nndesigner.engine.data_split import split_rows
from nndesigner.model.serialize import load_design

datasets = pytest.importorskip("sklearn.datasets")


def write_dataset(path, loader, target: str, index: bool = False) -> None:
    """A scikit-learn dataset as a CSV: feature columns, then the target by class name;
    `index` puts a pandas-style unnamed row index first."""
    bunch = loader()
    names = [name.replace(" (cm)", "") for name in bunch.feature_names]
    with open(path, "w", newline="") as stream:
        writer = csv.writer(stream)
        writer.writerow(([""] if index else []) + names + [target])
        for number, (row, label) in enumerate(zip(bunch.data, bunch.target, strict=True)):
            cells = [repr(float(v)) for v in row] + [bunch.target_names[label]]
            writer.writerow(([number] if index else []) + cells)


def test_iris_from_a_pandas_csv_to_a_trained_classifier_on_par_with_sklearn(run_cli, tmp_path):
    from sklearn.neural_network import MLPClassifier
    from sklearn.preprocessing import StandardScaler

    data, design_path = tmp_path / "iris.csv", tmp_path / "iris.nnd.json"
    write_dataset(data, datasets.load_iris, "species", index=True)
    made = run_cli("new", "--data", data, "--target", "species", "--hidden", "16",
                   "-o", design_path)  # fmt: skip
    assert made.code == 0, made.err
    assert "Left out ''" in made.err and "row index" in made.err
    assert "4 inputs, 16 hidden, 3 outputs, 112 synapses" in made.out
    design = load_design(design_path)
    outputs = design.document.neurons_with_role("output")
    assert [n.label for n in outputs] == [
        "species=setosa", "species=versicolor", "species=virginica"
    ]  # fmt: skip
    assert {n.activation for n in outputs} == {"softmax"}
    assert design.settings.loss == "cross_entropy"
    assert json.loads(design_path.read_text())["training"]["data"] == "iris.csv"
    trained = run_cli("train", design_path, "--save", design_path)
    assert trained.code == 0, trained.err
    ours = float(trained.out.split("validation: accuracy ")[1].split("%")[0]) / 100
    inputs, targets = design.data_arrays()
    training, validation, _ = split_rows(len(inputs), design.settings)
    scaler = StandardScaler().fit(inputs[training])
    peer = MLPClassifier((16,), max_iter=2000, random_state=0)
    peer.fit(scaler.transform(inputs[training]), targets[training].argmax(axis=1))
    theirs = peer.score(scaler.transform(inputs[validation]), targets[validation].argmax(axis=1))
    assert ours >= theirs - 0.05, (ours, theirs)
    predicted = run_cli("predict", design_path, "--data", data, "--keep", "species")
    rows = list(csv.reader(predicted.out.splitlines()))
    assert rows[0][-1] == "predicted"
    right = np.mean([row[0] == row[-1] for row in rows[1:]])
    assert right > 0.9


def test_whole_number_targets_stay_a_regression_unless_told(run_cli, tmp_path):
    data = tmp_path / "grades.csv"
    rng = np.random.default_rng(0)
    rows = ["hours,sleep,grade"] + [
        f"{h:.2f},{s:.2f},{int(h > 5) + int(s > 7) + 1}" for h, s in rng.uniform(0, 10, (60, 2))
    ]
    data.write_text("\n".join(rows) + "\n")
    out = tmp_path / "g.nnd.json"
    made = run_cli("new", "--data", data, "--target", "grade", "--hidden", "0", "-o", out)
    assert made.code == 0, made.err
    assert "--task classification" in made.err
    design = load_design(out)
    (output,) = design.document.neurons_with_role("output")
    assert (output.label, output.activation) == ("grade", "linear")
    assert design.settings.standardize_outputs and not design.document.neurons_with_role("hidden")
    made = run_cli("new", "--data", data, "--target", "grade", "--task", "classification",
                   "--hidden", "8,4", "-o", out)  # fmt: skip
    assert made.code == 0, made.err
    labels = [n.label for n in load_design(out).document.neurons_with_role("output")]
    assert labels == ["grade=1", "grade=2", "grade=3"]
    trained = run_cli("train", out, "--epochs", "20")
    assert trained.code == 0 and "accuracy" in trained.out


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["--target", "nope"], ["no column 'nope'", "'hours'"]),
        (["--target", "grade", "--hidden", "8,x"], ["16,8"]),
        (["--target", "hours"], ["'name' holds 25 different texts", "1 to 20", "--ignore"]),
    ],
)
def test_a_design_that_cannot_be_made_gets_one_error_line(run_cli, tmp_path, args, words):
    data = tmp_path / "d.csv"
    rows = "".join(f"person{k},{k % 7},{k % 3}\n" for k in range(25))  # a name per row
    data.write_text("name,hours,grade\n" + rows)
    out = tmp_path / "out.nnd.json"
    result = run_cli("new", "--data", data, *args, "-o", out)
    assert result.code == 2
    (line,) = result.err.strip().splitlines()
    assert line.startswith("error: ") and all(word in line for word in words)
    assert not out.exists()


def test_a_class_column_whose_name_holds_an_equals_sign(run_cli, tmp_path):
    data = tmp_path / "eq.csv"
    data.write_text("x,a=b\n" + "".join(f"{i},{'pq'[i % 2]}\n" for i in range(10)))
    out = tmp_path / "eq.nnd.json"
    assert run_cli("new", "--data", data, "--target", "a=b", "--hidden", "0", "-o", out).code == 0
    trained = run_cli("train", out, "--epochs", "5")
    assert trained.code == 0, trained.err


def test_an_untrained_design_says_so_when_it_predicts_or_exports(run_cli, tmp_path):
    data = tmp_path / "d.csv"
    data.write_text("a,b,y\n" + "".join(f"{k},{k % 3},{k % 2}\n" for k in range(20)))
    design = tmp_path / "d.nnd.json"
    assert run_cli("new", "--data", data, "--target", "y", "-o", design).code == 0
    predicted = run_cli("predict", design, "--data", data)
    assert predicted.code == 0 and "has not been trained" in predicted.err
    assert run_cli("train", design, "--epochs", 2, "--save", design).code == 0
    again = run_cli("predict", design, "--data", data)
    assert again.code == 0 and "has not been trained" not in again.err
