"""Every command on mutated files ends with exit 0 or 2 and never raises: designs
mutated anywhere in their tree (with hostile numbers and texts among the values), and
CSV files with cells, rows and bytes changed. A longer run: benchmarks/fuzz_commands.py."""

from __future__ import annotations

import json
import resource

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from nndesigner.resources import resource_path
from tests.model.test_loading import mutated_designs

XOR_CSV = resource_path("examples", "xor.csv").read_text()
HOSTILE = st.sampled_from(
    ["1e308", "-1e308", "nan", "inf", "", "NA", "=1+2", "\x1b[31m", "\ud800", "9" * 400,
     "0x10", "1,5", "é", '"', "\n", "#", ";", "\t"]
)  # fmt: skip
# Within bounds: each case (four commands) in 5 s, the whole process under 2 GB.
FUZZ = settings(max_examples=60, deadline=5000, suppress_health_check=list(HealthCheck))
MEMORY_BOUND_MB = 2048


@st.composite
def mutated_csvs(draw) -> str:
    """The XOR data with a few cells, rows or characters replaced."""
    lines = XOR_CSV.splitlines()
    for _ in range(draw(st.integers(1, 3))):
        row = draw(st.integers(0, len(lines) - 1))
        cells = lines[row].split(",")
        action = draw(st.sampled_from(["cell", "extra", "drop", "text"]))
        if action == "cell":
            cells[draw(st.integers(0, len(cells) - 1))] = draw(HOSTILE)
        elif action == "extra":
            cells.append(draw(HOSTILE))
        elif action == "drop" and len(cells) > 1:
            cells.pop()
        else:
            cells = [draw(st.text(max_size=6))]
        lines[row] = ",".join(cells)
    return "\n".join(lines) + "\n"


def run_every_command(run_cli, folder, design_text: str, data_text: str) -> None:
    design, data = folder / "d.nnd.json", folder / "d.csv"
    design.write_text(design_text, encoding="utf-8", errors="surrogatepass")
    data.write_text(data_text, encoding="utf-8", errors="surrogatepass")
    for args in (
        ["train", design, "--data", data, "--epochs", 2, "--save", folder / "s.nnd.json"],
        ["predict", design, "--data", data, "--keep", "x1", "-o", folder / "p.csv"],
        ["export", design, "-o", folder / "w.json"],
        ["new", "--data", data, "--target", "y", "--hidden", "2", "-o", folder / "n.nnd.json"],
    ):
        result = run_cli(*args)
        assert result.code in (0, 2), (args[0], result.err)
        assert "Traceback" not in result.err
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024 < MEMORY_BOUND_MB


@FUZZ
@given(design=mutated_designs())
def test_every_command_on_a_mutated_design(run_cli, tmp_path_factory, design):
    run_every_command(run_cli, tmp_path_factory.mktemp("fuzz"), json.dumps(design), XOR_CSV)


@FUZZ
@given(data=mutated_csvs())
def test_every_command_on_a_mutated_csv(run_cli, tmp_path_factory, data):
    xor = resource_path("examples", "xor.nnd.json").read_text()
    run_every_command(run_cli, tmp_path_factory.mktemp("fuzz"), xor, data)
