"""The cost landscape: the cost at the current weights, the slope there, and the step."""

from __future__ import annotations

import numpy as np
import pytest

from nndesigner.model.errors import DesignError
from nndesigner.model.landscape import POINTS_1D, POINTS_2D
from nndesigner.model.results import Results
from nndesigner.model.serialize import load_design
from nndesigner.resources import resource_path


@pytest.fixture
def design():
    return load_design(resource_path("examples", "house_prices.nnd.json"))


def cost_with(design, synapse_id: str, weight: float) -> float:
    """The landscape's own cost function at one weight, computed independently."""
    design.document.update_synapse(synapse_id, weight)
    return Results(design).landscape([synapse_id]).current_cost


def test_one_weight_curve_passes_through_the_current_cost_and_steps_downhill(design):
    synapse_id = design.document.synapses[0].id
    weight = design.document.synapse(synapse_id).weight
    landscape = Results(design).landscape([synapse_id])
    (axis,) = landscape.axes
    assert landscape.costs.shape == (POINTS_1D,)
    middle = POINTS_1D // 2
    assert axis[middle] == pytest.approx(weight)
    assert landscape.costs[middle] == pytest.approx(landscape.current_cost, rel=1e-12)
    h = 1e-6
    slope = cost_with(design, synapse_id, weight + h) - cost_with(design, synapse_id, weight - h)
    slope /= 2 * h
    rate = design.settings.learning_rate
    assert landscape.step[0] == pytest.approx(weight - rate * slope, rel=1e-6, abs=1e-9)
    assert axis[0] <= landscape.step[0] <= axis[-1]
    step_cost = landscape.step_cost
    assert step_cost == pytest.approx(cost_with(design, synapse_id, landscape.step[0]), rel=1e-12)
    assert step_cost < landscape.current_cost


def test_two_weights_make_a_grid_centred_on_the_current_point(design):
    ids = [s.id for s in design.document.synapses[:2]]
    landscape = Results(design).landscape(ids)
    assert landscape.costs.shape == (POINTS_2D, POINTS_2D)
    centre = POINTS_2D // 2
    assert landscape.costs[centre, centre] == pytest.approx(landscape.current_cost, rel=1e-12)
    assert np.all(np.isfinite(landscape.costs))


def test_three_weights_are_refused(design):
    with pytest.raises(DesignError, match="one or two synapses"):
        Results(design).landscape([s.id for s in design.document.synapses[:3]])
