# coachkit: every target builds or reuses .venv first (python3 -m venv + pip from pyproject.toml).
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp

.DEFAULT_GOAL := help
.PHONY: help venv test lint lint-content format strip reports sample app lab bench clean

help: ## list the targets
	@echo "make targets:"
	@grep -E '^[a-zA-Z_-]+:.*## ' $(MAKEFILE_LIST) | sed -E 's/^([a-zA-Z_-]+):.*## (.*)/  \1|\2/' | awk -F'|' '{printf "  %-14s %s\n", $$1, $$2}'

# Rebuilt only when pyproject.toml changes (or .venv is missing).
$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[dev]'
	@touch $(STAMP)

venv: $(STAMP) ## create or update the virtual environment in .venv

test: $(STAMP) ## the whole check: ruff, content lint, unit tests (PostgreSQL included) and every notebook
	bash scripts/test-deps.sh
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/coachkit lint
	$(BIN)/pytest --nbval-lax tests notebooks --ignore-glob='notebooks/training/0[1-9]_*.ipynb'

lint: $(STAMP) ## ruff lint and format check only
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

lint-content: $(STAMP) ## check the playbooks and print what they hold
	$(BIN)/coachkit lint --stats

format: $(STAMP) ## format the code with ruff
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

strip: $(STAMP) ## remove outputs from every notebook before committing
	find notebooks -name '*.ipynb' -not -path '*/.ipynb_checkpoints/*' -exec $(BIN)/jupyter nbconvert --clear-output --inplace {} +

# The bundled sample organisation ends on 2026-10-31; its reports cover that last month.
SAMPLE_PERIOD := --from 2026-10-01 --to 2026-10-31

reports: $(STAMP) ## the main job: a coaching report per sample team, in reports/ (English) and reports/zh/
	$(BIN)/coachkit reports --store sample $(SAMPLE_PERIOD) --out reports
	$(BIN)/coachkit reports --store sample $(SAMPLE_PERIOD) --locale zh --out reports/zh
	@echo "open reports/index.html (English) or reports/zh/index.html (中文)"

sample: $(STAMP) ## regenerate the bundled sample organisation in data/sample
	$(BIN)/coachkit sample-data --out data/sample

app: $(STAMP) ## the kit in a browser: start page, modules, trainer pages, team reports (sample teams)
	$(BIN)/coachkit app --reports-store sample

lab: $(STAMP) ## open JupyterLab on the notebooks (saving never keeps widgets that cannot reopen)
	$(BIN)/coachkit lab

bench: $(STAMP) ## run the benchmarks in benchmarks/
	$(BIN)/python benchmarks/lint.py
	$(BIN)/python benchmarks/feedback.py
	$(BIN)/python benchmarks/reports.py
	$(BIN)/python benchmarks/cluster.py
	$(BIN)/python benchmarks/browser.py
	$(BIN)/python benchmarks/ingest.py
	$(BIN)/python benchmarks/ingest.py --large

clean: ## remove the virtual environment and caches (keeps var/, your store)
	rm -rf $(VENV) .pytest_cache .ruff_cache
