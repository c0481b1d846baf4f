"""The Evaluate panel through its widgets: the rows chosen, a confusion cell clicked, the
plots and the rows saved."""

from __future__ import annotations

import csv

from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtTest import QTest

from nndesigner.resources import resource_path
from nndesigner.ui import dialogs


def choose_rows(panel, text: str) -> None:
    panel.rows.setFocus()
    QTest.keyClick(panel.rows, Qt.Key.Key_Home)
    for _ in range(panel.rows.findText(text)):
        QTest.keyClick(panel.rows, Qt.Key.Key_Down)
    assert panel.rows.currentText() == text


def cell_point(panel, true: int, guess: int) -> QPoint:
    """Where the confusion matrix's cell (true, guess) is on the plots' viewport."""
    scene = panel.first.vb.mapViewToScene(QPointF(guess + 0.5, true + 0.5))
    return panel.plots.mapFromScene(scene)


def test_a_clicked_confusion_cell_lists_its_rows(window, qtbot):
    window._docks["evaluate"].raise_()
    panel = window.evaluate_panel
    choose_rows(panel, "All rows")
    assert "rows: 4" in panel.summary.text() and "accuracy" in panel.summary.text()
    evaluation = window.shown.results.evaluation("all")
    true = 1
    guess = max(range(2), key=lambda k: evaluation.confusion_matrix[true][k])
    qtbot.mouseClick(panel.plots.viewport(), Qt.MouseButton.LeftButton,
                     pos=cell_point(panel, true, guess))  # fmt: skip
    text = panel.cell_rows.text()
    assert text.startswith(f"True 1, predicted {guess}: rows ")
    listed = [int(k) for k in text.split("rows ")[1].rstrip(".").split(", ")]
    assert len(listed) == evaluation.confusion_matrix[true][guess]


def test_the_rows_are_saved_as_csv(window, qtbot, tmp_path, monkeypatch):
    target = tmp_path / "rows.csv"
    monkeypatch.setattr(dialogs, "ask_save_path", lambda *args: str(target))
    window._docks["evaluate"].raise_()
    panel = window.evaluate_panel
    choose_rows(panel, "All rows")
    qtbot.mouseClick(panel.save_csv, Qt.MouseButton.LeftButton)
    rows = list(csv.reader(target.open()))
    assert rows[0] == ["row", "true class", "predicted class", "score of 1"]
    assert [row[0] for row in rows[1:]] == ["2", "3", "4", "5"]  # as the file numbers them
    png = tmp_path / "plots.png"
    monkeypatch.setattr(dialogs, "ask_save_path", lambda *args: str(png))
    qtbot.mouseClick(panel.save_png, Qt.MouseButton.LeftButton)
    assert png.stat().st_size > 1000


def test_a_regression_shows_its_figures_and_names_missing_test_rows(window, qtbot):
    window.files.open_example(resource_path("examples", "salary.nnd.json"), ask=False)
    window._docks["evaluate"].raise_()
    panel = window.evaluate_panel
    choose_rows(panel, "All rows")
    assert "R²" in panel.summary.text() and "root mean squared error" in panel.summary.text()
    assert panel.second.isVisible()  # the residual histogram
    choose_rows(panel, "Test rows")
    assert panel.summary.text() == "There are no test rows: set a test split."
