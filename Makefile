# Netzwerkstatt: the two commands are `make up` (run everything locally) and `make test`.
# Needs only python3 (3.11+) and make: uv is installed into .tools/ on first use and never
# downloads an interpreter.

UV_VERSION := 0.13.9
UV := .tools/bin/uv
UV_RUN := $(UV) run --frozen --no-sync
# Each distribution's import root, so mypy names modules as they are imported.
MYPYPATH := shared:services/registry:services/events:services/feedback:services/notifications:services/gateway

export UV_PYTHON_PREFERENCE := only-system
export UV_PYTHON_DOWNLOADS := never

.PHONY: up test lint bench sync browser promtool test-images asyncapi migration engine images deploy-check

$(UV):
	python3 -m venv .tools
	.tools/bin/pip install --quiet --disable-pip-version-check uv==$(UV_VERSION)

# Bytecode is compiled here, once, for the dependencies and our own sources: where the environment
# sets PYTHONDONTWRITEBYTECODE (as CI machines and images often do) Python would otherwise compile
# every module each process imports, every time (a service took 3 s of CPU to start, now about 1).
sync: $(UV)
	$(UV) sync --all-packages --frozen --python python3 --compile-bytecode
	$(UV_RUN) python -m compileall -q -j 0 shared services tests benchmarks scripts

# Local stack: NATS, PostgreSQL (data kept in .data/) and all services. Extra options via ARGS,
# e.g. `make up ARGS="--no-demo --port 8080"`.
up: sync
	$(UV_RUN) python -m netzwerkstatt.stack up $(ARGS)

# Debian's Chromium headless shell for the browser tests (never a browser download) and axe-core from
# npm for their accessibility checks (tests/browser/axe, from its package-lock.json): installed when
# missing (the Debian packages only when we are root, as in CI); otherwise the browser tests say what
# is missing. The headless shell renders as the full browser does without its user interface, whose
# start alone cost 2 s of CPU per browser.
browser:
	@if [ ! -x /usr/bin/chromium-headless-shell ] && [ "$$(id -u)" = "0" ]; then \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium-headless-shell; \
	fi
	@if ! command -v npm >/dev/null && [ "$$(id -u)" = "0" ]; then \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq npm; \
	fi
	@if [ ! -f tests/browser/axe/node_modules/axe-core/axe.min.js ]; then \
		npm ci --prefix tests/browser/axe --no-audit --no-fund --loglevel=error; \
	fi

# Debian's prometheus package for promtool (the alert-rule tests), installed like the browser.
promtool:
	@if ! command -v promtool >/dev/null && [ "$$(id -u)" = "0" ]; then \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends prometheus; \
	fi

# The whole suite against real servers; a JUnit report lands in test-artifacts/. The container tier
# (tests marked `containers`: compose for real, the testcontainers path) runs on images built from
# this tree just before (`test-images`); `make test TEST_CONTAINERS=0` leaves it out.
# Three workers, each with NATS and PostgreSQL of its own; a test module stays on one worker (its
# module fixtures, the fault matrix's cluster above all, start once), and modules go out in the
# order tests/conftest.py gives them (longest first). The tests mostly wait on servers, so three
# share two cores well.
# pytest keeps the test modules it rewrites for its assertions in __pycache__: where the environment
# sets PYTHONDONTWRITEBYTECODE, every worker would rewrite all of them on every run (13 s of CPU).
TEST_WORKERS ?= 3
TEST_CONTAINERS ?= 1
test: sync browser promtool test-images
	PYTHONDONTWRITEBYTECODE= NETZWERKSTATT_IMAGES_FROM_TREE=$(TEST_CONTAINERS) $(UV_RUN) pytest -n $(TEST_WORKERS) --dist loadscope --no-loadscope-reorder --durations=30 \
		--junitxml=test-artifacts/junit.xml $(ARGS)

lint: sync
	$(UV_RUN) ruff check .
	$(UV_RUN) ruff format --check .
	MYPYPATH=$(MYPYPATH) $(UV_RUN) mypy shared services tests

# Every benchmark, then one table of the hot paths next to the raw limits of the same run and the
# group-work table; fails when a guarantee check inside a benchmark fails. `make bench ARGS=--quick`
# is the short run.
bench: sync
	$(UV_RUN) python benchmarks/run_all.py $(ARGS)

# Regenerate the AsyncAPI documents in docs/asyncapi/ and the typed operations in
# shared/netzwerkstatt/operations/ after a change of contracts or subjects (the tests fail while
# they are out of date).
asyncapi: sync
	$(UV_RUN) python scripts/render_asyncapi.py
	$(UV_RUN) python scripts/render_operations.py

# A container engine on a machine without Docker (podman + runc, its Docker-API socket, a Debian
# base image built once with debootstrap); needs root the first time. See deploy/README.md.
engine:
	sh scripts/containers/engine.sh

# The container tier's engine and images for `make test`: prepared where this machine can (podman
# there, or root to install it, as in CI); elsewhere the tier's tests say what is missing and skip.
# A step that is attempted and fails (a package, the base image, an image build) fails the run.
test-images:
	@if [ "$(TEST_CONTAINERS)" != 1 ]; then \
		echo "containers: left out (TEST_CONTAINERS=$(TEST_CONTAINERS))"; \
	elif command -v podman >/dev/null || [ "$$(id -u)" = "0" ]; then \
		sh scripts/containers/engine.sh && sh scripts/containers/build-images.sh; \
	else \
		echo "containers: no podman and not root, so the container tier is skipped (make engine as root prepares it)"; \
	fi

# Every image compose needs, built locally (cached layers: seconds when nothing changed).
images: engine
	sh scripts/containers/build-images.sh

# deploy/compose.yaml for real: up with its secrets, healthy, migrated, only the gateway published,
# the walking skeleton and a registration through that port, data surviving restarts of PostgreSQL
# and NATS, two replicas handling each command once, torn down without a trace; then the same for
# compose.cluster.yaml with one NATS node killed while events flow.
deploy-check: sync images
	NETZWERKSTATT_IMAGES_FROM_TREE=1 $(UV_RUN) pytest -m containers tests/deploy/containers $(ARGS)
# Autogenerate a service's next migration from the difference between its migrated schema and its
# tables in the code: `make migration SERVICE=events MESSAGE="registration deadline"`.
migration: sync
	@test -n "$(SERVICE)" -a -n "$(MESSAGE)" || { echo 'usage: make migration SERVICE=<service> MESSAGE="<what changes>"'; exit 2; }
	$(UV_RUN) python scripts/new_migration.py "$(SERVICE)" "$(MESSAGE)"
