"""The command line trains on the points a design file keeps (drawn in the GUI)."""

from __future__ import annotations

import json

import numpy as np

from nndesigner.model.drawn_data import with_point
from nndesigner.model.serialize import load_design, save_design
from tests.cli.test_feature_inputs import feature_design


def test_train_and_predict_read_the_drawn_points_of_the_file(run_cli, tmp_path):
    design = load_design(feature_design(tmp_path, ["x1", "x2"]))
    design.data = None
    points = np.random.default_rng(0).uniform(-1, 1, (60, 2))
    for x, y in points:
        design.data = with_point(design, x, y, float(x > y))
    path = tmp_path / "drawn.nnd.json"
    save_design(design, path)
    result = run_cli("train", path, "--epochs", 400, "--seed", 1, "--save", path)
    assert result.code == 0, result.err
    trained = json.loads(path.read_text())
    assert len(trained["training"]["data"]["drawn"]) == 60
    rows = tmp_path / "rows.csv"
    rows.write_text("x1,x2\n0.8,-0.8\n-0.8,0.8\n")
    out = tmp_path / "out.csv"
    result = run_cli("predict", path, "--data", rows, "--output", out)
    assert result.code == 0, result.err
    above, below = (float(line.split(",")[-1]) for line in out.read_text().splitlines()[1:])
    assert above > 0.5 > below
