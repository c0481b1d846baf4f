"""`train` ends with the run's diagnosis: one `diagnosis: ...` line per notice, none for
a healthy run."""

from __future__ import annotations

from tests.cli.test_feature_inputs import circle_file, feature_design


def diagnosis_lines(run_cli, tmp_path, labels: list[str], epochs: int) -> list[str]:
    circle_file(tmp_path)
    result = run_cli("train", feature_design(tmp_path, labels), "--epochs", epochs, "--seed", 1)
    assert result.code == 0, result.err
    return [line for line in result.out.splitlines() if line.startswith("diagnosis: ")]


def test_a_run_stalled_at_the_constant_guess_is_diagnosed(run_cli, tmp_path):
    (line,) = diagnosis_lines(run_cli, tmp_path, ["x1", "x2"], 60)
    assert "stalled at 100% of what always guessing the average gives" in line


def test_a_healthy_run_gets_no_diagnosis(run_cli, tmp_path):
    assert diagnosis_lines(run_cli, tmp_path, ["x1", "x2", "x1²", "x2²"], 300) == []
