"""The training panel's settings against overfitting: the test rows, weight penalties,
early stopping, the target cost and the learning-rate schedule, one widget per setting
(shown and read through setting_widgets, so each edit is an undo step like every other
setting)."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QSpinBox,
)

from nndesigner.engine.schedules import SCHEDULES

SCHEDULE_TITLES = {
    "constant": "Constant",
    "step": "Step decay",
    "exponential": "Exponential decay",
    "plateau": "Lower on plateau",
}


def _spin(name: str, tip: str, box: QAbstractSpinBox) -> QAbstractSpinBox:
    box.setObjectName(name)
    box.setToolTip(tip)
    box.setKeyboardTracking(False)
    return box


def _number(name: str, tip: str, low: float, high: float, decimals: int) -> QDoubleSpinBox:
    box = QDoubleSpinBox()
    box.setRange(low, high)
    box.setDecimals(decimals)
    box.setSingleStep(10.0 ** (2 - decimals))
    return _spin(name, tip, box)


def _count(name: str, tip: str, low: int) -> QSpinBox:
    box = QSpinBox()
    box.setRange(low, 10_000_000)
    return _spin(name, tip, box)


def overfitting_widgets() -> dict[str, QAbstractSpinBox | QComboBox]:
    """A widget for each setting, by the setting's name."""
    test_split = _number(
        "test-split-box",
        "A share of the rows held out before the validation rows: never trained on, "
        "validated on or watched by early stopping; scored at the end (Predict tab)",
        0, 0.9, 2,
    )  # fmt: skip
    test_seed = _count("test-seed-box", "Which rows are the test rows", 0)
    test_seed.setMaximum(2_147_483_647)
    l2 = _number("l2-box", "Weight decay: adds (λ₂/2)·Σw² to the cost (0: off)", 0, 10, 7)
    l1 = _number("l1-box", "Adds λ₁·Σ|w| to the cost, pushing weights to 0 (0: off)", 0, 10, 7)
    patience = _count(
        "early-stopping-box",
        "Stop after this many epochs without a better validation cost, keeping the "
        "best epoch's weights (needs a validation split)",
        0,
    )
    patience.setSpecialValueText("off")
    patience.setProperty("special_value", 0)  # "off" is 0, not None
    patience.setSuffix(" epochs")
    target = _number("target-cost-box", "Stop once the training cost is at most this", 0, 1e6, 6)
    target.setSpecialValueText("none")
    schedule = QComboBox()
    schedule.setObjectName("schedule-box")
    schedule.setToolTip("How the learning rate changes over the epochs")
    for name in SCHEDULES:
        schedule.addItem(SCHEDULE_TITLES[name], name)
    every = _count(
        "schedule-epochs-box",
        "Step and exponential: the rate is multiplied by the factor every this many "
        "epochs; plateau: after this many epochs without a better cost",
        1,
    )
    every.setSuffix(" epochs")
    factor = _number("schedule-factor-box", "What the rate is multiplied by", 0.0001, 1.0, 4)
    return {
        "test_split": test_split, "test_seed": test_seed, "l2": l2, "l1": l1,
        "early_stopping": patience, "target_cost": target,
        "schedule": schedule, "schedule_epochs": every, "schedule_factor": factor,
    }  # fmt: skip


def add_overfitting_rows(form: QFormLayout, widgets: dict) -> None:
    """The rows of `overfitting_widgets` in the training panel's form."""
    test_row = QHBoxLayout()
    test_row.addWidget(widgets["test_split"], 1)
    test_row.addWidget(QLabel("rows seed"))
    test_row.addWidget(widgets["test_seed"], 1)
    form.addRow("Test split", test_row)
    form.addRow("L2 penalty", widgets["l2"])
    form.addRow("L1 penalty", widgets["l1"])
    form.addRow("Early stopping", widgets["early_stopping"])
    form.addRow("Target cost", widgets["target_cost"])
    form.addRow("Rate schedule", widgets["schedule"])
    form.addRow("Every", widgets["schedule_epochs"])
    form.addRow("Multiply by", widgets["schedule_factor"])
