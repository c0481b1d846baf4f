"""Retake the README's screenshots, offscreen, at the sizes the README names.

Run: QT_QPA_PLATFORM=offscreen .venv/bin/python docs/make_screenshots.py
Each picture is the real main window driven through its own parts, then grabbed.
"""

from __future__ import annotations

import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

import numpy as np
from PySide6.QtCore import QEventLoop, QRect, QSettings, QTimer
from PySide6.QtWidgets import QApplication

ROOT = Path(__file__).parent.parent
sys.path.insert(0, str(ROOT))

from nndesigner.app import build_main_window  # noqa: E402
from nndesigner.model.building import LayerOptions  # noqa: E402
from nndesigner.model.dataset import read_table  # noqa: E402
from nndesigner.resources import resource_path  # noqa: E402
from nndesigner.ui import dialogs  # noqa: E402
from nndesigner.ui.data_dialog import DataDialog  # noqa: E402

DOCS = ROOT / "docs"
SMALL, LARGE = (1280, 720), (1600, 1000)


def settle(milliseconds: int = 200) -> None:
    loop = QEventLoop()
    QTimer.singleShot(milliseconds, loop.quit)
    loop.exec()


def window_on(example: str | None, size: tuple[int, int]):  # noqa: ANN201 (MainWindow)
    window = build_main_window()
    window.show()
    settle()
    window.setGeometry(QRect(0, 0, *size))
    settle()
    if example is None:
        window.files.new_design()
    else:
        window.files.open_example(resource_path("examples", f"{example}.nnd.json"), ask=False)
    settle()
    return window


def train_until_done(window, seconds: float = 60.0) -> None:
    window.training_panel.train_button.click()
    started = time.monotonic()
    while window.training_panel.running and time.monotonic() - started < seconds:
        settle(100)
    settle(300)


def close(window) -> None:
    window.undo_stack.setClean()
    window.close()
    settle()


def save(window, name: str) -> None:
    window.grab().save(str(DOCS / name))
    close(window)


def house_prices_canvas() -> None:
    save(window_on("house_prices", SMALL), "house_prices_canvas.png")


def training_in_progress() -> None:
    window = window_on("house_prices", SMALL)
    window.scene.neuron_items["h2"].setSelected(True)
    panel = window.training_panel
    panel.speed.setCurrentIndex(panel.speed.findText("100 epochs a second"))
    panel.controller.set_pace(panel.speed.currentData())
    window.design.settings = replace(window.design.settings, epochs=5000, validation_split=0.2)
    panel.train_button.click()
    settle(2500)
    window.grab().save(str(DOCS / "training_in_progress.png"))
    panel.stop_button.click()
    settle(500)
    close(window)


def spiral_window(size: tuple[int, int], rows: int, noise: float, width: int, **settings):  # noqa: ANN003, ANN201
    """A new design on the spiral dataset with two tanh layers of `width`, trained by
    Adam on the whole set with `settings` on top."""
    window = window_on(None, size)
    dialogs.ask_dataset = lambda parent: dialogs.DatasetChoice("spiral", rows, noise, 0)
    window.files.load_dataset()
    layers = iter([LayerOptions(width, "hidden", "tanh", "previous")] * 2)
    dialogs.ask_layer_options = lambda parent, previous: next(layers)
    window.add_layer()
    window.add_layer()
    window.canvas.fit()
    window.design.settings = replace(
        window.design.settings, optimizer="adam", learning_rate=0.03, batch_size=None,
        loss="binary_cross_entropy", init="xavier", **settings,
    )  # fmt: skip
    return window


def feature_inputs_and_maps() -> None:
    """Circles: the Playground's feature inputs, one tanh layer, neuron maps, mid-run."""
    window = window_on(None, LARGE)
    dialogs.ask_dataset = lambda parent: dialogs.DatasetChoice("circles", 300, 0.1, 0)
    window.files.load_dataset()
    dialogs.ask_layer_options = lambda parent, previous: LayerOptions(4, "hidden", "tanh")
    window.add_layer()
    window.editor.add_feature_inputs()
    window.auto_arrange()
    window.canvas.fit()
    window.design.settings = replace(
        window.design.settings, optimizer="adam", learning_rate=0.03, epochs=3000,
        loss="binary_cross_entropy", init="xavier", validation_split=0.2,
    )  # fmt: skip
    panel = window.training_panel
    panel.speed.setCurrentIndex(panel.speed.findText("100 epochs a second"))
    panel.controller.set_pace(panel.speed.currentData())
    panel.train_button.click()
    settle(4000)
    window.grab().save(str(DOCS / "feature_inputs_and_maps.png"))
    panel.stop_button.click()
    settle(500)
    close(window)


def gradient_flow_and_diagnosis() -> None:
    """Five sigmoid layers on the spiral: the gradient vanishes towards the inputs; the
    Diagnosis tab says so after the run."""
    window = window_on(None, SMALL)
    dialogs.ask_dataset = lambda parent: dialogs.DatasetChoice("spiral", 200, 0.1, 0)
    window.files.load_dataset()
    dialogs.ask_layer_options = lambda parent, previous: LayerOptions(6, "hidden", "sigmoid")
    for _ in range(5):
        window.add_layer()
    window.canvas.fit()
    window.design.settings = replace(
        window.design.settings, epochs=100, learning_rate=0.01, optimizer="adam", init="xavier"
    )
    window.actions["gradient_flow"].trigger()
    train_until_done(window)
    window._docks["diagnosis"].raise_()
    settle(2500)
    save(window, "gradient_flow_and_diagnosis.png")


def spiral_decision_boundary() -> None:
    window = spiral_window(SMALL, 400, 0.1, 8, epochs=2000, validation_split=0.2)
    train_until_done(window)
    save(window, "spiral_decision_boundary.png")


def early_stopping_spiral() -> None:
    """A network too big for 200 noisy spiral points: validation cost turns up, early
    stopping keeps the best epoch, the L2 penalty is drawn apart."""
    window = spiral_window(
        LARGE, 200, 0.25, 16, epochs=20000, validation_split=0.3, early_stopping=300, l2=0.0001
    )
    train_until_done(window, seconds=120)
    save(window, "early_stopping_spiral.png")


def replay_spiral() -> None:
    """The spiral trained for 2000 epochs, replayed at epoch 120: the cursor on the cost
    plot, the maps and boundary of that epoch, the explain panel on the output."""
    window = spiral_window(LARGE, 300, 0.1, 8, epochs=2000)
    train_until_done(window)
    window._docks["explain"].raise_()
    output = window.design.document.neurons_with_role("output")[0].id
    window.scene.neuron_items[output].setSelected(True)
    cursor = window.cost_plot.replay_cursor
    cursor.replay(cursor.tape.nearest(120))
    settle(500)
    save(window, "replay.png")


def drawn_points() -> None:
    """The XOR example with points drawn around its four corners, trained on them."""
    window = window_on("xor", SMALL)
    drawing = window.decision_boundary.drawing
    drawing.toggle.click()
    rng = np.random.default_rng(4)
    for (cx, cy), target in (((0, 0), 0), ((1, 1), 0), ((0, 1), 1), ((1, 0), 1)):
        drawing.target.setValue(target)
        for x, y in rng.normal((cx, cy), 0.12, (8, 2)):
            drawing.add(float(x), float(y))
    window.design.settings = replace(window.design.settings, epochs=1500)
    train_until_done(window)
    save(window, "drawn_points.png")


def evaluate_panel() -> None:
    """The Evaluate tab on the trained spiral: confusion heat map (a cell clicked) and ROC."""
    window = spiral_window(SMALL, 400, 0.1, 8, epochs=2000, validation_split=0.2, test_split=0.2)
    train_until_done(window)
    window._docks["evaluate"].raise_()
    panel = window.evaluate_panel
    panel.rows.setCurrentIndex(panel.rows.findData("test"))
    panel.redraw()
    panel.show_cell(1, 0)
    settle()
    save(window, "evaluate_panel.png")


def explain_window(select: list[str]):  # noqa: ANN201 (MainWindow)
    window = window_on("house_prices", LARGE)
    window._docks["explain"].raise_()
    for item_id in select:
        items = {**window.scene.neuron_items, **window.scene.synapse_items}
        items[item_id].setSelected(True)
    settle(300)
    return window


def step_mode() -> None:
    window = explain_window([])
    steps = window.explain_panel.steps
    steps.step_button.click()
    settle()
    steps.next_button.click()
    settle(300)
    save(window, "step_mode.png")


def explain_panel() -> None:
    window = explain_window(["h2"])
    window.explain_panel.row_box.setValue(5)
    settle(300)
    save(window, "explain_panel.png")


def cost_landscape() -> None:
    save(explain_window(["s1", "s2"]), "cost_landscape.png")


def shop_csv() -> Path:
    """A small shop's prices by size, colour and shape, written as a user would have it."""
    rng = np.random.default_rng(5)
    colours, shapes = {"red": 3.0, "green": -2.0, "blue": 0.5}, {"round": 1.0, "square": -1.0}
    lines = ["id,size,colour,shape,price"]
    for k in range(300):
        size, colour, shape = rng.uniform(0, 2), rng.choice(list(colours)), rng.choice(list(shapes))
        price = 2 * size + colours[colour] + shapes[shape] + rng.normal(0, 0.05)
        lines.append(f"A{k:04d},{size:.4f},{colour},{shape},{price:.4f}")
    path = Path(tempfile.mkdtemp()) / "shop.csv"
    path.write_text("\n".join(lines) + "\n")
    return path


def data_dialog() -> None:
    window = window_on(None, SMALL)
    dialog = DataDialog(window.design, read_table(shop_csv()), window)
    dialog.show()
    settle()
    dialog.grab().save(str(DOCS / "data_dialog.png"))
    dialog.close()
    close(window)


def main() -> None:
    app = QApplication.instance() or QApplication([])
    app.setOrganizationName("nndesigner-screenshots")  # never the user's own settings
    QSettings().clear()
    dialogs.ask_save_changes = lambda *args: dialogs.SaveChoice.DISCARD
    for take in (
        house_prices_canvas, training_in_progress, feature_inputs_and_maps,
        gradient_flow_and_diagnosis, replay_spiral, drawn_points, spiral_decision_boundary,
        early_stopping_spiral, evaluate_panel, step_mode, explain_panel, cost_landscape,
        data_dialog,
    ):  # fmt: skip
        take()
        print("took", take.__name__)


if __name__ == "__main__":
    main()
