"""The canvas keeps the user's zoom and positions: 100% on an empty design, fit only when
a design is opened or on Ctrl+0, and new neurons and layers appear in view."""

from __future__ import annotations

from PySide6.QtCore import QPointF, Qt
from PySide6.QtTest import QTest

from nndesigner.model.building import LayerOptions
from nndesigner.model.dataset import read_table
from nndesigner.model.new_design import new_design
from nndesigner.model.serialize import save_design
from nndesigner.ui import dialogs
from tests.ui.conftest import view_point
from tests.ui.test_canvas import drop_neuron
from tests.ui.test_data import load_spiral


def scale(window) -> float:
    return window.canvas.transform().m11()


def on_screen(window, neuron_id: str):
    """Where the user sees a neuron: its centre in viewport pixels."""
    return view_point(window, window.scene.neuron_items[neuron_id].pos())


def test_drops_on_an_empty_design_keep_100_percent_and_stay_where_they_land(window, qtbot):
    window.files.new_design()
    assert scale(window) == 1.0
    viewport = window.canvas.viewport().rect()
    first_at = window.canvas.mapToScene(viewport.center())
    drop_neuron(window, "input", first_at)
    (first,) = window.design.document.neurons
    qtbot.wait(20)
    assert scale(window) == 1.0
    seen_first = on_screen(window, first.id)
    assert (seen_first - viewport.center()).manhattanLength() <= 2
    drop_neuron(window, "hidden", first_at + QPointF(90, 40))
    qtbot.wait(20)
    assert scale(window) == 1.0
    assert on_screen(window, first.id) == seen_first


def test_a_dataset_on_an_empty_design_and_a_new_layer_come_into_view(window, qtbot, monkeypatch):
    window.files.new_design()
    load_spiral(window, monkeypatch, rows=50)
    qtbot.wait(20)
    assert scale(window) <= 1.0  # zoomed out if the columns need it, never blown up
    visible = window.canvas.visible_rect()
    assert visible.contains(window.scene.network_rect())
    options = LayerOptions(12, "hidden", "tanh", "previous")
    monkeypatch.setattr(dialogs, "ask_layer_options", lambda parent, previous: options)
    window.canvas.setFocus()
    QTest.keyClick(window.canvas, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    added = [n.id for n in window.design.document.neurons_with_role("hidden")]
    assert len(added) == 12
    qtbot.waitUntil(lambda: window.canvas.visible_rect().contains(window.scene.network_rect(added)))


def test_ctrl_0_fits_but_never_magnifies(window):
    window.canvas.setFocus()
    QTest.keyClick(window.canvas, Qt.Key.Key_Plus, Qt.KeyboardModifier.ControlModifier)
    QTest.keyClick(window.canvas, Qt.Key.Key_0, Qt.KeyboardModifier.ControlModifier)
    assert 0 < scale(window) <= 1.0
    assert window.canvas.visible_rect().contains(window.scene.network_rect())
    window.files.new_design()
    drop_neuron(window, "hidden", QPointF(0, 0))
    QTest.keyClick(window.canvas, Qt.Key.Key_0, Qt.KeyboardModifier.ControlModifier)
    assert scale(window) == 1.0


def test_a_fitted_view_fits_again_when_resized_until_the_user_zooms(window, qtbot, tmp_path):
    rows = "".join(f"{k},{k % 3},{k % 2}\n" for k in range(30))
    (tmp_path / "d.csv").write_text("a,b,y\n" + rows)
    table = read_table(tmp_path / "d.csv")
    save_design(new_design(table, ["y"], [24]).design, tmp_path / "tall.nnd.json")
    assert window.files.open_path(str(tmp_path / "tall.nnd.json"), ask=False)
    canvas = window.canvas
    scale = canvas.transform().m11()
    window.resize(window.width() - 200, window.height() - 150)
    qtbot.waitUntil(lambda: canvas.transform().m11() != scale)
    shown = canvas.mapToScene(canvas.viewport().rect()).boundingRect()
    assert shown.contains(window.scene.network_rect())
    QTest.keyClick(canvas, Qt.Key.Key_Minus, Qt.KeyboardModifier.ControlModifier)
    zoomed = canvas.transform().m11()
    window.resize(window.width() + 200, window.height() + 150)
    qtbot.wait(50)
    assert canvas.transform().m11() == zoomed  # the user's zoom is kept
