"""The training panel's settings against overfitting: the test rows, weight penalties,
early stopping, the target cost and the learning-rate schedule, one widget per setting
(shown and read through setting_widgets, so each edit is an undo step like every other
setting)."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
)

from nndesigner.engine.schedules import SCHEDULES
from nndesigner.ui.panels.setting_widgets import SEED_MAX, count_box, number_box

SCHEDULE_TITLES = {
    "constant": "Constant",
    "step": "Step decay",
    "exponential": "Exponential decay",
    "plateau": "Lower on plateau",
}


def overfitting_widgets() -> dict[str, QAbstractSpinBox | QComboBox]:
    """A widget for each setting, by the setting's name."""
    test_split = number_box(
        "test-split-box", 0, 0.9, 2, step=0.05,
        tip="A share of the rows held out before the validation rows: never trained on, "
        "validated on or watched by early stopping; scored at the end (Evaluate tab)",
    )  # fmt: skip
    test_seed = count_box("test-seed-box", 0, SEED_MAX, tip="Which rows are the test rows")
    l2 = number_box("l2-box", 0, 10, 7, tip="Weight decay: adds (λ₂/2)·Σw² to the cost (0: off)")
    l1 = number_box(
        "l1-box", 0, 10, 7, tip="Adds λ₁·Σ|w| to the cost, pushing weights to 0 (0: off)"
    )
    patience = count_box(
        "early-stopping-box", 0,
        tip="Stop after this many epochs without a better validation cost, keeping the "
        "best epoch's weights (needs a validation split)",
    )  # fmt: skip
    patience.setSpecialValueText("off")
    patience.setProperty("special_value", 0)  # "off" is 0, not None
    patience.setSuffix(" epochs")
    target = number_box(
        "target-cost-box", 0, 1e6, 6, tip="Stop once the training cost is at most this"
    )
    target.setSpecialValueText("none")
    schedule = QComboBox()
    schedule.setObjectName("schedule-box")
    schedule.setToolTip("How the learning rate changes over the epochs")
    for name in SCHEDULES:
        schedule.addItem(SCHEDULE_TITLES[name], name)
    every = count_box(
        "schedule-epochs-box", 1,
        tip="Step and exponential: the rate is multiplied by the factor every this many "
        "epochs; plateau: after this many epochs without a better cost",
    )  # fmt: skip
    every.setSuffix(" epochs")
    factor = number_box(
        "schedule-factor-box", 0.0001, 1.0, 4, step=0.05, tip="What the rate is multiplied by"
    )
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
