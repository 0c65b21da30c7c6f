# The two commands a newcomer needs are `make run` and `make test`.
.DEFAULT_GOAL := help
SHELL := /bin/bash

VENV := .venv
PYTHON := $(VENV)/bin/python
MANAGE := $(PYTHON) manage.py
INSTALLED := $(VENV)/.installed

# Django 6.1 needs Python >= 3.12: take the one .python-version names (through
# pyenv), else python3.13, else python3.12.
define FIND_PYTHON
for candidate in "$$(pyenv which python 2>/dev/null)" "$$(command -v python3.13)" "$$(command -v python3.12)"; do \
  if [ -n "$$candidate" ] && "$$candidate" -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null; then \
    echo "$$candidate"; exit 0; \
  fi; \
done; \
echo "No Python >= 3.12 found: install Python 3.13 (pyenv install 3.13.0, or your system's python3.13 package)." >&2; exit 1
endef

.PHONY: help
help:
	@echo "make run     set up .venv, migrate, load demo content, serve on 127.0.0.1:8000"
	@echo "make test    the whole test suite (SQLite; PostgreSQL when DATABASE_URL says so)"
	@echo "make lint    ruff, app dependencies, django-upgrade, system checks, missing migrations"
	@echo "make format  rewrite code in the house format"
	@echo "make messages  update and compile the Chinese interface catalogue"
	@echo "make bench-images  time hero-image processing of a 24 MP JPEG"
	@echo "make bench-ingest  feed ingestion throughput and duplicate look-up time"
	@echo "make bench-search  search latency p50/p95 on 100,000 stories x 2 languages"
	@echo "make bench-dedup   story clustering: precision/recall on the labelled set, look-up p50"

	@echo "make serve   production server: collectstatic, migrate, gunicorn (settings from the environment)"
	@echo "make deploy-check   manage.py check --deploy with production-like settings"
	@echo "make bench   benchmark: 5,000 stories, gunicorn, wrk, nginx; prints a table (not part of make test)"
	@echo "make bench-profile  the same pages in one process: ms a request, and a cProfile on request"
	@echo "make cluster  the multi-node rig on this machine (docs/deploy.md); make cluster-down stops it"
	@echo "make test-cluster  the end-to-end test against the running rig"
	@echo "make faults  faults injected into the running rig, and a 10-minute soak; prints a table"

$(INSTALLED): requirements.txt requirements-dev.txt
	@python=$$($(FIND_PYTHON)) || exit 1; \
	if [ ! -x $(PYTHON) ]; then echo "Creating $(VENV) with $$python"; "$$python" -m venv $(VENV); fi
	$(PYTHON) -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	@touch $@

.PHONY: install
install: $(INSTALLED)

# The development server runs with DEBUG on unless the environment says otherwise.
.PHONY: run
run: export DEBUG ?= True
run: $(INSTALLED)
	$(MANAGE) migrate --noinput
	$(MANAGE) sync_roles
	$(MANAGE) load_demo
	$(MANAGE) create_dev_superuser
	$(MANAGE) runserver 127.0.0.1:8000

.PHONY: test
test: $(INSTALLED)
	$(VENV)/bin/coverage run -m pytest $(PYTEST_ARGS)
	$(VENV)/bin/coverage report --fail-under=90

# The editors' guide's pictures (docs/images/), taken by the desk journeys.
.PHONY: docs-screenshots
docs-screenshots: $(INSTALLED)
	UPDATE_DOCS_SCREENSHOTS=1 $(VENV)/bin/pytest tests/browser/test_editor_desk_journey.py -q

.PHONY: lint
lint: export SECRET_KEY ?= lint-only-not-secret
lint: $(INSTALLED)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports
	git ls-files -co --exclude-standard '*.py' | grep -v '/migrations/' \
		| xargs $(VENV)/bin/django-upgrade --target-version 6.1 --check
	$(MANAGE) check --fail-level WARNING
	$(MANAGE) makemigrations --check --dry-run

# The one catalogue of interface strings: articles/locale/zh_Hans. The compiled
# .mo is committed, so a fresh machine needs no GNU gettext to show Chinese.
MESSAGES := articles/locale/zh_Hans/LC_MESSAGES/django
MAKEMESSAGES := makemessages -l zh_Hans --no-obsolete --add-location=file --ignore=.venv \
	--ignore=staticfiles --ignore=media --ignore=tests --ignore=articles/demo

.PHONY: messages
messages: export DEBUG ?= True
messages: $(INSTALLED)
	$(MANAGE) $(MAKEMESSAGES)
	msgfmt --check-format -o $(MESSAGES).mo $(MESSAGES).po

# CI: the catalogue holds every string in the code, all translated, and the
# committed .mo matches it.
.PHONY: messages-check
messages-check: export DEBUG ?= True
messages-check: $(INSTALLED)
	@cp $(MESSAGES).po $(MESSAGES).po.committed
	@$(MANAGE) $(MAKEMESSAGES) >/dev/null
	@if ! diff -q -I '^"POT-Creation-Date' $(MESSAGES).po.committed $(MESSAGES).po >/dev/null; then \
		mv $(MESSAGES).po.committed $(MESSAGES).po; \
		echo "The catalogue is out of date: run make messages and translate the new strings."; exit 1; \
	fi
	@mv $(MESSAGES).po.committed $(MESSAGES).po
	@msgfmt --check-format --statistics -o $(MESSAGES).mo.check $(MESSAGES).po 2>&1 | tee /dev/stderr \
		| grep -qvE 'untranslated|fuzzy' || { rm -f $(MESSAGES).mo.check; \
		echo "The catalogue has untranslated or fuzzy entries."; exit 1; }
	@cmp -s $(MESSAGES).mo $(MESSAGES).mo.check || { rm -f $(MESSAGES).mo.check; \
		echo "$(MESSAGES).mo is stale: run make messages."; exit 1; }
	@rm -f $(MESSAGES).mo.check

.PHONY: format
format: $(INSTALLED)
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

# Upload processing of a 24-megapixel JPEG into every rendition; prints time
# and peak memory. Not a test and never a gate (docs/operators.md).
.PHONY: bench-images
bench-images: export SECRET_KEY ?= bench-only-not-secret
bench-images: export DJANGO_SETTINGS_MODULE ?= aggregator.settings
bench-images: export PYTHONPATH := $(CURDIR)
bench-images: $(INSTALLED)
	$(PYTHON) tests/bench/bench_images.py
# Feed ingestion: entries per second from 20 local feeds x 100 entries, and the
# duplicate look-up time against 100,000 stored items (docs/ingestion.md).
# SQLite unless DATABASE_URL names PostgreSQL; it uses a throwaway test database.
.PHONY: bench-ingest
bench-ingest: $(INSTALLED)
	$(PYTHON) -m tests.bench.bench_ingest

# Search latency: p50/p95 of the search and of a whole request for English and
# Chinese queries over 100,000 stories in two languages (docs/operators.md).
# SQLite unless DATABASE_URL names PostgreSQL: the database it names is
# created, filled and dropped, so give it a throwaway name.
.PHONY: bench-search
bench-search: $(INSTALLED)
	$(PYTHON) tests/bench/bench_search.py $(BENCH_ARGS)

# Story clustering: pairwise precision, recall and F1 on the labelled set
# (tests/dedup_set), and the look-up time p50/p95 among stored items
# (BENCH_ARGS="--count 100000"; docs/ingestion.md). SQLite unless
# DATABASE_URL names PostgreSQL; it uses a throwaway test database.
.PHONY: bench-dedup
bench-dedup: $(INSTALLED)
	$(PYTHON) -m tests.bench.bench_dedup $(BENCH_ARGS)

# Production: every setting comes from the environment (or .env); see
# docs/deploy.md. Workers: 2 x cores + 1, recycled with jitter so a slow leak
# never takes all of them down at once.
GUNICORN_BIND ?= 127.0.0.1:8001
GUNICORN_WORKERS ?= $(shell echo $$(( $$(nproc) * 2 + 1 )))
.PHONY: serve
serve: $(INSTALLED)
	$(MANAGE) collectstatic --noinput --verbosity 0
	$(MANAGE) migrate --noinput
	$(VENV)/bin/gunicorn aggregator.wsgi --bind $(GUNICORN_BIND) \
		--workers $(GUNICORN_WORKERS) --max-requests 1000 --max-requests-jitter 100

# The deploy checks, with the values a production server would have.
.PHONY: deploy-check
deploy-check: $(INSTALLED)
	env -i PATH="$$PATH" DEBUG=False ALLOWED_HOSTS=news.example.com \
		SECRET_KEY=deploy-check-$$(head -c 48 /dev/urandom | base64 | tr -d '/+=\n') \
		SECURE_SSL=True HSTS_SECONDS=31536000 CACHE_URL=redis://127.0.0.1:6379/1 \
		EMAIL_URL=smtp+tls://user:password@smtp.example.com:587 \
		CSRF_TRUSTED_ORIGINS=https://news.example.com SITE_URL=https://news.example.com \
		$(MANAGE) check --deploy --fail-level WARNING

# Not part of `make test`: it installs wrk and nginx (Debian) and takes minutes.
.PHONY: bench
bench: $(INSTALLED)
	$(PYTHON) tests/bench/bench_pages.py $(BENCH_ARGS)

# The same pages in one process, best of 7 rounds, ms a request: steady
# enough to compare two commits (BENCH_ARGS="home story --profile home").
# BENCH_ARGS="--instructions story home" counts instructions a request under
# callgrind instead, which the machine's load does not move.
.PHONY: bench-profile
bench-profile: $(INSTALLED)
	$(PYTHON) tests/bench/profile_pages.py $(BENCH_ARGS)

# The multi-node rig on one machine (docs/deploy.md): PostgreSQL primary and
# streaming replica, Redis, moto (S3), two gunicorn app servers, Varnish in
# front of both, one task worker. State and logs in .cluster/;
# deploy/cluster/cluster.sh also stops and starts each part on its own.
CLUSTER := VENV=$(abspath $(VENV)) deploy/cluster/cluster.sh

.PHONY: cluster
cluster: $(INSTALLED)
	$(CLUSTER) up

.PHONY: cluster-down
cluster-down:
	$(CLUSTER) down

# The end-to-end test against the rig `make cluster` started; it fails,
# rather than skips, when the rig is not up.
.PHONY: test-cluster
test-cluster: $(INSTALLED)
	REQUIRE_CLUSTER=1 $(VENV)/bin/pytest -m cluster tests/cluster $(PYTEST_ARGS)

# Faults injected into the running rig, one scenario each (tests/faults;
# docs/operators.md, "What happens when"): Redis, the primary, the replica,
# mail, the worker, S3 and an app server, then a soak of
# FAULTS_SOAK_SECONDS (600) at 70 % of the measured maximum. Prints one table.
.PHONY: faults
faults: $(INSTALLED)
	REQUIRE_CLUSTER=1 $(VENV)/bin/pytest -m faults tests/faults $(PYTEST_ARGS)

# CI's part of it (.ci/run, after test-cluster): Redis, mail and ingest,
# with short loads.
.PHONY: faults-short
faults-short: $(INSTALLED)
	REQUIRE_CLUSTER=1 FAULTS=short $(VENV)/bin/pytest -m faults tests/faults \
		-k 'redis_killed or mail_server_down or worker_killed_mid_ingest' $(PYTEST_ARGS)
