# The two commands: `make run` and `make test`. Each creates .venv when it is missing
# or older than pyproject.toml, installs the project into it, then does its job.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# Extras for `make test`; CI adds `reference` (PyTorch CPU) so the equivalence tests run.
# `fast` (the compiled kernel) is always in, so both kernels are always tested.
EXTRAS ?= test,fast

.PHONY: run test lint package clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed-app: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[fast]'
	touch $@

$(VENV)/.installed-$(EXTRAS): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[$(EXTRAS)]'
	touch $@ $(VENV)/.installed-app

run: $(VENV)/.installed-app
	$(BIN)/nndesigner

test: $(VENV)/.installed-$(EXTRAS)
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest

lint: $(VENV)/.installed-$(EXTRAS)
	$(BIN)/ruff check nndesigner tests benchmarks docs
	$(BIN)/lint-imports

# A one-folder application in dist/nndesigner (PyInstaller, for this platform).
package: $(VENV)/.installed-app
	$(BIN)/python -m pip install --quiet "pyinstaller>=6.10"
	$(BIN)/pyinstaller --noconfirm --clean --distpath dist --workpath build packaging/nndesigner.spec

clean:
	rm -rf $(VENV) build dist
