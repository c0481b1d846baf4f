"""Every kind of bad input: one `error:` line, exit code 2, no output file left behind."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from nndesigner.resources import resource_path
from tests.malformed_files import MALFORMED, write_case

XOR = resource_path("examples", "xor.nnd.json")


def xor_file(tmp_path: Path, change) -> Path:
    data = json.loads(XOR.read_text())
    change(data)
    path = tmp_path / "bad.nnd.json"
    path.write_text(json.dumps(data))
    return path


def csv_file(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "data.csv"
    path.write_text(text)
    return path


def set_neuron(index, key, value):
    return lambda data: data["neurons"][index].__setitem__(key, value)


CASES = {
    "missing model file": (lambda t: [t / "nope.json"], "Cannot read"),
    "invalid JSON": (lambda t: [csv_file(t, "{not json")], "is not valid JSON"),
    "wrong format": (
        lambda t: [xor_file(t, lambda d: d.__setitem__("format", "keras"))],
        "not an nndesigner design or weights file",
    ),
    "wrong version": (
        lambda t: [xor_file(t, lambda d: d.__setitem__("version", 7))],
        "format version 7; this nndesigner reads versions 1 to 3",
    ),
    "unknown activation": (
        lambda t: [xor_file(t, set_neuron(2, "activation", "swish"))],
        "neurons/2/activation: 'swish' is not one of",
    ),
    "dangling synapse": (
        lambda t: [xor_file(t, lambda d: d["synapses"][0].__setitem__("to", "ghost"))],
        "There is no neuron 'ghost'",
    ),
    "duplicate id": (
        lambda t: [xor_file(t, set_neuron(3, "id", "h1"))],
        "The id 'h1' is already used",
    ),
    "cycle": (
        lambda t: [
            xor_file(
                t,
                lambda d: d["synapses"].append(
                    {"id": "back", "from": "h1", "to": "h1", "weight": 1}
                ),
            )
        ],
        "cannot be connected to itself",
    ),
    "non-number weight": (
        lambda t: [xor_file(t, lambda d: d["synapses"][0].__setitem__("weight", "heavy"))],
        "synapses/0/weight: 'heavy' is not of type 'number'",
    ),
    "missing CSV column": (
        lambda t: [XOR, "--data", csv_file(t, "x1,y\n0,1\n")],
        "has no column 'x2'",
    ),
    "non-numeric cell": (
        lambda t: [XOR, "--data", csv_file(t, "x1,x2,y\n0,0,0\n1,abc,1\n")],
        "row 3: column 'x2' holds 'abc', which is not a number",
    ),
    "cross-entropy on a sigmoid output": (
        lambda t: [XOR, "--loss", "cross_entropy"],
        "cross-entropy cost needs softmax outputs",
    ),
    "binary cross-entropy on a target of 3": (
        lambda t: [
            XOR,
            "--loss",
            "binary_cross_entropy",
            "--data",
            csv_file(t, "x1,x2,y\n0,0,0\n1,1,3\n"),
        ],
        "targets between 0 and 1; these run from 0 to 3",
    ),  # fmt: skip
    "empty cell": (
        lambda t: [XOR, "--data", csv_file(t, "x1,x2,y\n0,,0\n")],
        "1 missing cell (row 2 column 'x2')",
    ),
    "no data rows": (
        lambda t: [XOR, "--data", csv_file(t, "x1,x2,y\n")],
        "has a header but no data rows",
    ),
    "missing CSV": (lambda t: [XOR, "--data", t / "none.csv"], "Cannot read"),
    "epochs below 1": (lambda t: [XOR, "--epochs", "0"], "--epochs: must be at least 1"),
    "learning rate 0": (lambda t: [XOR, "--lr", "0"], "--lr: must be greater than 0"),
    "learning rate text": (lambda t: [XOR, "--lr", "fast"], "'fast' is not a number"),
    "batch size 0": (lambda t: [XOR, "--batch-size", "0"], "--batch-size: must be at least 1"),
    "epochs in file 0": (
        lambda t: [xor_file(t, lambda d: d["training"].__setitem__("epochs", 0))],
        "training/epochs: 0 is less than the minimum of 1",
    ),
}


@pytest.mark.parametrize("case", list(CASES))
def test_bad_training_input_fails_cleanly(run_cli, tmp_path, case):
    make_args, message = CASES[case]
    exported = tmp_path / "out.json"
    saved = tmp_path / "out.nnd.json"
    result = run_cli("train", *make_args(tmp_path), "--export", exported, "--save", saved)
    assert result.code == 2
    assert result.out == ""
    lines = result.err.strip().splitlines()
    assert len(lines) == 1, result.err
    assert lines[0].startswith("error: ")
    assert message in lines[0]
    assert not exported.exists() and not saved.exists()
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_divergence_is_an_error_and_writes_nothing(run_cli, tmp_path):
    exported = tmp_path / "w.json"
    design = resource_path("examples", "house_prices.nnd.json")
    result = run_cli("train", design, "--lr", "1e6", "--optimizer", "sgd", "--export", exported)
    assert result.code == 2
    assert "error: Training stopped: the cost became" in result.err.splitlines()[-1]
    assert not exported.exists()


def test_predict_with_missing_column_writes_no_output(run_cli, tmp_path):
    output = tmp_path / "p.csv"
    result = run_cli("predict", XOR, "--data", csv_file(tmp_path, "x1\n1\n"), "-o", output)
    assert result.code == 2
    assert result.err.startswith("error: ") and "has no column 'x2'" in result.err
    assert not output.exists()


def test_export_into_a_missing_folder_is_a_clean_error(run_cli, tmp_path):
    result = run_cli("export", XOR, "-o", tmp_path / "no" / "w.json")
    assert result.code == 2
    assert result.err.startswith("error: Cannot write")


def test_installed_command_prints_no_traceback(tmp_path):
    command = Path(sys.executable).parent / "nndesigner"
    result = subprocess.run(
        [str(command), "train", str(tmp_path / "missing.nnd.json")],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1
    assert "Traceback" not in result.stderr


def test_version_and_cli_work_with_qt_unimportable(tmp_path):
    script = (
        "import sys\n"
        "class NoQt:\n"
        "    def find_spec(self, name, path=None, target=None):\n"
        "        if name.split('.')[0] in {'PySide6', 'shiboken6', 'pyqtgraph'}:\n"
        "            raise ImportError(name)\n"
        "sys.meta_path.insert(0, NoQt())\n"
        "from nndesigner.__main__ import main\n"
        f"code = main(['export', {str(XOR)!r}, '-o', {str(tmp_path / 'w.json')!r}])\n"
        "assert code == 0, code\n"
        "main(['--version'])\n"
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert result.stdout.strip() == "nndesigner 0.1.0", result.stderr


@pytest.mark.parametrize("case", list(MALFORMED))
def test_every_malformed_design_file_is_one_error_line(run_cli, tmp_path, case):
    path, phrase = write_case(tmp_path, case)
    output = tmp_path / "w.json"
    result = run_cli("export", path, "-o", output)
    assert result.code == 2
    lines = result.err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ") and phrase in lines[0]
    assert not output.exists()


def test_values_too_large_to_standardise_are_refused_and_nothing_is_saved(run_cli, tmp_path):
    data = tmp_path / "huge.csv"
    data.write_text("x1,x2,y\n1e308,0,0\n-1e308,1,1\n1e308,1,0\n0,0,1\n")
    saved = tmp_path / "out.nnd.json"
    xor = resource_path("examples", "xor.nnd.json")
    result = run_cli("train", xor, "--data", data, "--epochs", 2, "--save", saved)
    assert result.code == 2 and "x1 are too large to standardise" in result.err
    assert not saved.exists()


def test_hostile_runs_found_by_review_end_with_one_error_line(run_cli, tmp_path):
    xor = resource_path("examples", "xor.nnd.json")
    data = resource_path("examples", "xor.csv")
    bad_utf16 = tmp_path / "u.csv"
    bad_utf16.write_bytes("x1,x2,y\n0,0,0\n".encode("utf-16") + b"\x00")
    read_only = tmp_path / "ro.csv"
    read_only.write_text("keep me\n")
    read_only.chmod(0o444)
    runs = {
        "too large hidden layers": (
            ["new", "--data", data, "--target", "y", "--hidden", "3000,3000", "-o",
             tmp_path / "n.nnd.json"],
            "a design holds at most",
        ),
        "UTF-16 cut short": (["predict", xor, "--data", bad_utf16], "not a readable CSV"),
        "keep twice": (["predict", xor, "--data", data, "--keep", "y", "y"], "twice"),
        "read-only output": (["predict", xor, "--data", data, "-o", read_only], "read-only"),
    }  # fmt: skip
    for name, (args, phrase) in runs.items():
        result = run_cli(*args)
        assert result.code == 2, (name, result.err)
        (line,) = result.err.strip().splitlines()
        assert line.startswith("error: ") and phrase in line, name
    assert read_only.read_text() == "keep me\n"
