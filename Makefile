# gradscope: `make report` renders the default report, `make test` runs the tests.
# Both install what is missing first (Debian: libcairo2-dev, libcmark-gfm-dev, libcmark-gfm-extensions-dev, zlib1g-dev,
# pkg-config, fonts-dejavu-core).

# A toolchain unpacked in /opt/swift (as on these machines) is found even when not on PATH.
export PATH := $(PATH):/opt/swift/usr/bin
SWIFT    ?= swift
NOTEBOOK ?= reports/vanishing-gradient.md
OUT      ?= public
JOBS     ?= $(shell nproc 2>/dev/null || echo 2)
BIN       = .build/release/gradscope
APT_PACKAGES = libcairo2-dev libcmark-gfm-dev libcmark-gfm-extensions-dev zlib1g-dev pkg-config fonts-dejavu-core
SUDO     := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
# The CPU level `make build` compiles for (README, "Speed"); every level gives the same numbers, the wider ones faster.
# native: this machine's vector units (scripts/cpu-level: skylake-avx512 for AVX-512, haswell for AVX2 + FMA, else
# portable); x86-64-v3: AVX2 + FMA, which every x86-64 CI runner has; portable: the toolchain's baseline (any x86-64 or
# aarch64). The level goes in through clang's -march (Swift takes its target from it; its own -target-cpu knows no
# x86-64-vN) and into the binary as a compilation condition, GRADSCOPE_CPU_X86_64_V3 and so on, which manifest.json records.
CPU ?= native
ifeq ($(filter native portable x86-64-v3,$(CPU)),)
$(error CPU=$(CPU): expected native, portable or x86-64-v3)
endif
CPU_LEVEL := $(if $(filter native,$(CPU)),$(or $(shell scripts/cpu-level),portable),$(CPU))
CPU_FLAGS := $(if $(filter-out portable,$(CPU_LEVEL)),-Xcc -march=$(CPU_LEVEL)) -Xswiftc -DGRADSCOPE_CPU_$(shell echo $(CPU_LEVEL) | tr a-z- A-Z_)

.PHONY: report test build deps python-deps check bench bench-compare lint format templates clean browser-test examples docs

report: deps build
	$(BIN) render $(NOTEBOOK) --out $(OUT) --jobs $(JOBS)
	@echo "open $(OUT)/$(basename $(notdir $(NOTEBOOK)))/index.html"

# The workflow and Python lints are part of the tests where their tools can be installed from PyPI (seconds, once),
# else skipped.
test: deps
	scripts/embed-templates --check
	$(SWIFT) format lint --strict --recursive --parallel $(SWIFT_SOURCES)
	scripts/lint --optional
	$(SWIFT) test
	$(MAKE) --no-print-directory examples
	$(MAKE) --no-print-directory browser-test

build: deps
	$(SWIFT) build -c release --product gradscope $(CPU_FLAGS)

check: deps build
	$(BIN) check $(NOTEBOOK) --jobs $(JOBS)

bench: deps build
	$(BIN) bench

# The same benchmark in PyTorch beside gradscope's, as ratios. PyTorch, matplotlib and Jinja2 come from the default
# package index into .build/bench-venv (what is installed on the system already counts), printed before installing.
BENCH_VENV = .build/bench-venv
bench-compare: deps python-deps build
	scripts/venv-install $(BENCH_VENV) torch matplotlib jinja2
	$(BENCH_VENV)/bin/python scripts/bench-compare.py --binary $(BIN)

# The Swift sources in the project's format (.swift-format; swift-format ships with the toolchain): `make format`
# rewrites them, `make lint` and `make test` fail on any difference.
SWIFT_SOURCES = Package.swift Sources Tests Examples
format:
	$(SWIFT) format format --in-place --recursive --parallel $(SWIFT_SOURCES)

# Checks .github/workflows/ with actionlint and ShellCheck, and scripts/*.py with pyflakes (installed from PyPI into
# .build/lint-venv when missing).
lint: python-deps
	$(SWIFT) format lint --strict --recursive --parallel $(SWIFT_SOURCES)
	scripts/lint

# Renders the quickstart (debug build) and loads it in headless Chromium at 1920, 1280 and 390 px, light
# and dark: overflow, images, console errors, <picture> choices and sizes, axe-core, report.md as GitHub
# shows it, tables in print (README, "Browser test, fuzzing and sanitizers").
# Installs Debian's chromium + chromium-driver + cmark-gfm, selenium and axe-core's script (from the PyPI wheel
# axe-playwright-python, of which only axe.min.js is used) when missing.
BROWSER_DIR = .build-browser
AXE_WHEEL   = axe-playwright-python==0.1.8
browser-test: deps
	@missing=""; for p in chromium chromium-driver cmark-gfm; do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "installing:$$missing"; \
	  $(SUDO) apt-get update -qq && $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; \
	fi
	@python3 -c "import selenium" 2>/dev/null || { echo "installing: selenium (PyPI)"; python3 -m pip install --quiet selenium; }
	@mkdir -p $(BROWSER_DIR)
	@[ -f $(BROWSER_DIR)/axe.min.js ] || { echo "fetching: axe.min.js from the PyPI wheel $(AXE_WHEEL)"; \
	  python3 -m pip download --quiet --no-deps --dest $(BROWSER_DIR) "$(AXE_WHEEL)" && \
	  python3 -c "import glob, zipfile; z = zipfile.ZipFile(glob.glob('$(BROWSER_DIR)/axe_playwright_python-*.whl')[0]); open('$(BROWSER_DIR)/axe.min.js', 'wb').write(z.read('axe_playwright_python/axe.min.js'))"; }
	$(SWIFT) build --product gradscope
	.build/debug/gradscope render reports/quickstart.md --out $(BROWSER_DIR)/out --cache-dir $(BROWSER_DIR)/cache --jobs $(JOBS) --quiet
	python3 scripts/browser-check.py --axe $(BROWSER_DIR)/axe.min.js $(BROWSER_DIR)/out/quickstart $(BROWSER_DIR)/out

# Builds Examples/, a package that depends on gradscope by path as another package would (in its own build
# folder, debug), and runs it once: it trains a small network and must write its loss chart as a PNG.
EXAMPLES_BUILD = .build-examples
examples: deps
	cd Examples && $(SWIFT) build --scratch-path ../$(EXAMPLES_BUILD)
	rm -f $(EXAMPLES_BUILD)/loss.png
	$(EXAMPLES_BUILD)/debug/TrainAndPlot $(EXAMPLES_BUILD)/loss.png
	@[ "$$(head -c 8 $(EXAMPLES_BUILD)/loss.png | od -An -tx1 | tr -d ' \n')" = 89504e470d0a1a0a ] || { echo "error: Examples wrote no PNG" >&2; exit 1; }

# DocC for the library products, one archive per module in $(DOCS_OUT)/ (swift-docc-plugin); any warning fails it.
DOCS_OUT = .build-docs
DOC_TARGETS = GradscopeNN GradscopeLab GradscopeCharts GradscopeCairo GradscopeReport
docs: deps
	@mkdir -p $(DOCS_OUT)
	for target in $(DOC_TARGETS); do \
	  $(SWIFT) package --allow-writing-to-directory $(DOCS_OUT) generate-documentation --target $$target \
	    --output-path $(DOCS_OUT)/$$target.doccarchive --warnings-as-errors || exit 1; \
	done

# Rewrites Sources/GradscopeReport/Render/BuiltinTemplates.swift after editing templates/.
templates:
	scripts/embed-templates

# Installs those of the Debian packages $(1) that are missing (with sudo when not root).
apt_install = missing=""; for p in $(1); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "installing:$$missing"; \
	  $(SUDO) apt-get update -qq && $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; \
	fi

# Installs the system packages the build needs, only when one is missing.
deps:
	@$(call apt_install,$(APT_PACKAGES))
	@command -v $(SWIFT) >/dev/null || { echo "error: no Swift toolchain on PATH (Swift 6 is needed: https://swift.org/install)"; exit 2; }

# A Python 3 that can make virtual environments (Debian's python3-venv), for bench-compare and lint.
python-deps:
	@python3 -c "import ensurepip, venv" 2>/dev/null || { $(call apt_install,python3 python3-venv); }

clean:
	rm -rf .build $(OUT) .gradscope-cache

# Fuzzes the parsers (notebook + plan, inline values, claims, CSV, prose Markdown) with libFuzzer and
# AddressSanitizer from the toolchain, SECONDS seconds each, in .build-fuzz; fails on any crash
# (README, "Browser test, fuzzing and sanitizers"). scripts/fuzz TARGET… runs some of them.
SECONDS ?= 60
.PHONY: fuzz test-asan
fuzz: deps
	FUZZ_SECONDS=$(SECONDS) scripts/fuzz

# The engine's tests (GradscopeNN, GradscopeLab) under AddressSanitizer, in their own build folder;
# leaks are checked too, but for two in the toolchain's libraries (Fuzz/lsan.supp).
test-asan: deps
	LSAN_OPTIONS=suppressions=$(CURDIR)/Fuzz/lsan.supp $(SWIFT) test --sanitize=address --scratch-path .build-asan \
	  --filter 'GradscopeNNTests|GradscopeLabTests'
