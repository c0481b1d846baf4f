"""Autosave and recovery: unsaved work survives a crash and is offered back at start."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from nndesigner.app import build_main_window
from nndesigner.model import user_folders
from nndesigner.model.recovery import orphaned_recoveries, recovery_path, write_recovery
from nndesigner.ui import dialogs
from nndesigner.ui.autosave import AUTOSAVE_MS
from tests.ui.conftest import snapshot
from tests.ui.test_reliability import delete_h1


def dead_pid() -> int:
    """The id of a process that has finished."""
    process = subprocess.Popen([sys.executable, "-c", "pass"])
    process.wait()
    return process.pid


@pytest.fixture
def restart(qtbot):
    """Start another main window, as the next run of the application would."""
    started = []

    def start():
        started.append(build_main_window())
        return started[-1]

    yield start
    for window in started:
        window.undo_stack.setClean()
        window.close()


def without_data_path(saved: dict) -> dict:
    """A design's content apart from how it names its data file (relative in a design
    file, absolute in a recovery file)."""
    return {**saved, "training": {**saved["training"], "data": None}}


def test_the_window_autosaves_every_minute(window):
    assert window.autosave.timer.isActive()
    assert window.autosave.timer.interval() == AUTOSAVE_MS == 60_000


def test_only_unsaved_changes_are_autosaved(window):
    own_file = recovery_path(user_folders.recovery_folder())
    window.autosave.timer.timeout.emit()
    assert not own_file.exists()
    delete_h1(window)
    window.autosave.timer.timeout.emit()
    assert own_file.exists()
    window.undo_stack.undo()  # back to the saved state: nothing to recover
    window.autosave.timer.timeout.emit()
    assert not own_file.exists()


def test_a_clean_exit_removes_the_recovery_file(window, monkeypatch):
    delete_h1(window)
    window.autosave.timer.timeout.emit()
    own_file = recovery_path(user_folders.recovery_folder())
    assert own_file.exists()
    monkeypatch.setattr(dialogs, "ask_save_changes", lambda *_: dialogs.SaveChoice.DISCARD)
    assert window.close()
    assert not own_file.exists()


def test_after_a_crash_the_next_start_restores_the_unsaved_design(window, restart, monkeypatch):
    delete_h1(window)
    window.autosave.timer.timeout.emit()
    crashed = snapshot(window.design)
    # The crash: the process that wrote the file is gone, and nothing was cleaned up.
    folder = user_folders.recovery_folder()
    recovery_path(folder).rename(recovery_path(folder, dead_pid()))
    offered = []

    def restore(parent, name, saved_at):
        offered.append(name)
        return True

    monkeypatch.setattr(dialogs, "ask_restore", restore)
    restarted = restart()
    restarted.files.offer_recovery()
    assert offered == ["xor (example)"]
    assert without_data_path(snapshot(restarted.design)) == without_data_path(crashed)
    assert restarted.design.data.preview_rows(10**6) == window.design.data.preview_rows(10**6)
    assert not restarted.undo_stack.isClean()  # still unsaved: closing will ask
    assert restarted.isWindowModified()
    assert orphaned_recoveries(folder) == []  # offered once


def test_declining_a_recovery_discards_it(window, restart, monkeypatch):
    delete_h1(window)
    window.autosave.timer.timeout.emit()
    folder = user_folders.recovery_folder()
    recovery_path(folder).rename(recovery_path(folder, dead_pid()))
    monkeypatch.setattr(dialogs, "ask_restore", lambda *_: False)
    restarted = restart()
    restarted.files.offer_recovery()
    assert "h1" in {n.id for n in restarted.design.document.neurons}
    assert orphaned_recoveries(folder) == []


def test_files_of_running_processes_are_not_offered_and_junk_is_reported(tmp_path):
    junk = tmp_path / f"recovery-{dead_pid()}.json"
    junk.write_text("{ junk")
    (tmp_path / "recovery-notanumber.json").write_text("{}")
    (tmp_path / "recovery-1.json").write_text('{"format": "nndesigner-recovery"}')
    (offered,) = orphaned_recoveries(tmp_path, running=lambda pid: pid == 1)
    assert offered.path == junk and "not valid JSON" in offered.problem


def test_an_unrestorable_recovery_is_reported_and_kept_aside(
    window, monkeypatch, tmp_path, restart
):
    folder = user_folders.recovery_folder()
    junk = recovery_path(folder, dead_pid())
    junk.write_text('{"format": "nndesigner-recovery", "design": {"bias": Infinity}}')
    shown = []
    monkeypatch.setattr(dialogs, "ask_restore", lambda *_: True)
    monkeypatch.setattr(dialogs, "show_error", lambda parent, message: shown.append(message))
    restarted = restart()
    restarted.files.offer_recovery()
    assert len(shown) == 1 and "could not be restored" in shown[0]
    kept = junk.with_suffix(".unrestorable.json")
    assert str(kept) in shown[0] and kept.exists() and not junk.exists()
    assert orphaned_recoveries(folder) == []  # reported once


def test_the_original_path_is_stored_absolute(window, monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)
    path = write_recovery(window.design, tmp_path, "relative.nnd.json", "relative.nnd.json")
    assert json.loads(path.read_text())["original"] == str(tmp_path / "relative.nnd.json")
