"""The live snapshot interval follows the window thread's measured CPU share."""

import pytest

from nndesigner.ui.snapshot_pacing import LONGEST, SHORTEST, WINDOW_SHARE, SnapshotPacing


class Clocks:
    """A wall clock and a CPU clock the test advances by hand."""

    def __init__(self) -> None:
        self.wall = 100.0
        self.cpu = 5.0

    def advance(self, wall: float, cpu: float) -> None:
        self.wall += wall
        self.cpu += cpu


@pytest.fixture
def clocks():
    return Clocks()


@pytest.fixture
def pacing(clocks):
    return SnapshotPacing(lambda: clocks.wall, lambda: clocks.cpu)


def test_a_window_below_its_share_gets_snapshots_as_often_as_allowed(clocks, pacing):
    for _ in range(10):
        clocks.advance(pacing.interval, pacing.interval * WINDOW_SHARE / 4)
        assert pacing.snapshot_shown() == SHORTEST


def test_a_busy_window_settles_where_it_uses_its_share(clocks, pacing):
    cost = 0.05  # CPU seconds to show one snapshot: settles at cost / share = 0.5 s
    for _ in range(30):
        clocks.advance(pacing.interval, cost)
        pacing.snapshot_shown()
    assert pacing.interval == pytest.approx(cost / WINDOW_SHARE, rel=1e-3)


def test_the_interval_never_passes_its_bounds(clocks, pacing):
    for _ in range(20):
        clocks.advance(pacing.interval, pacing.interval)  # the window is always busy
        assert SHORTEST <= pacing.snapshot_shown() <= LONGEST
    assert pacing.interval == LONGEST
    pacing.restart()
    assert pacing.interval == SHORTEST


def test_one_slow_paint_moves_the_interval_only_part_of_the_way(clocks, pacing):
    clocks.advance(SHORTEST, SHORTEST * WINDOW_SHARE * 4)  # four times over budget
    assert pacing.snapshot_shown() == pytest.approx(SHORTEST * 2)
