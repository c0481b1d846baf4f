"""Headless commands: new, train, predict and export on the same files the GUI uses.

Bad input prints one line `error: ...` on stderr and exits 2; outputs are written
atomically, so a failed run leaves no file behind.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import signal
import sys
from collections import deque
from dataclasses import replace
from typing import NoReturn

from nndesigner.cli_arguments import (
    layer_sizes,
    non_negative_float,
    positive_float,
    positive_int,
    seed,
    whole_number,
)
from nndesigner.cli_progress import Progress
from nndesigner.engine import kernel_choice, kernel_warm_up
from nndesigner.engine.schedules import SCHEDULES
from nndesigner.engine.training import EpochRecord, TrainingControl, TrainingDiverged, train
from nndesigner.model.atomic_file import atomically_written
from nndesigner.model.dataset import Table, read_table
from nndesigner.model.design import Design
from nndesigner.model.diagnosis import diagnose_results
from nndesigner.model.errors import DesignError
from nndesigner.model.export import EXPORT_FORMATS, export_design
from nndesigner.model.file_checks import printable
from nndesigner.model.missing_values import POLICIES
from nndesigner.model.new_design import TASKS, new_design
from nndesigner.model.results import Results
from nndesigner.model.serialize import WEIGHTS_FORMAT, load_design, save_design
from nndesigner.model.training_run import prepare_run, record_run, run_scores
from nndesigner.model.user_folders import compiled_code_folder

INTERRUPTED = 130  # the shell's exit status for a process stopped by Ctrl-C


class UsageError(Exception):
    """A command line that cannot be run as given."""


class Interrupted(Exception):
    """Ctrl-C stopped a command; the message says what was kept."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        raise UsageError(message)


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="nndesigner", description="Train, predict and export headlessly.")
    commands = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    train_command = commands.add_parser("train", help="train a design or weights file")
    train_command.add_argument("model", help="a design (*.nnd.json) or weights (*.json) file")
    train_command.add_argument("--data", help="CSV file (default: the file's data source)")
    train_command.add_argument("--epochs", type=positive_int)
    train_command.add_argument("--lr", type=positive_float, dest="learning_rate")
    train_command.add_argument("--batch-size", type=positive_int)
    train_command.add_argument("--optimizer", choices=("sgd", "momentum", "adam"))
    train_command.add_argument(
        "--loss", choices=("half_squared_error", "mse", "binary_cross_entropy", "cross_entropy")
    )
    train_command.add_argument("--init", choices=("small", "xavier", "he"))
    train_command.add_argument("--seed", type=seed)
    train_command.add_argument("--no-shuffle", action="store_true")
    train_command.add_argument("--no-standardize", action="store_true")
    train_command.add_argument(
        "--standardize-outputs",
        action=argparse.BooleanOptionalAction,
        help="train a regression on standardised targets (predictions in the data's units)",
    )
    train_command.add_argument("--validation-split", type=float)
    train_command.add_argument(
        "--split-seed", type=seed, help="which rows are held out (apart from --seed)"
    )
    train_command.add_argument(
        "--test-split", type=float, help="a share of rows held out for testing only"
    )
    train_command.add_argument("--test-seed", type=seed, help="which rows are the test rows")
    train_command.add_argument(
        "--missing",
        choices=POLICIES,
        help="rows with missing cells: refuse (default), drop them, or fill the inputs",
    )
    train_command.add_argument("--l2", type=non_negative_float, help="weight decay λ₂")
    train_command.add_argument("--l1", type=non_negative_float, help="L1 penalty λ₁")
    train_command.add_argument(
        "--early-stopping", type=whole_number, metavar="EPOCHS",
        help="stop after this many epochs without a better validation cost, keeping the "
        "best epoch's weights (0: off)",
    )  # fmt: skip
    train_command.add_argument(
        "--target-cost", type=non_negative_float, help="stop once the training cost is this low"
    )
    train_command.add_argument("--schedule", choices=SCHEDULES, help="the learning rate's course")
    train_command.add_argument(
        "--schedule-epochs", type=positive_int, metavar="N",
        help="step and exponential: multiply the rate by the factor every N epochs; "
        "plateau: when the cost has not improved for N epochs",
    )  # fmt: skip
    train_command.add_argument("--schedule-factor", type=positive_float, metavar="F")
    train_command.add_argument("--reinit", action="store_true", help="draw new weights first")
    train_command.add_argument(
        "--kernel", choices=kernel_choice.CHOICES, default=kernel_choice.default_choice(),
        help="the engine's hot path: chosen by the network's shape (auto), NumPy, or the "
        "compiled one (needs numba: nndesigner[fast]); both give the same numbers to rounding",
    )  # fmt: skip
    train_command.add_argument("--export", metavar="WEIGHTS.json")
    train_command.add_argument("--save", metavar="DESIGN.nnd.json")

    new_command = commands.add_parser("new", help="make a design for a CSV file")
    new_command.add_argument("--data", required=True, help="the CSV file")
    new_command.add_argument("--target", action="append", required=True, metavar="COLUMN")
    new_command.add_argument(
        "--hidden", type=layer_sizes, default=[16], help="sizes like 16,8 (0: no hidden layer)"
    )
    new_command.add_argument("--activation", default="relu", help="of the hidden neurons")
    new_command.add_argument("--task", choices=TASKS, default="auto")
    new_command.add_argument("--ignore", action="append", default=[], metavar="COLUMN")
    new_command.add_argument("-o", "--output", required=True, metavar="DESIGN.nnd.json")

    predict_command = commands.add_parser("predict", help="predict outputs for a CSV")
    predict_command.add_argument("model")
    predict_command.add_argument("--data", required=True)
    predict_command.add_argument("-o", "--output", metavar="OUT.csv")
    predict_command.add_argument(
        "--keep", nargs="+", default=[], metavar="COLUMN",
        help="copy these columns (an id, say) into the output, first",
    )  # fmt: skip

    evaluate_command = commands.add_parser(
        "evaluate", help="score a trained network on a CSV (accuracy, confusion, R², ...)"
    )
    evaluate_command.add_argument("model")
    evaluate_command.add_argument("--data", help="CSV file (default: the file's data source)")
    evaluate_command.add_argument("--json", action="store_true", help="print one JSON object")

    export_command = commands.add_parser("export", help="write a weights file or a module")
    export_command.add_argument("model")
    export_command.add_argument("-o", "--output", required=True, metavar="OUT")
    export_command.add_argument(
        "--format",
        choices=EXPORT_FORMATS,
        default="json",
        help="json: the weights file; pytorch: a .py module with build_model(weights_json)",
    )
    return parser


def _settings_overrides(args: argparse.Namespace) -> dict:
    overrides = {
        name: getattr(args, name)
        for name in (
            "epochs",
            "learning_rate",
            "batch_size",
            "optimizer",
            "loss",
            "init",
            "seed",
            "split_seed",
            "test_seed",
            "missing",
            "l2",
            "l1",
            "early_stopping",
            "target_cost",
            "schedule",
            "schedule_epochs",
            "schedule_factor",
        )
        if getattr(args, name) is not None
    }
    if args.validation_split is not None:
        overrides["validation_split"] = args.validation_split
    if args.test_split is not None:
        overrides["test_split"] = args.test_split
    if args.no_shuffle:
        overrides["shuffle"] = False
    if args.no_standardize:
        overrides["standardize_inputs"] = False
    if args.standardize_outputs is not None:
        overrides["standardize_outputs"] = args.standardize_outputs
    return overrides


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}" if number == 1 else f"{number} {noun}s"


def _noted(table: Table) -> Table:
    """`table`, after telling the user how it was read when that is worth a note."""
    for note in table.notes:
        print(f"note: {note}", file=sys.stderr)
    return table


# How many of a run's last epochs `train` diagnoses (engine/diagnosis.py).
DIAGNOSIS_EPOCHS = 10_000


def _train(args: argparse.Namespace) -> None:
    if args.kernel != "numpy":  # compiled while the data is read ("auto" trains on NumPy meanwhile)
        kernel_warm_up.start_warm_up(compiled_code_folder())
    design = load_design(args.model, with_data=args.data is None)
    table = read_table(args.data) if args.data else design.data
    if table is None:
        # The design's own data file could not be read: say why, not just what to do.
        raise DesignError(design.data_problem or "Name a CSV file with --data.")
    _noted(table)
    settings = replace(design.settings, **_settings_overrides(args))
    design.settings = settings
    # The arrays are made for this run alone: split and prepared in place, not copied.
    run = prepare_run(design, *design.arrays_of(table), settings, args.reinit, consume=True)
    for warning in run.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    progress = Progress(settings.epochs, sys.stderr)
    # The last record and the last DIAGNOSIS_EPOCHS for the diagnosis: memory stays flat
    # over any epoch count.
    recent: deque[EpochRecord] = deque(maxlen=DIAGNOSIS_EPOCHS)
    last: EpochRecord | None = None
    control = TrainingControl()
    # Ctrl-C stops after the current batch; what was asked for is still saved.
    previous = signal.signal(signal.SIGINT, lambda *_: control.request_stop())
    try:
        for record in train(run.network, run.data, settings, control, args.kernel):
            last = record
            recent.append(record)
            progress.show(record.epoch, record.training_loss, record.stop_reason is not None)
    except TrainingDiverged as error:
        raise DesignError(f"Training stopped: {error}.") from error
    except kernel_choice.KernelUnavailable as error:
        message = str(error)
        raise DesignError(f"{message[:1].upper()}{message[1:]}.") from error
    finally:
        signal.signal(signal.SIGINT, previous)
    design.document.set_parameters(run.network.export_parameters())
    record_run(design, run, [last] if last else [])
    design.data = table
    if control.stop_requested:
        _save_outputs(design, args)
        done = f"after epoch {last.epoch}" if last else "before the first epoch ended"
        saved = [path for path in (args.export, args.save) if path]
        kept = f"; saved {' and '.join(saved)}" if saved else ""
        raise Interrupted(f"interrupted {done}{kept}")
    if last.stop_reason:
        print(last.stop_reason)
    if last.kept_costs:
        loss, validation = last.kept_costs
        line = f"kept epoch {last.best_epoch}: loss {loss:.6g} (validation {validation:.6g})"
    else:
        line = f"final loss {last.training_loss:.6g} after {last.epoch} epochs"
        if last.validation_loss is not None:
            line += f" (validation {last.validation_loss:.6g})"
    print(line)
    sets = ("training", "validation", "test")
    for name, scores in zip(sets, run_scores(design, run), strict=True):
        if scores is not None:
            print(f"{name}: {scores.describe()}")
    for notice in diagnose_results(Results(design), recent) or ():
        print(f"diagnosis: {notice.text}")
    _save_outputs(design, args)
    if not (args.save or args.export):
        print(
            f"note: the trained weights were not saved; add --save {args.model} to keep them "
            "in the design (or --export WEIGHTS.json).",
            file=sys.stderr,
        )


def _untrained_note(design: Design, path: str) -> None:
    """Say so when a design was never trained: its outputs come from its first weights."""
    if design.untrained():
        print(
            f"note: {path} has not been trained (train it with --save); its outputs come "
            "from its initial weights.",
            file=sys.stderr,
        )


def _save_outputs(design: Design, args: argparse.Namespace) -> None:
    """Write what `train --export` and `--save` asked for."""
    if args.export:
        save_design(design, args.export, WEIGHTS_FORMAT)
    if args.save:
        save_design(design, args.save)


def _predict(args: argparse.Namespace) -> None:
    from nndesigner.model.prediction_file import write_predictions  # pyarrow: only here

    design = load_design(args.model, with_data=False)
    _untrained_note(design, args.model)
    if args.output:
        with atomically_written(args.output) as raw:
            out = io.TextIOWrapper(raw, encoding="utf-8", newline="")
            summary = write_predictions(design, args.data, out, args.keep)
            out.flush()
            out.detach()
    else:
        summary = write_predictions(design, args.data, sys.stdout, args.keep, check_first=True)
    if summary.unpredicted:
        print(
            f"note: {summary.unpredicted} rows with missing inputs have no prediction.",
            file=sys.stderr,
        )


def _evaluate(args: argparse.Namespace) -> None:
    design = load_design(args.model, with_data=args.data is None)
    _untrained_note(design, args.model)
    table = read_table(args.data) if args.data else design.data
    if table is None:
        raise DesignError(design.data_problem or "Name a CSV file with --data.")
    design.data = _noted(table)
    results = Results(design)
    try:
        evaluation = results.evaluation("all")
    finally:
        results.close()
    if args.json:
        print(json.dumps(evaluation.as_dict()))
    else:
        print("\n".join(evaluation.describe()))


def _new(args: argparse.Namespace) -> None:
    table = _noted(read_table(args.data))
    made = new_design(table, args.target, args.hidden, args.activation, args.task, args.ignore)
    for note in made.notes:
        print(f"note: {note}", file=sys.stderr)
    save_design(made.design, args.output)
    document = made.design.document
    counts = [len(document.neurons_with_role(role)) for role in ("input", "hidden", "output")]
    print(
        f"wrote {args.output}: {_count(counts[0], 'input')}, {counts[1]} hidden, "
        f"{_count(counts[2], 'output')}, {_count(len(document.synapses), 'synapse')}"
    )


def _export(args: argparse.Namespace) -> None:
    design = load_design(args.model, with_data=False)
    _untrained_note(design, args.model)
    export_design(design, args.output, args.format)


def main(argv: list[str]) -> int:
    """Run one command; 0 on success, 2 with one `error:` line on bad input, 130 with one
    line when Ctrl-C stopped it."""
    try:
        args = build_parser().parse_args(argv)
        commands = {"new": _new, "train": _train, "predict": _predict, "evaluate": _evaluate,
                    "export": _export}  # fmt: skip
        commands[args.command](args)
    except (UsageError, DesignError) as error:
        message = printable(str(error)).rstrip(".")
        print(f"error: {message}", file=sys.stderr)
        return 2
    except Interrupted as stopped:
        print(stopped, file=sys.stderr)
        return INTERRUPTED
    except KeyboardInterrupt:  # outside training: nothing half-written is left
        print("interrupted", file=sys.stderr)
        return INTERRUPTED
    except BrokenPipeError:  # `predict ... | head`: the reader has what it wanted
        # Point stdout at nothing, so Python's final flush at exit cannot fail again.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    return 0
