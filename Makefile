# Two jobs, one command each: `make lab` (the suite in JupyterLab) and `make test` (everything CI checks).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8888
ROOT_FLAG := $(if $(filter 0,$(shell id -u)),--allow-root,)

.PHONY: lab test setup system-deps clean

lab: setup
	$(BIN)/jupyter lab $(ROOT_FLAG) --port=$(PORT) --ServerApp.root_dir=notebooks notebooks/00_tour.ipynb

test: setup system-deps
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	PLOTLY_RENDERER=plotly_mimetype MPLBACKEND=Agg $(BIN)/python -m pytest

setup: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet -c constraints.txt -e '.[lab,test]'
	touch $@

system-deps:
	bash scripts/system-deps.sh

clean:
	rm -rf $(VENV)
