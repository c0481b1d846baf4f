"""Nothing the user made is lost: bad files, failed saves, saving and quitting while
training."""

from __future__ import annotations

import errno
import json
import shutil
import subprocess
import sys
import textwrap
from dataclasses import replace

import pytest
from PySide6.QtCore import QPointF, Qt
from PySide6.QtWidgets import QLabel

from nndesigner.model import atomic_file
from nndesigner.model.serialize import load_design
from nndesigner.resources import resource_path
from nndesigner.ui import dialogs
from nndesigner.ui.training import TrainingState
from tests.malformed_files import MALFORMED, write_case
from tests.ui.conftest import snapshot


def test_a_design_whose_data_file_is_gone_still_opens(window, tmp_path):
    path = tmp_path / "moved.nnd.json"
    shutil.copy(resource_path("examples", "xor.nnd.json"), path)
    assert window.files.open_path(str(path))
    assert {n.id for n in window.design.document.neurons} >= {"x1", "h1", "y"}
    assert window.design.data is None
    assert "xor.csv" in window.statusBar().currentMessage()
    assert "without its data" in window.statusBar().currentMessage()


def delete_h1(window) -> None:
    """An unsaved edit made the way a user makes it: select a neuron, press Delete."""
    window.scene.clearSelection()
    window.scene.neuron_items["h1"].setSelected(True)
    window.actions["delete"].trigger()
    assert "h1" not in {n.id for n in window.design.document.neurons}


@pytest.mark.parametrize("case", list(MALFORMED))
def test_file_open_of_a_malformed_file_says_why_and_keeps_the_work(
    window, monkeypatch, tmp_path, case
):
    delete_h1(window)
    before, title, steps = snapshot(window.design), window.windowTitle(), window.undo_stack.count()
    path, phrase = write_case(tmp_path, case)
    shown = []
    monkeypatch.setattr(dialogs, "ask_save_changes", lambda *_: dialogs.SaveChoice.DISCARD)
    monkeypatch.setattr(dialogs, "ask_open_path", lambda *_: str(path))
    monkeypatch.setattr(dialogs, "show_error", lambda parent, message: shown.append(message))
    window.actions["open"].trigger()
    assert len(shown) == 1 and phrase in shown[0]
    assert snapshot(window.design) == before
    assert window.windowTitle() == title
    assert window.undo_stack.count() == steps and not window.undo_stack.isClean()


@pytest.mark.parametrize(
    ("code", "reason"),
    [(errno.ENOSPC, "No space left on device"), (errno.EACCES, "Permission denied")],
)
def test_a_failed_save_keeps_the_old_file_and_says_so(window, monkeypatch, tmp_path, code, reason):
    folder = tmp_path / "work"
    folder.mkdir()
    path = folder / "mine.nnd.json"
    shutil.copy(resource_path("examples", "xor.nnd.json"), path)
    shutil.copy(resource_path("examples", "xor.csv"), folder / "xor.csv")
    assert window.files.open_path(str(path))
    old = path.read_bytes()
    delete_h1(window)

    def fail(descriptor):
        raise OSError(code, reason)

    monkeypatch.setattr(atomic_file.os, "fsync", fail)
    shown = []
    monkeypatch.setattr(dialogs, "show_error", lambda parent, message: shown.append(message))
    window.actions["save"].trigger()
    assert len(shown) == 1
    assert reason in shown[0] and "previous file" in shown[0] and "unchanged" in shown[0]
    assert path.read_bytes() == old
    left = sorted(p.name for p in folder.iterdir())  # no temporary; this window's mark
    assert left == [".mine.nnd.json.lock", "mine.nnd.json", "xor.csv"]
    assert not window.undo_stack.isClean()


def start_long_training(window, qtbot) -> None:
    window.design.settings = replace(window.design.settings, epochs=1_000_000)
    qtbot.mouseClick(window.training_panel.train_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.training_panel.controller.state is TrainingState.RUNNING)


def test_saving_and_exporting_while_training_write_the_document_and_training_goes_on(
    window, qtbot, monkeypatch, tmp_path
):
    before = window.design.document.parameters()
    start_long_training(window, qtbot)
    for path, action in [
        (tmp_path / "during.nnd.json", window.actions["save_as"]),
        (tmp_path / "during.weights.json", window.actions["export"]),
    ]:
        monkeypatch.setattr(dialogs, "ask_save_path", lambda *_, p=path: str(p))
        action.trigger()
        saved = load_design(path, with_data=False)
        assert saved.document.parameters() == before  # the document, not a half-trained copy
    assert window.training_panel.controller.state is TrainingState.RUNNING
    window.training_panel.stop()


def test_quitting_while_training_stops_the_worker_first(window, qtbot, monkeypatch):
    start_long_training(window, qtbot)
    thread = window.training_panel.controller._thread
    asked = []

    def discard(parent, name):
        asked.append(window.training_panel.controller.state)
        return dialogs.SaveChoice.DISCARD

    monkeypatch.setattr(dialogs, "ask_save_changes", discard)
    assert window.close()
    assert asked == [TrainingState.IDLE]  # stopped before the question, its result unsaved
    assert thread.isFinished()


def add_loose_hidden_neuron(window) -> str:
    """A hidden neuron dropped on the canvas and connected from x1 only."""
    neuron_id = window.editor.add_neuron("hidden", QPointF(0.0, 400.0))
    assert window.editor.connect("x1", neuron_id)
    return neuron_id


def test_training_with_a_loose_neuron_offers_to_select_it(window, monkeypatch, qtbot):
    loose = add_loose_hidden_neuron(window)
    asked = []
    monkeypatch.setattr(dialogs, "ask_train_anyway", lambda parent, labels: asked.append(labels))
    qtbot.mouseClick(window.training_panel.train_button, Qt.MouseButton.LeftButton)
    label = window.design.document.neuron(loose).label
    assert asked == [[label]]
    assert window.training_panel.controller.state is TrainingState.IDLE
    assert window.scene.selected_neuron_ids() == [loose]
    assert "no path from an input to an output" in window.statusBar().currentMessage()


def test_training_anyway_leaves_the_loose_neuron_as_it_was(window, monkeypatch, qtbot):
    loose = add_loose_hidden_neuron(window)
    window.editor.update_neurons([loose], bias=0.75)
    monkeypatch.setattr(dialogs, "ask_train_anyway", lambda parent, labels: True)
    window.design.settings = replace(window.design.settings, epochs=50)
    before = window.design.document.parameters()
    with qtbot.waitSignal(window.training_panel.controller.events.finished, timeout=30_000):
        qtbot.mouseClick(window.training_panel.train_button, Qt.MouseButton.LeftButton)
    after = window.design.document.parameters()
    assert after.biases[loose] == 0.75
    assert after.biases["h1"] != before.biases["h1"]


def test_a_label_that_looks_like_html_is_shown_as_plain_text(window, tmp_path, qtbot):
    hostile = "<img src=x width=30000 height=30000><b>big</b>"
    data = json.loads(resource_path("examples", "xor.nnd.json").read_text())
    next(n for n in data["neurons"] if n["id"] == "x1")["label"] = hostile
    data["training"]["data"] = None
    path = tmp_path / "hostile.nnd.json"
    path.write_text(json.dumps(data))
    assert window.files.open_path(str(path), ask=False)
    window.scene.neuron_items["x1"].setSelected(True)
    window._docks["predict"].raise_()  # the Predict panel's rows name every input
    qtbot.wait(50)
    shown = [label for label in window.findChildren(QLabel) if hostile in label.text()]
    assert shown and all(label.textFormat() == Qt.TextFormat.PlainText for label in shown)
    assert all(label.sizeHint().height() < 200 for label in shown)
    assert window.width() < 3000 and window.height() < 3000
    assert "&lt;img" in window.scene.neuron_items["x1"].toolTip()


@pytest.mark.parametrize("case", ["binary", "cycle", "negative seed", "lone surrogate in a label"])
def test_a_bad_file_named_at_start_gets_the_sentence_and_an_empty_window(
    qtbot, monkeypatch, tmp_path, case
):
    from nndesigner.app import build_main_window

    path, phrase = write_case(tmp_path, case)
    shown = []
    monkeypatch.setattr(dialogs, "show_error", lambda parent, message: shown.append(message))
    window = build_main_window(str(path))
    qtbot.addWidget(window)
    assert len(shown) == 1 and phrase in shown[0]
    assert not window.design.document.neurons and path.name not in window.windowTitle()


def test_a_file_open_in_another_running_nndesigner_is_said_so(window, monkeypatch, tmp_path):
    path = tmp_path / "shared.nnd.json"
    shutil.copy(resource_path("examples", "xor.nnd.json"), path)
    other = subprocess.Popen(  # another process that holds the file open
        [sys.executable, "-c", textwrap.dedent(f"""
            import sys, time
            from nndesigner.model import file_lock
            file_lock.take({str(path)!r})
            print("held", flush=True)
            time.sleep(30)
        """)],
        stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        assert other.stdout.readline().strip() == "held"
        told = []
        monkeypatch.setattr(dialogs, "tell_open_elsewhere", lambda *args: told.append(args))
        assert window.files.open_path(str(path), ask=False)
        assert len(told) == 1 and told[0][1:3] == ("shared.nnd.json", other.pid)
    finally:
        other.kill()
        other.wait()
    window.files.new_design()  # and once that process is gone, its lock is stale
    told.clear()
    assert window.files.open_path(str(path), ask=False) and told == []
    window.close()
    assert not (tmp_path / ".shared.nnd.json.lock").exists()  # this window's mark went
