"""Ctrl-C during `train`: it stops after the current batch, saves what was asked for and
exits 130 with one line (a real SIGINT to a real process)."""

from __future__ import annotations

import random
import signal
import subprocess
import sys
import time

from nndesigner.model.serialize import load_design
from nndesigner.resources import resource_path


def test_ctrl_c_during_train_saves_and_exits_130(tmp_path):
    saved = tmp_path / "kept.nnd.json"
    xor = str(resource_path("examples", "xor.nnd.json"))
    process = subprocess.Popen(
        [sys.executable, "-m", "nndesigner", "train", xor, "--epochs", "100000000",
         "--save", str(saved)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    time.sleep(3.0)  # started and training (off a terminal it reports every 1/20 of the run)
    process.send_signal(signal.SIGINT)
    out, err = process.communicate(timeout=30)
    assert process.returncode == 130, err
    assert "Traceback" not in err
    (line,) = err.strip().splitlines()
    assert line.startswith("interrupted after epoch ") and line.endswith(f"saved {saved}")
    design = load_design(saved)
    assert design.history.epochs_run == int(line.split("epoch ")[1].split(";")[0])
    assert not design.untrained()


def test_random_sigkills_during_train_save_export_never_leave_a_broken_file(tmp_path):
    """A loop of real SIGKILLs at random moments of `train --save --export`: each file is
    afterwards either absent, or whole and readable (the old one or the new one)."""
    rng = random.Random(7)
    xor = str(resource_path("examples", "xor.nnd.json"))
    saved, exported = tmp_path / "kept.nnd.json", tmp_path / "w.json"
    for _ in range(8):
        process = subprocess.Popen(
            [sys.executable, "-m", "nndesigner", "train", xor, "--epochs", "300",
             "--save", str(saved), "--export", str(exported)],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        time.sleep(rng.uniform(0.3, 2.0))
        process.kill()
        process.wait()
        for path in (saved, exported):
            if path.exists():
                assert load_design(path, with_data=False).document.synapses
