"""Write the bundled examples: for each, a design (*.nnd.json) and its data (*.csv).

Seeded, so running it again gives the same files. From the repository root:
    python resources/examples/make_examples.py
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

import numpy as np

HERE = Path(__file__).parent
COLUMN_GAP, ROW_GAP = 220.0, 110.0


def neuron(neuron_id, role, label, activation, column, row, rows_in_column):
    top = -(rows_in_column - 1) * ROW_GAP / 2
    return {
        "id": neuron_id,
        "role": role,
        "label": label,
        "activation": activation,
        "position": [column * COLUMN_GAP, top + row * ROW_GAP],
    }


def design(layers, links, training, rng):
    """layers: list of (role, activation, [(id, label), ...]) from inputs to outputs."""
    neurons = []
    for column, (role, activation, members) in enumerate(layers):
        for row, (neuron_id, label) in enumerate(members):
            entry = neuron(neuron_id, role, label, activation, column, row, len(members))
            entry["bias"] = 0.0 if role == "input" else round(float(rng.uniform(-0.5, 0.5)), 4)
            neurons.append(entry)
    synapses = [
        {"id": f"s{k}", "from": a, "to": b, "weight": round(float(rng.uniform(-0.5, 0.5)), 4)}
        for k, (a, b) in enumerate(links, start=1)
    ]
    return {
        "format": "nndesigner-design",
        "version": 1,
        "neurons": neurons,
        "synapses": synapses,
        "preprocessing": None,
        "training": training,
    }


def dense(sources, targets):
    return [(a, b) for b in targets for a in sources]


def write(name, header, rows, document):
    with open(HERE / f"{name}.csv", "w", newline="") as stream:
        writer = csv.writer(stream, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)
    document["training"]["data"] = f"{name}.csv"
    (HERE / f"{name}.nnd.json").write_text(json.dumps(document, indent=2) + "\n")


def xor(rng):
    layers = [
        ("input", "linear", [("x1", "x1"), ("x2", "x2")]),
        ("hidden", "sigmoid", [("h1", "h1"), ("h2", "h2")]),
        ("output", "sigmoid", [("y", "y")]),
    ]
    links = dense(["x1", "x2"], ["h1", "h2"]) + dense(["h1", "h2"], ["y"])
    training = {"epochs": 2000, "learning_rate": 2.0, "loss": "half_squared_error"}
    rows = [[0, 0, 0], [0, 1, 1], [1, 0, 1], [1, 1, 0]]
    write("xor", ["x1", "x2", "y"], rows, design(layers, links, training, rng))


def perceptron_and(rng):
    layers = [
        ("input", "linear", [("a", "a"), ("b", "b")]),
        ("output", "step", [("y", "a AND b")]),
    ]
    training = {
        "epochs": 30,
        "learning_rate": 0.1,
        "batch_size": 1,
        "standardize_inputs": False,
    }
    rows = [[0, 0, 0], [0, 1, 0], [1, 0, 0], [1, 1, 1]]
    write(
        "perceptron_and",
        ["a", "b", "a AND b"],
        rows,
        design(layers, dense(["a", "b"], ["y"]), training, rng),
    )


def house_prices(rng):
    inputs = [
        ("area", "Area"),
        ("bedrooms", "Bedrooms"),
        ("distance", "Distance to city"),
        ("age", "Age"),
    ]
    hidden = [("h1", "h1"), ("h2", "h2"), ("h3", "h3")]
    layers = [
        ("input", "linear", inputs),
        ("hidden", "relu", hidden),
        ("output", "linear", [("price", "Price")]),
    ]
    # Not every input feeds every hidden neuron: size, location and condition.
    links = [
        ("area", "h1"),
        ("bedrooms", "h1"),
        ("distance", "h2"),
        ("area", "h2"),
        ("age", "h3"),
        ("distance", "h3"),
    ] + dense(["h1", "h2", "h3"], ["price"])
    training = {"epochs": 300, "learning_rate": 0.05, "batch_size": 16, "standardize_outputs": True}
    count = 200
    area = rng.uniform(40, 250, count)
    bedrooms = np.clip(np.round(area / 45 + rng.normal(0, 0.7, count)), 1, 6)
    distance = rng.uniform(0.5, 40, count)
    age = rng.uniform(0, 90, count)
    price = 60 + 2.1 * area + 12 * bedrooms - 3.5 * distance - 0.8 * age + rng.normal(0, 20, count)
    rows = [
        [round(a, 1), int(b), round(d, 1), round(g), round(p, 1)]
        for a, b, d, g, p in zip(area, bedrooms, distance, age, price, strict=True)
    ]
    header = ["Area", "Bedrooms", "Distance to city", "Age", "Price"]
    write("house_prices", header, rows, design(layers, links, training, rng))


def salary(rng):
    inputs = [
        ("age", "Age"),
        ("worked", "Years worked"),
        ("past", "Past salary"),
        ("industry", "Years in industry"),
    ]
    hidden = [("h1", "h1"), ("h2", "h2"), ("h3", "h3")]
    layers = [
        ("input", "linear", inputs),
        ("hidden", "tanh", hidden),
        ("output", "linear", [("salary", "Salary")]),
    ]
    links = dense([i for i, _ in inputs], [h for h, _ in hidden]) + dense(
        ["h1", "h2", "h3"], ["salary"]
    )
    training = {"epochs": 300, "learning_rate": 0.05, "batch_size": 16, "standardize_outputs": True}
    count = 200
    age = rng.uniform(21, 65, count)
    worked = np.clip(age - 21 - rng.uniform(0, 6, count), 0, None)
    industry = worked * rng.uniform(0.3, 1.0, count)
    past = 28000 + 1400 * worked + rng.normal(0, 4000, count)
    salary_now = 1.04 * past + 600 * industry + rng.normal(0, 2500, count)
    rows = [
        [round(a), round(w, 1), round(p, -2), round(i, 1), round(s, -2)]
        for a, w, p, i, s in zip(age, worked, past, industry, salary_now, strict=True)
    ]
    header = ["Age", "Years worked", "Past salary", "Years in industry", "Salary"]
    write("salary", header, rows, design(layers, links, training, rng))


def main() -> None:
    for index, make in enumerate((xor, perceptron_and, house_prices, salary)):
        make(np.random.default_rng(index))


if __name__ == "__main__":
    main()
