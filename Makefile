# Two commands set everything up on a fresh machine with Python 3.10+:
#   make lab    open the course in JupyterLab
#   make test   run the whole test suite (unit, functional, notebooks under nbval)
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-$(shell cat pyproject.toml | cksum | cut -d' ' -f1)

.PHONY: lab test venv lint doctor diagrams notebooks clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Reinstall whenever pyproject.toml changes (the stamp carries its checksum).
$(STAMP): pyproject.toml | $(BIN)/python
	rm -f $(VENV)/.installed-*
	$(BIN)/python -m pip install --quiet -e '.[test]'
	@# JupyterHub's proxy for the workshop test (npm registry); skipped where npm is absent.
	@if command -v npm >/dev/null; then npm install --silent --no-save --prefix $(VENV)/npm configurable-http-proxy@4; \
	  else echo "npm not found: the JupyterHub workshop test will be skipped"; fi
	touch $@

venv: $(STAMP)

lab: venv
	$(BIN)/labkit lab $(ARGS)

test: venv
	$(BIN)/python -m pytest -n 2 --dist loadfile --nbval $(ARGS)

lint: venv
	$(BIN)/ruff check labkit tests

# Re-render every concept diagram in diagrams/ from its source (a test fails when one is stale).
diagrams: venv
	$(BIN)/python -m labkit.diagrams regenerate

# Run the master notebooks top to bottom and commit their outputs (nbval compares them strictly).
# Sources: notebooks/_src/<lang>/*.py (jupytext percent). One: make notebooks NB=notebooks/_src/en/03_ec2.py
notebooks: venv
	$(BIN)/python tools/notebooks.py build $(NB)

doctor: venv
	$(BIN)/labkit doctor

clean:
	rm -rf $(VENV) .pytest_cache build dist
