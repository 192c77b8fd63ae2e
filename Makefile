# Two jobs, one command each: `make lab` (the suite in JupyterLab) and `make test` (everything CI checks).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8888
EDITION ?= en  # make lab EDITION=zh opens the Chinese edition (中文版)
ROOT_FLAG := $(if $(filter 0,$(shell id -u)),--allow-root,)

.PHONY: lab test setup book book-test system-deps clean

lab: setup
	$(BIN)/jupyter lab $(ROOT_FLAG) --port=$(PORT) --ServerApp.root_dir=notebooks notebooks/$(EDITION)/00_tour.ipynb

test: setup system-deps
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	# PYTHONDONTWRITEBYTECODE emptied: the run starts some 150 Pythons (kernels, servers, test
	# workers); with the bytecode cached, each after the first stops compiling the package
	PYTHONDONTWRITEBYTECODE= PLOTLY_RENDERER=plotly_mimetype MPLBACKEND=Agg $(BIN)/python -m pytest

setup: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet -c constraints.txt -e '.[lab,test,book]'
	touch $@

# Both editions as a static, offline site in book/_build/html (book/README.md); a second run
# re-executes only the notebooks that changed since.
book: setup system-deps
	$(BIN)/python book/build.py

# The book built, served on 127.0.0.1 and every page opened in Chromium (tests/browser/test_book.py,
# also part of `make test`, which builds it from the notebooks it ran); alone it executes what
# the last test run left missing or stale.
book-test: setup system-deps
	PLOTLY_RENDERER=plotly_mimetype MPLBACKEND=Agg $(BIN)/python -m pytest -n 0 tests/browser/test_book.py

system-deps:
	bash scripts/system-deps.sh

clean:
	rm -rf $(VENV) book/_build
