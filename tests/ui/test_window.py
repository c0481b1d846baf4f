"""The main window: inspector, layers, files, recent files, closing, training."""

from __future__ import annotations

import json
import os

import pytest
from PySide6.QtCore import QPointF, QSettings, Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QDoubleSpinBox,
    QGraphicsView,
    QLineEdit,
    QToolBar,
)

from nndesigner.app import build_main_window
from nndesigner.model import atomic_file
from nndesigner.model.building import LayerOptions
from nndesigner.model.serialize import load_design
from nndesigner.resources import resource_path
from nndesigner.ui import dialogs
from nndesigner.ui.actions import key_sequences
from nndesigner.ui.file_session import recent_files
from tests.ui.conftest import mouse_drag, snapshot
from tests.ui.test_canvas import centre, drop_neuron, handle


def select_only(window, *ids: str) -> None:
    window.scene.clearSelection()
    for item_id in ids:
        item = window.scene.neuron_items.get(item_id) or window.scene.synapse_items[item_id]
        item.setSelected(True)


def test_window_opens_on_the_xor_example_with_its_parts(window):
    assert "xor" in window.windowTitle() and "nndesigner" in window.windowTitle()
    assert window.findChild(QGraphicsView, "canvas") is window.canvas
    assert window.findChild(type(window.inspector), "inspector") is window.inspector
    for role in ("input", "hidden", "output"):
        assert window.palette.findChild(type(window.palette.entries[role]), f"palette-{role}")
    assert len(window.scene.neuron_items) == 5


def test_inspector_edits_a_neuron_through_undoable_commands(window, qtbot):
    select_only(window, "h1")
    inspector = window.inspector
    label = inspector.findChild(QLineEdit, "inspector-label")
    assert label.isVisible() and label.text() == "h1"
    label.selectAll()
    qtbot.keyClicks(label, "Size")
    qtbot.keyClick(label, Qt.Key.Key_Return)
    assert window.design.document.neuron("h1").label == "Size"
    activation = inspector.findChild(QComboBox, "inspector-activation")
    activation.setCurrentIndex(activation.findData("prelu"))
    activation.activated.emit(activation.currentIndex())
    assert window.design.document.neuron("h1").activation == "prelu"
    alpha = inspector.findChild(QDoubleSpinBox, "inspector-alpha")
    assert alpha.isVisible() and alpha.value() == pytest.approx(0.25)
    bias = inspector.findChild(QDoubleSpinBox, "inspector-bias")
    bias.setValue(1.5)
    assert window.design.document.neuron("h1").bias == 1.5
    assert window.undo_stack.count() == 3
    window.actions["undo"].trigger()
    assert bias.value() != 1.5
    window.actions["undo"].trigger()
    window.actions["undo"].trigger()
    assert window.design.document.neuron("h1").label == "h1"


def test_inspector_refuses_an_invalid_role_with_its_reason(window):
    select_only(window, "h1")
    role = window.inspector.findChild(QComboBox, "inspector-role")
    role.setCurrentText("input")
    role.activated.emit(role.currentIndex())
    assert window.design.document.neuron("h1").role == "hidden"
    assert "cannot receive synapses" in window.inspector.problem.text()
    assert role.currentText() == "hidden"
    assert window.undo_stack.count() == 0


def test_inspector_edits_weights_of_selected_synapses(window):
    select_only(window, "s1", "s2")
    weight = window.inspector.findChild(QDoubleSpinBox, "inspector-weight")
    assert weight.isVisible()
    weight.setValue(-0.75)
    assert [window.design.document.synapse(i).weight for i in ("s1", "s2")] == [-0.75, -0.75]
    assert window.scene.synapse_layer.weight_of("s1") == -0.75


def test_a_4_8_8_1_network_in_a_few_clicks(window, monkeypatch):
    window.files.new_design()
    choices = iter(
        [
            LayerOptions(4, "input", "linear", "none"),
            LayerOptions(8, "hidden", "relu", "previous"),
            LayerOptions(8, "hidden", "relu", "previous"),
            LayerOptions(1, "output", "linear", "previous"),
        ]
    )
    monkeypatch.setattr(dialogs, "ask_layer_options", lambda parent, previous: next(choices))
    for _ in range(4):
        window.actions["add_layer"].trigger()
    document = window.design.document
    assert [len(document.neurons_with_role(r)) for r in ("input", "hidden", "output")] == [4, 16, 1]
    assert len(document.synapses) == 4 * 8 + 8 * 8 + 8
    assert window.undo_stack.count() == 4
    window.actions["undo"].trigger()
    assert len(document.neurons) == 20


def test_connect_selected_links_two_columns(window):
    window.files.new_design()
    layers = [LayerOptions(3, "input", "linear", "none"), LayerOptions(2, "hidden", "tanh", "none")]
    for options in layers:
        window.editor.add_layer(options)
    window.actions["select_all"].trigger()
    window.actions["connect"].trigger()
    assert len(window.design.document.synapses) == 6
    assert window.undo_stack.count() == 3


def test_palette_double_click_adds_at_the_view_centre(window, qtbot):
    before = len(window.design.document.neurons)
    entry = window.palette.entries["hidden"]
    qtbot.mouseDClick(entry, Qt.MouseButton.LeftButton)
    assert len(window.design.document.neurons) == before + 1


def test_save_then_reopen_gives_an_equal_design(window, monkeypatch, tmp_path):
    window.editor.add_neuron("hidden", QPointF(33, 44))
    target = tmp_path / "mine.nnd.json"
    monkeypatch.setattr(dialogs, "ask_save_path", lambda *args: str(target))
    assert window.windowTitle().startswith("xor (example)")
    assert window.isWindowModified()
    window.actions["save"].trigger()
    assert not window.isWindowModified()
    assert window.windowTitle().startswith("mine.nnd.json")
    saved = snapshot(window.design)
    assert json.loads(target.read_text())["training"]["data"].endswith("xor.csv")
    window.files.new_design()
    assert window.files.open_path(str(target))
    assert snapshot(window.design) == saved
    assert recent_files()[0] == str(target)


def test_closing_with_unsaved_changes_asks(window, monkeypatch):
    window.editor.add_neuron("hidden", QPointF(0, 0))
    asked = []

    def cancel(parent, name):
        asked.append(name)
        return dialogs.SaveChoice.CANCEL

    monkeypatch.setattr(dialogs, "ask_save_changes", cancel)
    assert not window.close()
    assert window.isVisible()
    assert asked == ["xor (example)"]


def test_opening_a_bad_file_says_why_and_keeps_the_design(window, monkeypatch, tmp_path):
    bad = tmp_path / "bad.nnd.json"
    bad.write_text("{")
    shown = []
    monkeypatch.setattr(dialogs, "show_error", lambda parent, message: shown.append(message))
    before = snapshot(window.design)
    assert not window.files.open_path(str(bad))
    assert "is not valid JSON" in shown[0]
    assert snapshot(window.design) == before


def test_build_main_window_opens_a_given_design(qtbot):
    window = build_main_window(str(resource_path("examples", "salary.nnd.json")))
    qtbot.addWidget(window)
    assert window.windowTitle().startswith("salary.nnd.json")
    assert {n.label for n in window.design.document.neurons_with_role("output")} == {"Salary"}


def test_zoom_and_fit_change_the_view_scale(window):
    scale = window.canvas.transform().m11()
    window.actions["zoom_in"].trigger()
    assert window.canvas.transform().m11() == pytest.approx(scale * 1.25)
    window.actions["fit"].trigger()
    window.actions["arrange"].trigger()
    positions = {n.id: (n.x, n.y) for n in window.design.document.neurons}
    assert positions["x1"][0] < positions["h1"][0] < positions["y"][0]


def test_the_house_price_network_built_by_hand(window, qtbot):
    """Four inputs, three hidden, one output, sparse: only GUI gestures and the inspector."""
    window.files.new_design()
    document = window.design.document
    example = load_design(resource_path("examples", "house_prices.nnd.json"), with_data=False)
    reference = example.document
    by_label = {}
    for neuron in reference.neurons:
        before = {n.id for n in document.neurons}
        drop_neuron(window, neuron.role, QPointF(neuron.x, neuron.y))
        (new_id,) = {n.id for n in document.neurons} - before
        select_only(window, new_id)
        label = window.inspector.findChild(QLineEdit, "inspector-label")
        label.setText(neuron.label)
        label.editingFinished.emit()
        if neuron.role != "input":
            box = window.inspector.findChild(QComboBox, "inspector-activation")
            box.setCurrentIndex(box.findData(neuron.activation))
            box.activated.emit(box.currentIndex())
        by_label[neuron.label] = new_id
    window.scene.clearSelection()
    for synapse in reference.synapses:
        source = by_label[reference.neuron(synapse.source).label]
        target = by_label[reference.neuron(synapse.target).label]
        mouse_drag(window, handle(window, source), centre(window, target))

    def structure(doc):
        label = {n.id: n.label for n in doc.neurons}
        neurons = sorted((n.role, n.label, n.activation) for n in doc.neurons)
        links = sorted((label[s.source], label[s.target]) for s in doc.synapses)
        return neurons, links

    assert structure(document) == structure(reference)


def test_export_as_pytorch_and_json_from_the_file_menu(window, monkeypatch, tmp_path):
    pytest.importorskip("onnx")
    targets = iter([tmp_path / "w.json", tmp_path / "model.py", tmp_path / "model.onnx"])
    monkeypatch.setattr(dialogs, "ask_save_path", lambda *args: str(next(targets)))
    window.actions["export"].trigger()
    window.actions["export_torch"].trigger()
    window.actions["export_onnx"].trigger()
    assert (tmp_path / "model.onnx").stat().st_size > 100
    assert json.loads((tmp_path / "w.json").read_text())["format"] == "nndesigner-weights"
    assert "def build_model(" in (tmp_path / "model.py").read_text()


def test_import_weights_by_ids_and_a_clear_message_on_mismatch(window, monkeypatch, tmp_path):
    data = json.loads(resource_path("examples", "xor.nnd.json").read_text())
    for synapse in data["synapses"]:
        synapse["weight"] = 1.25
    matching = tmp_path / "matching.json"
    matching.write_text(json.dumps(data))
    monkeypatch.setattr(dialogs, "ask_open_path", lambda parent: str(matching))
    window.actions["import_weights"].trigger()
    assert set(window.design.document.parameters().weights.values()) == {1.25}
    window.actions["undo"].trigger()
    assert set(window.design.document.parameters().weights.values()) != {1.25}
    data["synapses"].pop()
    other = tmp_path / "other.json"
    other.write_text(json.dumps(data))
    shown = []
    monkeypatch.setattr(dialogs, "ask_open_path", lambda parent: str(other))
    monkeypatch.setattr(dialogs, "show_error", lambda parent, message: shown.append(message))
    window.actions["import_weights"].trigger()
    assert "The file has 5 synapses; this design has 6" in shown[0]


def press(window, key: Qt.Key, modifiers=Qt.KeyboardModifier.NoModifier) -> None:
    """A key press on the canvas, which has the focus as after a click on it."""
    window.canvas.setFocus()
    QTest.keyClick(window.canvas, key, modifiers)


CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier


def test_saved_designs_and_exports_get_the_umask_mode(window, monkeypatch, tmp_path):
    targets = iter([tmp_path / "mine.nnd.json", tmp_path / "mine.weights.json"])
    monkeypatch.setattr(dialogs, "ask_save_path", lambda *args: str(next(targets)))
    old_umask = os.umask(0o022)
    monkeypatch.setattr(atomic_file, "UMASK", 0o022)  # read at import; the test's own
    try:
        press(window, Qt.Key.Key_S, CTRL | SHIFT)
        press(window, Qt.Key.Key_E, CTRL)
    finally:
        os.umask(old_umask)
    for name in ("mine.nnd.json", "mine.weights.json"):
        assert (tmp_path / name).stat().st_mode & 0o777 == 0o644, name


def test_undo_and_redo_from_the_keyboard(window):
    window.editor.add_neuron("hidden", QPointF(10, 10))
    count = len(window.design.document.neurons)
    press(window, Qt.Key.Key_Z, CTRL)
    assert len(window.design.document.neurons) == count - 1
    press(window, Qt.Key.Key_Z, CTRL | SHIFT)
    assert len(window.design.document.neurons) == count
    press(window, Qt.Key.Key_Z, CTRL)
    press(window, Qt.Key.Key_Y, CTRL)
    assert len(window.design.document.neurons) == count


def test_a_corrupt_recent_list_is_read_and_repaired(window, monkeypatch, tmp_path):
    QSettings().setValue("recent_files", "/somewhere/old.nnd.json")
    target = tmp_path / "mine.nnd.json"
    monkeypatch.setattr(dialogs, "ask_save_path", lambda *args: str(target))
    assert window.files.save_as()
    window.files.fill_recent_menu(window.recent_menu)
    listed = [action.text() for action in window.recent_menu.actions()]
    assert listed == [str(target), "/somewhere/old.nnd.json"]
    assert QSettings().value("recent_files") == listed


def test_toolbar_buttons_keep_their_place_as_the_undo_text_changes(window):
    toolbar = window.findChild(QToolBar, "main-toolbar")
    redo_button = toolbar.widgetForAction(window.actions["redo"])
    undo_button = toolbar.widgetForAction(window.actions["undo"])
    before = (undo_button.geometry(), redo_button.geometry())
    window.editor.add_neuron("hidden", QPointF(10, 10))
    window.editor.add_layer(LayerOptions(3, "hidden", "tanh", "previous"))
    assert window.actions["undo"].text().startswith("&Undo Add layer")
    QApplication.processEvents()  # the toolbar lays itself out again, if it must
    assert (undo_button.geometry(), redo_button.geometry()) == before
    assert "Add layer" in undo_button.toolTip()


def test_exports_are_suggested_beside_the_design_file(window, monkeypatch, tmp_path):
    target = tmp_path / "mine.nnd.json"
    monkeypatch.setattr(dialogs, "ask_save_path", lambda *args: str(target))
    assert window.files.save_as()
    asked = []
    monkeypatch.setattr(dialogs, "ask_save_path", lambda *args: asked.append(args[2]))
    press(window, Qt.Key.Key_E, CTRL)
    assert asked == [str(tmp_path / "mine.weights.json")]


def test_no_key_sequence_belongs_to_two_actions(window):
    owners: dict[str, list[str]] = {}
    for key, action in window.actions.items():
        for sequence in action.shortcuts():
            owners.setdefault(sequence.toString(), []).append(key)
    shared = {sequence: keys for sequence, keys in owners.items() if len(keys) > 1}
    assert shared == {}
    assert "Ctrl+D" in [s.toString() for s in window.actions["dataset"].shortcuts()]


def test_a_standard_binding_another_action_names_is_left_out(qapp):
    """On X11, Delete's bindings include Ctrl+D, which Load dataset names: both would be
    ignored as ambiguous. Checked here with whatever this platform binds to Undo."""
    bound = [s.toString() for s in QKeySequence.keyBindings(QKeySequence.StandardKey.Undo)]
    kept = key_sequences((QKeySequence.StandardKey.Undo,), {bound[0]})
    assert [s.toString() for s in kept] == bound[1:]
    assert [s.toString() for s in key_sequences((QKeySequence.StandardKey.Undo,), set())] == bound
