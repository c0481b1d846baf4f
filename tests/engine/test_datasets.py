"""The generated datasets: shapes, classes, reproducibility, and that they are not trivial."""

import numpy as np
import pytest

from nndesigner.engine.datasets import GENERATORS, make_dataset


@pytest.mark.parametrize("name", list(GENERATORS))
def test_shapes_and_reproducibility(name):
    first = make_dataset(name, rows=301, noise=0.2, seed=5)
    assert first.inputs.shape == (301, 2) and first.targets.shape == (301, 1)
    again = make_dataset(name, rows=301, noise=0.2, seed=5)
    np.testing.assert_array_equal(first.inputs, again.inputs)
    other = make_dataset(name, rows=301, noise=0.2, seed=6)
    assert not np.array_equal(first.inputs, other.inputs)
    if first.classification:
        assert set(np.unique(first.targets)) == {0.0, 1.0}
        assert abs(first.targets.mean() - 0.5) < 0.1


@pytest.mark.parametrize("name", ["xor", "circles", "moons", "spiral"])
def test_classes_are_not_linearly_separable(name):
    """A least-squares linear classifier stays well below perfect on the curved sets."""
    data = make_dataset(name, rows=600, noise=0.0)
    design = np.hstack([data.inputs, np.ones((600, 1))])
    weights, *_ = np.linalg.lstsq(design, data.targets[:, 0] * 2 - 1, rcond=None)
    accuracy = np.mean((design @ weights > 0) == (data.targets[:, 0] == 1))
    assert accuracy < 0.9


def test_plane_is_a_regression_and_unknown_names_are_refused():
    plane = make_dataset("plane", rows=50, noise=0.0)
    assert not plane.classification and plane.header == ("x1", "x2", "y")
    np.testing.assert_allclose(
        plane.targets[:, 0], 2 * plane.inputs[:, 0] - plane.inputs[:, 1] + 0.5
    )
    with pytest.raises(ValueError, match="unknown dataset 'swirl'"):
        make_dataset("swirl")
