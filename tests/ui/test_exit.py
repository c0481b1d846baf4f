"""Leaving the app the real way: `run_gui`'s event loop, an edit with the explain tab
showing a cost landscape, then closing the window (idle, or while a run goes on).
Nothing may be printed on the way out (an error in teardown shows as a traceback on
stderr, not as a failed test)."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap

import pytest

# What Qt's offscreen platform itself prints about windows it cannot size.
PLATFORM_NOTICES = {"This plugin does not support propagateSizeHints()"}
SCRIPT = textwrap.dedent(
    """
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from nndesigner import app
    from nndesigner.ui import dialogs
    from nndesigner.ui.main_window import MainWindow

    dialogs.ask_save_changes = lambda parent, name: dialogs.SaveChoice.DISCARD
    TRAINING = {training}

    def edit_then_close():
        window = next(w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow))
        window.findChild(type(window._docks["explain"]), "explain-dock").raise_()
        window.scene.clearSelection()
        for synapse_id in ("s1", "s2"):
            window.scene.synapse_items[synapse_id].setSelected(True)
        window.training_panel.learning_rate.setValue(0.25)
        QApplication.processEvents()
        assert window.explain_panel.landscape.isVisible()
        assert not window.undo_stack.isClean()
        if TRAINING:
            window.training_panel.epochs.setValue(10_000_000)
            window.training_panel.train_button.click()
            QTimer.singleShot(400, window.close)
        else:
            window.close()

    app._application()  # the timer needs the application's event loop
    QTimer.singleShot(500, edit_then_close)
    raise SystemExit(app.run_gui())
    """
)


@pytest.mark.parametrize("training", [False, True], ids=["idle", "while-training"])
def test_closing_after_an_edit_prints_nothing(tmp_path, training):
    env = dict(
        os.environ,
        QT_QPA_PLATFORM="offscreen",
        HOME=str(tmp_path),
        XDG_CONFIG_HOME=str(tmp_path / "config"),
        XDG_DATA_HOME=str(tmp_path / "data"),
        XDG_STATE_HOME=str(tmp_path / "state"),
    )
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT.replace("{training}", str(training))],
        env=env,
        capture_output=True,
        text=True,
        timeout=50,
    )
    assert done.returncode == 0, done.stderr
    printed = [line for line in done.stderr.splitlines() if line not in PLATFORM_NOTICES]
    assert printed == []
