"""Files are replaced whole or not at all, even when the process is killed mid-save."""

from __future__ import annotations

import errno
import json
import os
import signal
import subprocess
import sys
import textwrap
import time

import pytest

from nndesigner.model import atomic_file
from nndesigner.model.atomic_file import write_atomically
from nndesigner.model.errors import DesignError
from nndesigner.model.serialize import load_design
from nndesigner.resources import resource_path

XOR = resource_path("examples", "xor.nnd.json")


def test_a_write_replaces_the_file_and_leaves_no_temporary(tmp_path):
    path = tmp_path / "f.json"
    path.write_text("old")
    write_atomically(path, "new")
    assert path.read_text() == "new"
    assert [p.name for p in tmp_path.iterdir()] == ["f.json"]


def test_the_data_is_flushed_to_disk_before_the_rename(tmp_path, monkeypatch):
    events = []
    monkeypatch.setattr(atomic_file.os, "fsync", lambda fd: events.append("fsync"))
    real_replace = atomic_file.os.replace
    monkeypatch.setattr(
        atomic_file.os, "replace", lambda a, b: (events.append("replace"), real_replace(a, b))
    )
    write_atomically(tmp_path / "f.json", "data")
    # The file's own fsync comes before the rename; the folder's after it.
    assert events == ["fsync", "replace", "fsync"]


@pytest.mark.parametrize("failing", ["fsync", "replace"])
def test_a_failed_write_is_a_design_error_and_keeps_the_old_file(tmp_path, monkeypatch, failing):
    path = tmp_path / "f.json"
    path.write_text("old")

    def fail(*args):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(atomic_file.os, failing, fail)
    with pytest.raises(DesignError, match="No space left on device. The previous file"):
        write_atomically(path, "new")
    assert path.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["f.json"]


def test_an_unwritable_folder_is_a_design_error(tmp_path, monkeypatch):
    def refuse(**kwargs):
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(atomic_file.tempfile, "mkstemp", refuse)
    with pytest.raises(DesignError, match="Cannot write .*: Permission denied"):
        write_atomically(tmp_path / "f.json", "new")


def test_killing_the_process_between_write_and_rename_keeps_the_old_design(tmp_path):
    """A real SIGKILL, sent by the saving process to itself just before the rename."""
    target = tmp_path / "mine.nnd.json"
    old = json.loads(XOR.read_text())
    old.pop("training", None)
    target.write_text(json.dumps(old))
    script = textwrap.dedent(
        f"""
        import os, signal
        from nndesigner.model import atomic_file
        from nndesigner.model.serialize import load_design, save_design

        design = load_design({str(XOR)!r})
        design.document.update_synapse("s1", weight=123.0)
        atomic_file.os.replace = lambda a, b: os.kill(os.getpid(), signal.SIGKILL)
        save_design(design, {str(target)!r})
        """
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, timeout=60)
    assert result.returncode == -signal.SIGKILL, result.stderr
    assert json.loads(target.read_text()) == old
    leftovers = [p for p in tmp_path.iterdir() if p.name != target.name]
    # What the killed save wrote is complete in its temporary file, never in the target.
    assert len(leftovers) == 1
    assert load_design(leftovers[0], with_data=False).document.synapse("s1").weight == 123.0


def test_a_new_file_gets_the_umask_mode_and_an_old_one_keeps_its_own(tmp_path, monkeypatch):
    old_umask = os.umask(0o027)
    monkeypatch.setattr(atomic_file, "UMASK", 0o027)  # read at import; the test's own
    try:
        fresh = tmp_path / "fresh.json"
        write_atomically(fresh, "{}")
        assert fresh.stat().st_mode & 0o777 == 0o640
        private = tmp_path / "private.json"
        private.write_text("old")
        private.chmod(0o604)
        write_atomically(private, "new")
        assert private.stat().st_mode & 0o777 == 0o604
    finally:
        os.umask(old_umask)


def test_a_symlink_is_written_through_and_stays_a_link(tmp_path):
    real = tmp_path / "real.nnd.json"
    real.write_text("old")
    link = tmp_path / "link.nnd.json"
    link.symlink_to(real)
    write_atomically(link, "new")
    assert link.is_symlink() and real.read_text() == "new"


def test_stale_temporaries_of_a_killed_save_are_removed_on_the_next_save(tmp_path):
    target = tmp_path / "d.nnd.json"
    stale, fresh = tmp_path / ".d.nnd.json.abc.tmp", tmp_path / ".d.nnd.json.xyz.tmp"
    stale.write_text("half"), fresh.write_text("being written")
    old = time.time() - 2 * atomic_file.STALE_SECONDS
    os.utime(stale, (old, old))
    write_atomically(target, "whole")
    assert not stale.exists() and fresh.exists()  # a save running now keeps its file


@pytest.mark.parametrize("where", ["pipe", "nul"])
def test_a_pipe_or_a_nul_path_is_refused_as_output(tmp_path, where):
    path = tmp_path / "out.csv"
    if where == "pipe":
        os.mkfifo(path)
    with pytest.raises(DesignError, match="pipe|NUL"):
        write_atomically(f"{path}\0x" if where == "nul" else path, "text")
