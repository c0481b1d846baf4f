"""The CSV data dialog: column roles, neurons fitted to them, bad cells named."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QCheckBox, QComboBox, QDialogButtonBox, QSpinBox

from nndesigner.model.dataset import read_table
from nndesigner.ui import dialogs
from nndesigner.ui.data_dialog import DataDialog


def write_csv(tmp_path, text: str):
    path = tmp_path / "data.csv"
    path.write_text(text)
    return path


def open_through_dialog(window, monkeypatch, path, adjust=lambda dialog: None):
    """File > Load data, with the real dialog driven in place of its modal exec."""
    seen = {}

    def drive(parent, design, table):
        dialog = DataDialog(design, table, parent)
        adjust(dialog)
        seen["dialog"] = dialog
        return dialog.result_import()

    monkeypatch.setattr(dialogs, "ask_open_csv", lambda parent: str(path))
    monkeypatch.setattr(dialogs, "ask_data_import", drive)
    window.actions["csv"].trigger()
    return seen["dialog"]


def test_columns_map_onto_the_existing_neurons(window, monkeypatch, tmp_path):
    path = write_csv(tmp_path, "a,b,out,comment\n0,0,0,x\n0,1,1,y\n1,0,1,z\n1,1,0,w\n")

    def choose_roles(dialog):
        assert dialog.findChild(QComboBox, "column-role-comment").currentText() == "class"
        dialog.findChild(QComboBox, "column-role-comment").setCurrentText("ignore")
        dialog.findChild(QComboBox, "column-role-out").setCurrentText("target")

    open_through_dialog(window, monkeypatch, path, choose_roles)
    document = window.design.document
    assert [n.label for n in document.neurons_with_role("input")] == ["a", "b"]
    assert [n.label for n in document.neurons_with_role("output")] == ["out"]
    inputs, targets = window.design.data_arrays()
    assert inputs.shape == (4, 2) and targets[:, 0].tolist() == [0, 1, 1, 0]
    window.actions["undo"].trigger()
    assert [n.label for n in document.neurons_with_role("input")] == ["x1", "x2"]


def test_an_empty_design_gets_neurons_and_softmax_outputs_for_the_classes(
    window, monkeypatch, tmp_path
):
    rows = ["1.0,0.2,setosa", "5.1,1.9,virginica", "4.0,1.2,versicolor", "1.3,0.3,setosa"]
    path = write_csv(tmp_path, "petal length,petal width,species\n" + "\n".join(rows) + "\n")
    window.files.new_design()
    open_through_dialog(window, monkeypatch, path)
    document = window.design.document
    assert [n.label for n in document.neurons_with_role("input")] == [
        "petal length",
        "petal width",
    ]
    outputs = document.neurons_with_role("output")
    assert [n.label for n in outputs] == ["setosa", "versicolor", "virginica"]
    assert {n.activation for n in outputs} == {"softmax"}
    assert window.design.settings.loss == "cross_entropy"
    _, targets = window.design.data_arrays()
    assert targets.tolist()[1] == [0.0, 0.0, 1.0]
    assert len(window.scene.neuron_items) == 5


def test_a_cell_that_is_not_a_number_is_named_and_blocks_the_import(window, tmp_path, qtbot):
    path = write_csv(tmp_path, "x1,x2,y\n0,0,0\n0,abc,1\n1,1,0\n")
    dialog = DataDialog(window.design, read_table(path), window)
    qtbot.addWidget(dialog)
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    assert "1 cell is not a number (row 3, column 'x2': 'abc')" in dialog.problems.text()
    assert not ok.isEnabled()
    dialog.roles["x2"].setCurrentText("ignore")
    assert ok.isEnabled()


def test_missing_cells_are_named_and_the_choice_for_them_is_saved(
    window, monkeypatch, tmp_path, qtbot
):
    path = write_csv(tmp_path, "x1,x2,y\n0,0,0\n0,NA,1\n1,,1\n1,1,0\n")
    dialog = DataDialog(window.design, read_table(path), window)
    qtbot.addWidget(dialog)
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    text = dialog.problems.text()
    assert "2 missing cells in 2 rows (row 3, column 'x2'; row 4, column 'x2')" in text
    assert not ok.isEnabled()
    box = dialog.missing
    box.setFocus()
    QTest.keyClick(box, Qt.Key.Key_Down)  # refuse -> drop their rows
    assert box.currentData() == "drop" and ok.isEnabled()
    chosen = dialog.result_import()
    monkeypatch.setattr(dialogs, "ask_open_csv", lambda parent: str(path))
    monkeypatch.setattr(dialogs, "ask_data_import", lambda parent, design, table: chosen)
    window.actions["csv"].trigger()
    assert window.design.settings.missing == "drop"
    inputs, _ = window.design.data_arrays()
    assert inputs.tolist() == [[0.0, 0.0], [1.0, 1.0]]


def test_a_role_choice_that_cannot_load_disables_ok(window, qtbot, tmp_path):
    path = write_csv(tmp_path, "x1,x2,y\n0,0,0\n1,1,1\n")
    dialog = DataDialog(window.design, read_table(path), window)
    qtbot.addWidget(dialog)
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    assert ok.isEnabled()
    dialog.roles["y"].setCurrentText("ignore")
    assert not ok.isEnabled()
    assert "Choose a target column" in dialog.problems.text()


@pytest.mark.parametrize("text", ["", "x1,x2,y\n"])
def test_unreadable_csvs_are_refused_with_a_plain_message(window, monkeypatch, tmp_path, text):
    path = write_csv(tmp_path, text)
    shown = []
    monkeypatch.setattr(dialogs, "ask_open_csv", lambda parent: str(path))
    monkeypatch.setattr(dialogs, "show_error", lambda parent, message: shown.append(message))
    window.actions["csv"].trigger()
    assert shown and ("is empty" in shown[0] or "no data rows" in shown[0])


def test_a_large_csv_loads_while_the_window_keeps_running(window, monkeypatch, tmp_path):
    from PySide6.QtCore import QTimer

    rows = 3_000_000  # 18 MB: long enough to read that the window must be seen to run
    path = tmp_path / "large.csv"
    path.write_text("x1,x2,y\n" + "0,1,0\n1,0,1\n" * (rows // 2))
    loaded = {}
    ticks = []
    timer = QTimer()
    timer.setInterval(10)
    timer.timeout.connect(lambda: ticks.append(1))
    timer.start()

    def capture(parent, design, table):
        loaded["rows"] = table.row_count
        loaded["ticks"] = len(ticks)
        return None

    monkeypatch.setattr(dialogs, "ask_open_csv", lambda parent: str(path))
    monkeypatch.setattr(dialogs, "ask_data_import", capture)
    window.actions["csv"].trigger()
    timer.stop()
    assert loaded["rows"] == rows
    assert loaded["ticks"] >= 3


def test_reading_stops_when_progress_says_cancel(tmp_path):
    from nndesigner.ui.background import Cancelled

    path = tmp_path / "big.csv"
    path.write_text("x1,y\n" + "1,0\n" * 1_000_000)  # 4 MB: read in several blocks
    heard = []

    def progress(fraction):
        heard.append(fraction)
        raise Cancelled

    with pytest.raises(Cancelled):
        read_table(path, progress)
    assert len(heard) == 1 and 0 < heard[0] < 1


def test_a_pandas_csv_with_integer_classes_is_read_as_the_user_means(window, tmp_path, qtbot):
    # pandas' to_csv(): an unnamed index column first; the target holds classes 0, 1, 2.
    rows = [",x1,x2,digit"] + [f"{i},{i % 5}.5,{i % 3}.25,{i % 3}" for i in range(12)]
    path = write_csv(tmp_path, "\n".join(rows) + "\n")
    window.files.new_design()
    dialog = DataDialog(window.design, read_table(path), window)
    qtbot.addWidget(dialog)
    assert dialog.roles[""].currentText() == "ignore"
    assert dialog.roles["digit"].currentText() == "class"
    said = dialog.read_as.text()
    assert said.startswith("Read as comma-separated, UTF-8.")
    assert "row index" in said and "'digit' holds 3 whole numbers" in said
    chosen = dialog.result_import()
    assert chosen.plan.inputs == ("x1", "x2")
    assert window.editor.import_data(window.design, chosen)
    outputs = window.design.document.neurons_with_role("output")
    assert [n.label for n in outputs] == ["0", "1", "2"]
    _, targets = window.design.data_arrays()
    assert targets[:3].tolist() == [[1, 0, 0], [0, 1, 0], [0, 0, 1]]


def test_a_regression_target_is_standardised_and_the_panel_can_turn_it_off(
    window, monkeypatch, tmp_path, qtbot
):
    path = write_csv(tmp_path, "area,age,price\n50,3,150.5\n80,10,210\n65,1,199.9\n")
    window.files.new_design()
    dialog = DataDialog(window.design, read_table(path), window)
    qtbot.addWidget(dialog)
    assert window.editor.import_data(window.design, dialog.result_import())
    box = window.training_panel.standardize_outputs
    assert window.design.settings.standardize_outputs and box.isChecked()
    box.setFocus()
    QTest.keyClick(box, Qt.Key.Key_Space)
    assert not window.design.settings.standardize_outputs
    assert window.undo_stack.undoText() == "Set standardize outputs"


def test_a_column_of_categories_becomes_one_hot_inputs_in_one_undo_step(
    window, monkeypatch, tmp_path, qtbot
):
    rows = [f"{k / 10},{colour},{2 * k}" for k, colour in enumerate(["red", "blue", "green"] * 4)]
    path = write_csv(tmp_path, "size,colour,price\n" + "\n".join(rows) + "\n")
    window.files.new_design()

    def check_plan(dialog):
        role = dialog.findChild(QComboBox, "column-role-colour")
        assert role.currentText() == "input"  # offered as an input of categories
        assert dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).isEnabled()
        assert dialog.problems.text() == ""

    open_through_dialog(window, monkeypatch, path, check_plan)
    design = window.design
    labels = [n.label for n in design.document.neurons_with_role("input")]
    assert labels == ["size", "colour=blue", "colour=green", "colour=red"]
    assert design.categories == {"colour": ("blue", "green", "red")}
    inputs, _ = design.data_arrays()
    assert inputs[:3, 1:].tolist() == [[0, 0, 1], [1, 0, 0], [0, 1, 0]]
    assert len(window.scene.neuron_items) == 5
    assert "Add layer (Ctrl+L)" in window.statusBar().currentMessage()  # what to do next
    shown = window.canvas.mapToScene(window.canvas.viewport().rect()).boundingRect()
    assert all(
        shown.contains(item.sceneBoundingRect()) for item in window.scene.neuron_items.values()
    )
    window.canvas.setFocus()
    QTest.keyClick(window.canvas, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert design.categories == {} and not design.document.neurons


def test_the_dialog_sets_target_standardisation_and_the_validation_rows_seed(
    window, tmp_path, qtbot
):
    path = write_csv(tmp_path, "area,age,price\n50,3,150.5\n80,10,210\n65,1,199.9\n")
    window.files.new_design()
    dialog = DataDialog(window.design, read_table(path), window)
    qtbot.addWidget(dialog)
    dialog.show()
    targets = dialog.findChild(QCheckBox, "standardize-targets")
    assert targets.isEnabled() and targets.isChecked()
    targets.setFocus()
    QTest.keyClick(targets, Qt.Key.Key_Space)
    seed = dialog.findChild(QSpinBox, "split-seed")
    seed.setFocus()
    seed.selectAll()
    QTest.keyClicks(seed, "42")
    assert window.editor.import_data(window.design, dialog.result_import())
    assert not window.design.settings.standardize_outputs
    assert window.design.settings.split_seed == 42
    assert window.training_panel.findChild(QSpinBox, "split-seed-box").value() == 42
    dialog.findChild(QComboBox, "column-role-price").setCurrentText("class")
    assert not targets.isEnabled()  # classes are never standardised


def test_an_empty_design_loading_a_csv_starts_as_nndesigner_new_starts(
    window, monkeypatch, tmp_path
):
    rows = "".join(f"{k},{k % 4},{'ab'[k % 2]}\n" for k in range(40))
    path = write_csv(tmp_path, "a,b,kind\n" + rows)
    window.files.new_design()
    dialog = open_through_dialog(window, monkeypatch, path)
    assert dialog.validation_split.value() == 0.2
    panel = window.training_panel
    assert panel.optimizer.currentData() == "adam" and panel.learning_rate.value() == 0.01
    assert panel.validation_split.value() == 0.2 and panel.batch_size.value() == 32


def test_the_read_as_line_names_the_encoding_once(window, tmp_path, qtbot):
    path = tmp_path / "unicode.csv"
    path.write_bytes("x1\tx2\ty\r\n0\t1\t1\r\n1\t0\t1\r\n".encode("utf-16"))
    dialog = DataDialog(window.design, read_table(path), window)
    qtbot.addWidget(dialog)
    text = dialog.read_as.text()
    assert text.startswith("Read as tab-separated, UTF-16.") and text.count("UTF-16") == 1
