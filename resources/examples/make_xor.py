"""Write the XOR example: xor.csv (the four rows) and xor.nnd.json (a 2-2-1 sigmoid design).

Run from the repository root: python resources/examples/make_xor.py
"""

import json
from pathlib import Path

import numpy as np

HERE = Path(__file__).parent


def main() -> None:
    rows = ["x1,x2,y", "0,0,0", "0,1,1", "1,0,1", "1,1,0"]
    (HERE / "xor.csv").write_text("\n".join(rows) + "\n")
    rng = np.random.default_rng(0)
    neurons = [
        {
            "id": "x1",
            "role": "input",
            "label": "x1",
            "activation": "linear",
            "bias": 0.0,
            "position": [0, 0],
        },
        {
            "id": "x2",
            "role": "input",
            "label": "x2",
            "activation": "linear",
            "bias": 0.0,
            "position": [0, 160],
        },
        {
            "id": "h1",
            "role": "hidden",
            "label": "h1",
            "activation": "sigmoid",
            "bias": 0.0,
            "position": [200, 0],
        },
        {
            "id": "h2",
            "role": "hidden",
            "label": "h2",
            "activation": "sigmoid",
            "bias": 0.0,
            "position": [200, 160],
        },
        {
            "id": "y",
            "role": "output",
            "label": "y",
            "activation": "sigmoid",
            "bias": 0.0,
            "position": [400, 80],
        },
    ]
    links = [("x1", "h1"), ("x2", "h1"), ("x1", "h2"), ("x2", "h2"), ("h1", "y"), ("h2", "y")]
    synapses = [
        {"id": f"s{i}", "from": a, "to": b, "weight": round(float(rng.uniform(-1, 1)), 4)}
        for i, (a, b) in enumerate(links, start=1)
    ]
    design = {
        "format": "nndesigner-design",
        "version": 1,
        "neurons": neurons,
        "synapses": synapses,
        "preprocessing": None,
        "training": {"data": "xor.csv", "epochs": 2000, "learning_rate": 2.0},
    }
    (HERE / "xor.nnd.json").write_text(json.dumps(design, indent=2) + "\n")


if __name__ == "__main__":
    main()
