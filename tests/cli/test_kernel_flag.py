"""`train --kernel`: both kernels give the same weights; a missing numba is one error line."""

import json
import subprocess
import sys

import numpy as np

from nndesigner.resources import resource_path

XOR = resource_path("examples", "xor.nnd.json")


def saved_weights(path) -> np.ndarray:
    design = json.loads(path.read_text())
    return np.array([synapse["weight"] for synapse in design["synapses"]])


def test_numpy_and_compiled_kernels_train_the_same_weights(run_cli, tmp_path):
    results = {}
    for kernel in ("numpy", "compiled", "auto"):
        saved = tmp_path / f"{kernel}.nnd.json"
        result = run_cli("train", XOR, "--epochs", "400", "--batch-size", "1", "--reinit",
                         "--kernel", kernel, "--save", saved)  # fmt: skip
        assert result.code == 0, result.err
        results[kernel] = (result.out.splitlines()[0], saved_weights(saved))
    numpy_line, numpy_weights = results["numpy"]
    for line, weights in (results["compiled"], results["auto"]):
        assert line == numpy_line
        np.testing.assert_allclose(weights, numpy_weights, rtol=1e-12, atol=1e-14)
    assert np.any(numpy_weights != saved_weights(XOR))  # they did train


def run_without_numba(*args: str) -> subprocess.CompletedProcess:
    script = (
        "import sys\n"
        "class NoNumba:\n"
        "    def find_spec(self, name, path=None, target=None):\n"
        "        if name.split('.')[0] in {'numba', 'llvmlite'}:\n"
        "            raise ImportError(name)\n"
        "sys.meta_path.insert(0, NoNumba())\n"
        "from nndesigner.cli import main\n"
        f"sys.exit(main({list(args)!r}))\n"
    )
    return subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)


def test_without_numba_auto_trains_on_numpy_and_compiled_is_refused(tmp_path):
    auto = run_without_numba("train", str(XOR), "--epochs", "50")
    assert auto.returncode == 0, auto.stderr
    assert auto.stdout.startswith("final loss")
    forced = run_without_numba("train", str(XOR), "--epochs", "50", "--kernel", "compiled")
    assert forced.returncode == 2
    assert forced.stderr.strip().splitlines()[-1] == (
        "error: The compiled kernel needs numba: install nndesigner[fast]"
    )
    assert "Traceback" not in forced.stderr
