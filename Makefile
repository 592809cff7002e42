# The single entry point: `make run` and `make test` do all the set-up on a fresh machine.
PY ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
PYTHON := $(BIN)/python
MANAGE := $(PYTHON) manage.py
STAMP := $(VENV)/.installed-$(shell cat requirements/lock.txt pyproject.toml | cksum | cut -d' ' -f1)
PG_URL ?= postgres://postgres@127.0.0.1:5432/test
PYTEST_WORKERS ?= 2

.PHONY: api-fuzz run install migrate territory demo serve worker test test-sqlite test-postgres test-browser \
	quality fix lock bench resetdb clean

run: install migrate territory demo ## venv, install, migrate, territory, demo data, server
	@$(MANAGE) demo_logins
	@echo "Maillage démarre sur http://127.0.0.1:8000 (Ctrl-C pour arrêter)"
	@$(MANAGE) db_worker --queue-name '*' >var/worker.log 2>&1 & echo $$! >var/worker.pid; \
	trap 'kill $$(cat var/worker.pid) 2>/dev/null' EXIT INT TERM; \
	$(MANAGE) runserver 127.0.0.1:8000

NATIVE := src/maillage/matching/native

install: $(STAMP) $(NATIVE)/_kernels.so

# The engine's compiled inner loops (optional: without a C compiler numpy gives the same bits).
$(NATIVE)/_kernels.so: $(wildcard $(NATIVE)/*.c $(NATIVE)/*.h) $(NATIVE)/build.py | $(STAMP)
	@$(PYTHON) $(NATIVE)/build.py

$(STAMP): requirements/lock.txt pyproject.toml
	@test -x $(PYTHON) || $(PY) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check --require-hashes --no-deps -r requirements/lock.txt
	@# The project runs from its source tree: a .pth file instead of a build step.
	@echo "$(CURDIR)/src" > $(VENV)/lib/python3.11/site-packages/maillage-src.pth
	@echo "$(CURDIR)" >> $(VENV)/lib/python3.11/site-packages/maillage-src.pth
	@rm -f $(VENV)/.installed-*
	@mkdir -p var && touch $@

migrate: install
	@mkdir -p var
	$(MANAGE) migrate --noinput
	$(MANAGE) createcachetable

territory: install
	$(MANAGE) import_territory
	$(MANAGE) import_rome
	$(MANAGE) load_sdsf_reference
	$(MANAGE) load_path_templates

demo: install
	$(MANAGE) seed_demo --departement 93 --seed 1 --if-empty
	$(MANAGE) seed_occasional_demo --departement 93 --seed 1 --if-empty
	$(MANAGE) seed_rpe_demo --departement 93 --if-empty
	$(MANAGE) observatory_recompute

serve: install
	$(MANAGE) runserver 127.0.0.1:8000

worker: install
	$(MANAGE) db_worker --queue-name '*'

test: install quality test-sqlite ## quality gate + whole suite on SQLite

test-sqlite: install
	$(BIN)/pytest -n $(PYTEST_WORKERS) -m "not browser"

test-postgres: install
	DATABASE_URL=$(PG_URL) $(BIN)/pytest -n $(PYTEST_WORKERS) -m "not browser"

test-browser: install
	bash scripts/ensure_chromium.sh
	$(BIN)/pytest -m browser -p no:randomly

quality: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(MANAGE) check
	$(MANAGE) makemigrations --check --dry-run
	$(BIN)/mypy

fix: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

lock: install
	$(BIN)/uv pip compile --quiet --generate-hashes --extra dev --python-version 3.11 \
		--python-platform x86_64-manylinux_2_28 -o requirements/lock.txt pyproject.toml

bench: install
	$(PYTHON) -m bench.run_all

resetdb: install
	rm -f var/maillage.sqlite3 var/maillage.sqlite3-wal var/maillage.sqlite3-shm
	$(MANAGE) migrate --noinput
	$(MANAGE) createcachetable
	$(MANAGE) import_territory
	$(MANAGE) import_rome
	$(MANAGE) load_sdsf_reference
	$(MANAGE) load_path_templates
	$(MANAGE) seed_demo --departement 93 --seed 1 --if-empty
	$(MANAGE) seed_occasional_demo --departement 93 --seed 1 --if-empty
	$(MANAGE) observatory_recompute

clean:
	rm -rf $(VENV) var/*.sqlite3* var/static

.PHONY: prod-check backup-check
# The production settings with safe stand-in secrets: static files collected (compressed and
# hashed, as in the image) and `check --deploy` must list no warning at all.
PROD_CHECK_ENV = DJANGO_SETTINGS_MODULE=config.settings.prod \
	ALLOWED_HOSTS=maillage.example.org CSRF_TRUSTED_ORIGINS=https://maillage.example.org \
	DATABASE_URL=postgres://maillage@db.invalid:5432/maillage \
	STATIC_ROOT=$(CURDIR)/var/prod-check-static MAILLAGE_LOG_FORMAT=plain
prod-check: install
	@rm -rf var/prod-check-static
	@SECRET_KEY=$$($(PYTHON) -c 'import secrets; print(secrets.token_urlsafe(64))'); \
	export SECRET_KEY $(PROD_CHECK_ENV); \
	$(MANAGE) collectstatic --noinput --verbosity 1 && \
	$(MANAGE) check --deploy --fail-level WARNING
	@echo "prod-check : aucun avertissement."

api-fuzz: install ## schemathesis on the OpenAPI schema against a live server (>= 500 cases, <= ~3 min)
	$(BIN)/python scripts/api_fuzz.py --examples 60 --max-time 150
