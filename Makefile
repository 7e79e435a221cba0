# SalesOS — see README.md. Every target installs what it needs first.
PY_SYS ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
PACKAGES := libs/contracts libs/servicekit services/leads services/pipeline services/workorders services/incentives services/notifications gateway
STAMP := $(VENV)/.installed

.PHONY: install run test unit integration e2e proto proto-check lint bench load k8s-check images clean

$(STAMP): requirements.lock $(foreach p,$(PACKAGES),$(p)/pyproject.toml)
	test -x $(PY) || $(PY_SYS) -m venv $(VENV)
	$(PIP) install -q --disable-pip-version-check -r requirements.lock
	$(PIP) install -q --disable-pip-version-check --no-deps --no-build-isolation $(foreach p,$(PACKAGES),-e $(p))
	touch $(STAMP)

install: $(STAMP)

run: install
	SALESOS_DEMO=1 $(PY) -m servicekit.runner

test: install
	$(PY) -m pytest -q

unit: install
	$(PY) -m pytest -q -m "not integration and not e2e"

integration: install
	$(PY) -m pytest -q -m integration

e2e: install
	$(PY) -m pytest -q -m e2e

proto: install
	scripts/gen_proto.sh

proto-check: install
	$(PY) -m pytest -q tests/contracts

lint: install
	$(VENV)/bin/ruff check .

bench: install
	$(PY) -m loadtests.bench

clean:
	rm -rf $(VENV) .data
