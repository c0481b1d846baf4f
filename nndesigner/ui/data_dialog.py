"""The data dialog: preview a CSV, say which columns feed the inputs and which are
targets (or one class column), see the bad and missing cells and what to do with them,
and set the options saved with the design (standardisation, the validation rows and
their seed)."""

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
    INDEX_NAME,
    ImportPlan,
    bad_cells,
    default_plan,
    describe_columns,
    output_plan,
)
from nndesigner.model.dataset import Table
from nndesigner.model.design import Design
from nndesigner.model.new_design import starting_settings
from nndesigner.ui.plain_text import plain_label

PREVIEW_ROWS = 50
SHOWN_BAD_CELLS = 12
COLUMN_ROLES = ("ignore", "input", "target", "class")
MISSING_CHOICES = {
    "refuse": "Refuse them",
    "drop": "Drop their rows",
    "mean": "Fill with the column's mean",
    "median": "Fill with the column's median",
    "mode": "Fill with the column's most frequent value",
}


@dataclass(frozen=True)
class DataImport:
    """What the user chose: the table, the plan and the options (what to do with rows
    with missing cells among them, saved with the design)."""

    table: Table
    plan: ImportPlan
    standardize: bool
    validation_split: float
    split_seed: int
    missing: str = "refuse"
    # Regressions train on standardised targets unless this is off.
    standardize_targets: bool = True


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
        preview.setVerticalHeaderLabels(
            [str(r + table.first_row) for r in range(preview.rowCount())]
        )
        for r, row in enumerate(shown_rows):
            for c, cell in enumerate(row):
                preview.setItem(r, c, QTableWidgetItem(cell))
        preview.resizeColumnsToContents()
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
            roles.addWidget(plain_label(column.name or "(unnamed)"), index // 4, 2 * (index % 4))
            roles.addWidget(box, index // 4, 2 * (index % 4) + 1)
            self.roles[column.name] = box
        # How the file was read (separator, decimal mark, encoding) and what was noticed.
        read_as = f"Read as {table.dialect}." if table.dialect else ""
        # The encoding is in the read-as sentence already; the CLI's note says it apart.
        notes = [n for n in table.notes if not (read_as and "is not UTF-8" in n)]
        self.read_as = plain_label(" ".join((read_as, *notes, *self._guesses(plan))).strip())
        self.read_as.setObjectName("data-read-as")
        self.read_as.setWordWrap(True)
        self.problems = plain_label()
        self.problems.setObjectName("data-problems")
        self.problems.setWordWrap(True)
        self.missing = QComboBox()
        self.missing.setObjectName("missing-policy")
        for policy, text in MISSING_CHOICES.items():
            self.missing.addItem(text, policy)
        self.missing.setCurrentIndex(self.missing.findData(design.settings.missing))
        self.missing.currentIndexChanged.connect(self._check)
        self.standardize = QCheckBox("Standardise inputs (recommended)")
        self.standardize.setChecked(design.settings.standardize_inputs)
        self.validation_split = QDoubleSpinBox()
        self.validation_split.setRange(0.0, 0.9)
        self.validation_split.setSingleStep(0.05)
        empty = not design.document.neurons  # a new network: as `nndesigner new` holds out
        split = starting_settings().validation_split if empty else design.settings.validation_split
        self.validation_split.setValue(split)
        self.standardize_targets = QCheckBox("Standardise targets (regressions)")
        self.standardize_targets.setObjectName("standardize-targets")
        self.standardize_targets.setChecked(True)
        self.split_seed = QSpinBox()
        self.split_seed.setObjectName("split-seed")
        self.split_seed.setRange(0, 2_147_483_647)
        self.split_seed.setValue(design.settings.split_seed)
        self.split_seed.setToolTip("Which rows are held out; the training seed leaves them be")
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

        options = QFormLayout()
        options.addRow("Missing cells", self.missing)
        options.addRow(self.standardize)
        options.addRow(self.standardize_targets)
        options.addRow("Validation split", self.validation_split)
        options.addRow("Validation rows seed", self.split_seed)
        layout = QVBoxLayout(self)
        layout.addWidget(self.read_as)
        layout.addWidget(preview, 1)
        layout.addWidget(QLabel("What each column is for:"))
        layout.addLayout(roles)
        layout.addWidget(self.problems)
        layout.addLayout(options)
        layout.addWidget(self.buttons)
        self.resize(760, 560)
        self._check()

    def _guesses(self, plan: ImportPlan) -> list[str]:
        """Sentences on the roles chosen for the user that they may want otherwise."""
        said = []
        index = [c.name for c in self.columns if INDEX_NAME.match(c.name)]
        if index:
            said.append(
                f"Column {', '.join(repr(n) for n in index)} looks like a row index: ignored."
            )
        chosen = next((c for c in self.columns if c.name == plan.class_column), None)
        if chosen is not None and chosen.numeric:
            said.append(
                f"'{chosen.name}' holds {len(chosen.classes)} whole numbers: read as classes "
                "(choose target for a regression)."
            )
        return said

    def plan(self) -> ImportPlan:
        chosen = {name: box.currentText() for name, box in self.roles.items()}
        classes = [name for name, role in chosen.items() if role == "class"]
        inputs = tuple(name for name, role in chosen.items() if role == "input")
        categorical = {c.name for c in self.columns if c.categorical}
        return ImportPlan(
            inputs,
            tuple(name for name, role in chosen.items() if role == "target"),
            classes[0] if classes else None,
            tuple(name for name in inputs if name in categorical),
        )

    def bad_cells(self) -> list[tuple[int, str, str]]:
        """Cells that are not numbers in numeric columns, and missing ones anywhere (an
        input column of text is categories: any text is a value)."""
        plan = self.plan()
        numeric = [n for n in plan.inputs if n not in plan.categorical]
        return bad_cells(self.table, [*numeric, *plan.targets], plan.categorical)

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
        text_cells = [cell for cell in cells if cell[2]]
        missing = [cell for cell in cells if not cell[2]]
        if text_cells:
            count = len(text_cells)
            problems.append(
                f"{count} {'cell is' if count == 1 else 'cells are'} not a number "
                f"({_listed(text_cells)}): fix the file, or ignore their columns."
            )
        notes = []
        if missing:
            rows = len({r for r, _, _ in missing})
            count = len(missing)
            sentence = (
                f"{count} missing {'cell' if count == 1 else 'cells'} in {rows} "
                f"{'row' if rows == 1 else 'rows'} ({_listed(missing)})"
            )
            if self.missing.currentData() == "refuse":
                problems.append(f"{sentence}: choose what to do with them below.")
            else:
                notes.append(f"{sentence}: {self.missing.currentText().lower()}.")
        self.missing.setEnabled(bool(missing) or self.missing.currentData() != "refuse")
        regression = bool(plan.targets) and plan.class_column is None
        self.standardize_targets.setEnabled(
            regression and output_plan(self.table, plan).activation == "linear"
        )
        self.problems.setText("\n".join(problems + notes))
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setEnabled(not problems)

    def result_import(self) -> DataImport:
        """The chosen import."""
        return DataImport(
            self.table,
            self.plan(),
            self.standardize.isChecked(),
            self.validation_split.value(),
            self.split_seed.value(),
            self.missing.currentData(),
            self.standardize_targets.isChecked(),
        )


def _listed(cells: list[tuple[int, str, str]]) -> str:
    """The first SHOWN_BAD_CELLS cells by row, column and text, and how many more."""
    listed = "; ".join(
        f"row {r}, column '{c}'" + (f": '{v}'" if v else "") for r, c, v in cells[:SHOWN_BAD_CELLS]
    )
    more = f" and {len(cells) - SHOWN_BAD_CELLS} more" if len(cells) > SHOWN_BAD_CELLS else ""
    return listed + more
