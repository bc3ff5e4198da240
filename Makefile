# Two entry points for newcomers: `make run` and `make test` (see README, Quick start).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test check clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

## Start the bot (Telegram when TELEGRAM_BOT_TOKEN is set, otherwise the console demo).
run: $(STAMP)
	$(BIN)/python bot.py

## Run the whole test suite.
test: $(STAMP)
	$(BIN)/python -m pytest -q

## Lint and type-check.
check: $(STAMP)
	$(BIN)/ruff check . && $(BIN)/ruff format --check . && $(BIN)/mypy bot handlers storage tests

clean:
	rm -rf $(VENV) .mypy_cache .pytest_cache .ruff_cache
