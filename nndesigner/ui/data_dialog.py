"""The data dialog: preview a CSV, say which columns feed the inputs and which are
targets (or one class column), see the bad cells and choose to drop their rows."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QGridLayout,
    QLabel,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from nndesigner.model.data_import import (
    ImportPlan,
    bad_cells,
    default_plan,
    describe_columns,
    without_rows,
)
from nndesigner.model.dataset import Table
from nndesigner.model.design import Design

PREVIEW_ROWS = 50
SHOWN_BAD_CELLS = 12
COLUMN_ROLES = ("ignore", "input", "target", "class")


@dataclass(frozen=True)
class DataImport:
    """What the user chose: the table (bad rows dropped), the plan and the options."""

    table: Table
    plan: ImportPlan
    standardize: bool
    validation_split: float
    seed: int


class DataDialog(QDialog):
    """Column roles, bad-cell report and options for one CSV table."""

    def __init__(self, design: Design, table: Table, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Load data: {table.path}")
        self.setObjectName("data-dialog")
        self.table = table
        self.columns = describe_columns(table)
        plan = default_plan(design.document, self.columns)

        shown_rows = table.preview_rows(PREVIEW_ROWS)
        preview = QTableWidget(len(shown_rows), len(table.header))
        preview.setObjectName("data-preview")
        preview.setHorizontalHeaderLabels([f"{c.name}\n({c.kind})" for c in self.columns])
        # Rows are numbered as in the file (the header is row 1), like the bad-cell report.
        preview.setVerticalHeaderLabels([str(r + 2) for r in range(preview.rowCount())])
        for r, row in enumerate(shown_rows):
            for c, cell in enumerate(row):
                preview.setItem(r, c, QTableWidgetItem(cell))
        self.roles: dict[str, QComboBox] = {}
        roles = QGridLayout()
        for index, column in enumerate(self.columns):
            box = QComboBox()
            box.setObjectName(f"column-role-{column.name}")
            box.addItems(COLUMN_ROLES)
            role = "ignore"
            if column.name in plan.inputs:
                role = "input"
            elif column.name in plan.targets:
                role = "target"
            elif column.name == plan.class_column:
                role = "class"
            box.setCurrentText(role)
            box.currentTextChanged.connect(self._check)
            roles.addWidget(QLabel(column.name), index // 4, 2 * (index % 4))
            roles.addWidget(box, index // 4, 2 * (index % 4) + 1)
            self.roles[column.name] = box
        self.problems = QLabel()
        self.problems.setObjectName("data-problems")
        self.problems.setWordWrap(True)
        self.drop_rows = QCheckBox("Drop the rows with bad cells")
        self.drop_rows.setObjectName("drop-bad-rows")
        self.drop_rows.toggled.connect(self._check)
        self.standardize = QCheckBox("Standardise inputs (recommended)")
        self.standardize.setChecked(design.settings.standardize_inputs)
        self.validation_split = QDoubleSpinBox()
        self.validation_split.setRange(0.0, 0.9)
        self.validation_split.setSingleStep(0.05)
        self.validation_split.setValue(design.settings.validation_split)
        self.seed = QSpinBox()
        self.seed.setRange(0, 2_147_483_647)
        self.seed.setValue(design.settings.seed)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

        options = QFormLayout()
        options.addRow(self.standardize)
        options.addRow("Validation split", self.validation_split)
        options.addRow("Seed", self.seed)
        layout = QVBoxLayout(self)
        layout.addWidget(preview, 1)
        layout.addWidget(QLabel("What each column is for:"))
        layout.addLayout(roles)
        layout.addWidget(self.problems)
        layout.addWidget(self.drop_rows)
        layout.addLayout(options)
        layout.addWidget(self.buttons)
        self.resize(760, 560)
        self._check()

    def plan(self) -> ImportPlan:
        chosen = {name: box.currentText() for name, box in self.roles.items()}
        classes = [name for name, role in chosen.items() if role == "class"]
        return ImportPlan(
            tuple(name for name, role in chosen.items() if role == "input"),
            tuple(name for name, role in chosen.items() if role == "target"),
            classes[0] if classes else None,
        )

    def bad_cells(self) -> list[tuple[int, str, str]]:
        plan = self.plan()
        return bad_cells(self.table, [*plan.inputs, *plan.targets])

    def _check(self) -> None:
        """Say what is wrong, if anything, and allow OK only when the choice can load."""
        plan = self.plan()
        problems = []
        if not plan.inputs:
            problems.append("Choose at least one input column.")
        if not plan.targets and plan.class_column is None:
            problems.append("Choose a target column, or a class column.")
        if plan.targets and plan.class_column is not None:
            problems.append("Use either target columns or one class column, not both.")
        if len([b for b in self.roles.values() if b.currentText() == "class"]) > 1:
            problems.append("Only one column can hold the classes.")
        cells = self.bad_cells()
        if cells:
            listed = "; ".join(
                f"row {r}, column '{c}': '{v}'" for r, c, v in cells[:SHOWN_BAD_CELLS]
            )
            more = (
                f" and {len(cells) - SHOWN_BAD_CELLS} more" if len(cells) > SHOWN_BAD_CELLS else ""
            )
            rows = len({r for r, _, _ in cells})
            problems.append(
                f"{len(cells)} cells are empty or not numbers ({rows} rows): {listed}{more}."
            )
        self.drop_rows.setVisible(bool(cells))
        blocking = problems[:-1] if cells and self.drop_rows.isChecked() else problems
        self.problems.setText("\n".join(problems))
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setEnabled(not blocking)

    def result_import(self) -> DataImport:
        """The chosen import (rows with bad cells dropped when so chosen)."""
        table = self.table
        if self.drop_rows.isChecked():
            table = without_rows(table, {r for r, _, _ in self.bad_cells()})
        return DataImport(
            table,
            self.plan(),
            self.standardize.isChecked(),
            self.validation_split.value(),
            self.seed.value(),
        )
