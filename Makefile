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

# Locust against a running `make run` (keys from the banner in SALESOS_DEMO_*):
# LOAD_PROFILE=peak|stress, LOAD_TIME_SECONDS, LOAD_STRESS_FACTOR; see loadtests/locustfile.py.
load: install
	$(VENV)/bin/locust -f loadtests/locustfile.py --headless --only-summary \
	  -H $${SALESOS_BENCH_URL:-http://127.0.0.1:8000}

k8s-check: install
	$(PY) -m pytest -q tests/k8s

IMAGE_TAG ?= dev
images:
	for s in gateway leads pipeline workorders incentives notifications; do \
	  docker build --build-arg SERVICE=$$s -t salesos/$$s:$(IMAGE_TAG) . || exit 1; done

clean:
	rm -rf $(VENV) .data
