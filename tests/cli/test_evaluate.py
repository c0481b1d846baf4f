"""`nndesigner evaluate`: the figures as text or one JSON object, and clear errors."""

import json

from nndesigner.resources import resource_path

XOR = resource_path("examples/xor.nnd.json")
SALARY = resource_path("examples/salary.nnd.json")


def test_a_trained_classifier_reports_its_confusion_matrix_and_roc_auc(run_cli, tmp_path):
    trained = tmp_path / "xor.nnd.json"
    assert run_cli("train", XOR, "--epochs", "3000", "--save", trained).code == 0
    result = run_cli("evaluate", trained, "--json")
    assert result.code == 0, result.err
    figures = json.loads(result.out)
    assert figures["classes"] == ["0", "1"]
    assert figures["confusion_matrix"] == [[2, 0], [0, 2]]
    assert figures["accuracy"] == 1.0 and figures["roc_auc"] == 1.0
    text = run_cli("evaluate", trained).out
    assert "accuracy: 100.0%" in text and "ROC AUC (1): 1.0000" in text


def test_a_regression_reports_r2_mae_and_rmse_on_another_file(run_cli, tmp_path):
    rows = [line for line in (SALARY.parent / "salary.csv").read_text().splitlines()]
    part = tmp_path / "part.csv"
    part.write_text("\n".join(rows[:51]) + "\n")  # the header and 50 rows
    result = run_cli("evaluate", SALARY, "--data", part, "--json")
    assert result.code == 0, result.err
    figures = json.loads(result.out)
    assert set(figures) == {"rows", "r2", "mae", "rmse"}
    assert figures["rows"] == 50 and figures["rmse"] >= figures["mae"] > 0


def test_a_file_without_the_target_column_is_one_error_line(run_cli, tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("x1,x2\n0,1\n")
    result = run_cli("evaluate", XOR, "--data", bad)
    assert result.code == 2
    assert len(result.err.strip().splitlines()) == 1
    assert result.err.startswith("error: ")
