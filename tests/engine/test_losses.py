"""Every loss's gradient agrees with finite differences of its value."""

import numpy as np
import pytest

from nndesigner.engine.losses import LOSSES, get_loss


@pytest.mark.parametrize("name", list(LOSSES))
def test_gradient_matches_finite_differences(name):
    loss = get_loss(name)
    rng = np.random.default_rng(1)
    a = rng.uniform(0.1, 0.9, (5, 3))
    y = rng.uniform(0.0, 1.0, (5, 3))
    numeric = np.zeros_like(a)
    h = 1e-6
    for index in np.ndindex(a.shape):
        shifted = a.copy()
        shifted[index] += h
        plus = loss.value(y, shifted)
        shifted[index] -= 2 * h
        numeric[index] = (plus - loss.value(y, shifted)) / (2 * h)
    np.testing.assert_allclose(loss.gradient(y, a), numeric, rtol=1e-6)


def test_half_squared_error_is_half_the_squared_error():
    y = np.array([[1.0], [0.0]])
    a = np.array([[0.5], [0.5]])
    assert get_loss("half_squared_error").value(y, a) == pytest.approx(0.125)
    assert get_loss("mse").value(y, a) == pytest.approx(0.25)


@pytest.mark.parametrize("name", ["binary_cross_entropy", "cross_entropy"])
def test_cross_entropies_stay_finite_at_zero_and_one(name):
    loss = get_loss(name)
    y = np.array([[1.0, 0.0]])
    a = np.array([[0.0, 1.0]])
    assert np.isfinite(loss.value(y, a))
    assert np.isfinite(loss.gradient(y, a)).all()


@pytest.mark.parametrize("name", list(LOSSES))
def test_value_and_gradient_together_equal_them_apart(name):
    loss = get_loss(name)
    rng = np.random.default_rng(3)
    a, y = rng.uniform(0.1, 0.9, (4, 2)), rng.uniform(0, 1, (4, 2))
    gradient = np.full_like(a, np.nan)
    value = loss.value_and_gradient(y, a, gradient)
    assert value == pytest.approx(loss.value(y, a), rel=1e-12)
    np.testing.assert_allclose(gradient, loss.gradient(y, a), rtol=1e-12)
