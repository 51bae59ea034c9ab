# gradscope: `make report` renders the default report, `make test` runs the tests.
# Both install what is missing first (Debian: libcairo2-dev, libcmark-gfm-dev, libcmark-gfm-extensions-dev,
# pkg-config, fonts-dejavu-core).

# A toolchain unpacked in /opt/swift (as on these machines) is found even when not on PATH.
export PATH := $(PATH):/opt/swift/usr/bin
SWIFT    ?= swift
NOTEBOOK ?= reports/vanishing-gradient.md
OUT      ?= public
JOBS     ?= $(shell nproc 2>/dev/null || echo 2)
BIN       = .build/release/gradscope
APT_PACKAGES = libcairo2-dev libcmark-gfm-dev libcmark-gfm-extensions-dev pkg-config fonts-dejavu-core
SUDO     := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
# The engine's kernels want AVX2 + FMA (haswell, x86-64-v3) or AVX-512 (skylake-avx512); without them the build
# is portable and gives the same numbers, only slower (README, "Speed").
CPU_LEVEL := $(shell scripts/cpu-level)
CPU_FLAGS := $(if $(CPU_LEVEL),-Xswiftc -target-cpu -Xswiftc $(CPU_LEVEL) -Xcc -march=$(CPU_LEVEL))

.PHONY: report test build deps check bench bench-compare templates clean browser-test

report: deps build
	$(BIN) render $(NOTEBOOK) --out $(OUT) --jobs $(JOBS)
	@echo "open $(OUT)/$(basename $(notdir $(NOTEBOOK)))/index.html"

test: deps
	scripts/embed-templates --check
	$(SWIFT) test

build: deps
	$(SWIFT) build -c release --product gradscope $(CPU_FLAGS)

check: deps build
	$(BIN) check $(NOTEBOOK) --jobs $(JOBS)

bench: deps build
	$(BIN) bench

# The same benchmark in PyTorch beside gradscope's, as ratios (installs PyTorch's CPU build,
# matplotlib and Jinja2 with pip when missing).
bench-compare: deps build
	@python3 -c "import torch, matplotlib, jinja2" 2>/dev/null || { \
	  python3 -m pip install --quiet --index-url https://download.pytorch.org/whl/cpu torch && \
	  python3 -m pip install --quiet matplotlib jinja2; }
	python3 scripts/bench-compare.py --binary $(BIN)

# Renders the quickstart (debug build) and loads it in headless Chromium at 1280 and 390 px, light
# and dark: overflow, images, console errors, <picture> choices and axe-core (README, "Testing").
# Installs Debian's chromium + chromium-driver, selenium and axe-core's script (from the PyPI wheel
# axe-playwright-python, of which only axe.min.js is used) when missing.
BROWSER_DIR = .build-browser
AXE_WHEEL   = axe-playwright-python==0.1.8
browser-test: deps
	@missing=""; for p in chromium chromium-driver; do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
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
	python3 scripts/browser-check.py --axe $(BROWSER_DIR)/axe.min.js $(BROWSER_DIR)/out/quickstart

# Rewrites Sources/GradscopeReport/Render/BuiltinTemplates.swift after editing templates/.
templates:
	scripts/embed-templates

# Installs the system packages the build needs, only when one is missing.
deps:
	@missing=""; for p in $(APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "installing:$$missing"; \
	  $(SUDO) apt-get update -qq && $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; \
	fi
	@command -v $(SWIFT) >/dev/null || { echo "error: no Swift toolchain on PATH (Swift 6 is needed: https://swift.org/install)"; exit 2; }

clean:
	rm -rf .build $(OUT) .gradscope-cache

# Fuzzes the parsers (notebook + plan, inline values, claims, CSV, prose Markdown) with libFuzzer and
# AddressSanitizer from the toolchain, SECONDS seconds each, in .build-fuzz; fails on any crash
# (README, "Fuzzing and sanitizers"). scripts/fuzz TARGET… runs some of them.
SECONDS ?= 60
.PHONY: fuzz test-asan
fuzz: deps
	FUZZ_SECONDS=$(SECONDS) scripts/fuzz

# The engine's tests (GradscopeNN, GradscopeLab) under AddressSanitizer, in their own build folder;
# leaks are checked too, but for two in the toolchain's libraries (Fuzz/lsan.supp).
test-asan: deps
	LSAN_OPTIONS=suppressions=$(CURDIR)/Fuzz/lsan.supp $(SWIFT) test --sanitize=address --scratch-path .build-asan \
	  --filter 'GradscopeNNTests|GradscopeLabTests'
