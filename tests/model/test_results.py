"""The results cache: each derived result once per revision, dropped by the design's and
the document's signals, equal to computing it afresh."""

from __future__ import annotations

import gc
import weakref
from dataclasses import replace

import numpy as np
import pytest

from nndesigner.model import results as results_module
from nndesigner.model.dataset import Table
from nndesigner.model.errors import DesignError
from nndesigner.model.results import Results
from nndesigner.model.serialize import load_design
from nndesigner.resources import resource_path


@pytest.fixture
def design():
    return load_design(resource_path("examples", "house_prices.nnd.json"))


@pytest.fixture
def compiles(monkeypatch):
    """How often the cache compiles the document."""
    calls = []
    real = results_module.compile_document

    def counting(document):
        calls.append(document)
        return real(document)

    monkeypatch.setattr(results_module, "compile_document", counting)
    return calls


def test_every_result_of_one_revision_shares_one_compile(design, compiles):
    results = Results(design)
    results.snapshot()
    results.scores()
    results.trace(3)
    results.landscape([design.document.synapses[0].id])
    results.predict(np.zeros((1, 4)))
    assert len(compiles) == 1


def test_an_edit_drops_the_results_and_says_so(design, compiles):
    results = Results(design)
    seen = []
    results.invalidated.connect(lambda: seen.append(results.revision))
    before = results.predictions().copy()
    synapse = design.document.synapses[0]
    design.document.update_synapse(synapse.id, synapse.weight + 1.0)
    assert seen == [1]
    after = results.predictions()
    assert not np.array_equal(before, after)
    assert np.array_equal(after, Results(design).predictions())
    assert len(compiles) == 3  # before, after, and the fresh cache


def test_a_settings_change_keeps_the_compiled_network_but_not_what_settings_shape(design, compiles):
    results = Results(design)
    first = results.trace(0)
    design.settings = replace(design.settings, learning_rate=design.settings.learning_rate / 10)
    second = results.trace(0)
    assert len(compiles) == 1
    assert second.learning_rate == first.learning_rate / 10


def test_moving_a_neuron_changes_nothing_derived(design):
    results = Results(design)
    seen = []
    results.invalidated.connect(lambda: seen.append(True))
    neuron = design.document.neurons[0]
    design.document.update_neuron(neuron.id, x=neuron.x + 40.0, y=neuron.y - 10.0)
    assert seen == []


def test_a_closed_cache_no_longer_follows_the_design(design):
    results = Results(design)
    seen = []
    results.invalidated.connect(lambda: seen.append(True))
    results.close()
    design.settings = replace(design.settings, epochs=7)
    assert seen == []


def test_a_failure_is_kept_and_raised_again_until_the_next_change(design):
    design.data = None
    results = Results(design)
    for _ in range(2):
        with pytest.raises(DesignError, match="No data"):
            results.arrays()
    assert results.snapshot() is None


def test_a_kept_failure_holds_no_reference_cycle(design):
    """Without the garbage collector the cache is freed as soon as it is dropped: a kept
    exception with its traceback would hold it in a cycle (and the GUI's panels with it)."""
    design.data = None
    results = Results(design)
    with pytest.raises(DesignError):
        results.arrays()
    alive = weakref.ref(results)
    gc.disable()
    try:
        del results
        assert alive() is None
    finally:
        gc.enable()


def test_an_untrained_design_predicts_through_the_preprocessing_the_plots_show():
    """Before the first run no preprocessing is stored; the predictions, the boundary and
    the snapshot all see the data as training will (standardised), not raw."""
    from nndesigner.model.dataset import generated_table
    from nndesigner.model.design import Design
    from nndesigner.model.document import NetworkDocument
    from nndesigner.model.entities import Neuron, Synapse

    document = NetworkDocument()
    for label, role in [("x1", "input"), ("x2", "input"), ("label", "output")]:
        document.add_neuron(Neuron(label, role, label, "sigmoid", bias=0.2))
    document.add_synapse(Synapse("s1", "x1", "label", 1.5))
    document.add_synapse(Synapse("s2", "x2", "label", -0.7))
    design = Design(document, data=generated_table("blobs", 60, 0.1, 0))
    assert design.preprocessing is None and design.settings.standardize_inputs
    results = Results(design)
    grid = results.snapshot().grid
    corners = np.array([[grid.x[0], grid.y[0]], [grid.x[-1], grid.y[-1]]])
    expected = np.array([grid.values[0, 0], grid.values[-1, -1]])
    np.testing.assert_allclose(results.predict(corners)[:, 0], expected, rtol=1e-12)


def test_a_file_from_before_split_seed_keeps_its_validation_rows(design):
    from nndesigner.model.serialize import design_from_dict, design_to_dict

    saved = design_to_dict(design)
    saved["training"]["seed"] = 7
    del saved["training"]["split_seed"]
    assert design_from_dict(saved).settings.split_seed == 7


def test_the_progress_line_says_rows_per_second_and_time_left(design):
    from nndesigner.engine.training import EpochRecord
    from nndesigner.model.training_run import prepare_run, progress_line

    inputs, targets = design.data_arrays()
    settings = replace(design.settings, epochs=100)
    run = prepare_run(design, inputs, targets, settings)
    rows = len(run.data.train_inputs)
    line = progress_line(run, EpochRecord(25, 0.0123456), elapsed=5.0)
    assert line == f"Epoch 25 of 100 · cost 0.012346 · {25 * rows / 5:,.0f} rows/s · 15 s left"
    compiled = progress_line(run, EpochRecord(25, 0.0123456, kernel="compiled"), elapsed=5.0)
    assert compiled == line + " · compiled"


def test_raw_input_means_leave_missing_cells_out_and_follow_the_data(design):
    results = Results(design)
    labels = design.raw_input_labels()
    raw = design.raw_input_array(design.data)
    assert results.raw_input_means() == pytest.approx(raw.mean(axis=0))
    assert results.raw_input_means() is results.raw_input_means()  # kept
    columns = {name: np.array(column, copy=True) for name, column in design.data.columns.items()}
    columns[labels[0]][0] = np.nan
    design.data = Table("gaps.csv", design.data.header, columns)
    expected = raw[1:, 0].mean()
    assert results.raw_input_means()[0] == pytest.approx(expected)
    design.data = None
    with pytest.raises(DesignError):
        results.raw_input_means()
