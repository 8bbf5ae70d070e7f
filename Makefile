# Two commands on a fresh machine:  make site  |  make test
# Both set everything up first: Debian packages (apt-get, when missing) and a
# virtual environment in .venv with the project installed (editable).

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
# Chromium drives the browser tests; poppler-utils turns PDFs into PNGs for
# review; Pango is WeasyPrint's text engine; libharfbuzz-subset0 makes font
# subsetting fast and PDFs reproducible; fonts-noto-core covers many scripts;
# gcc and libyaml-dev build the C speed-up that reads YAML (bimtek works without).
DEBIAN_PACKAGES := chromium poppler-utils gcc libyaml-dev libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-noto-core

export NO_MKDOCS_2_WARNING := 1

.PHONY: site test setup system-deps serve handouts bench clean

site: setup
	$(BIN)/bimtek build .

test: setup
	$(BIN)/python -m pytest

serve: setup
	$(BIN)/bimtek serve .

bench: setup
	$(BIN)/python bench/run.py

setup: system-deps $(STAMP)

$(STAMP): pyproject.toml generator/bimtek/_fastyaml.c generator/build_speedups.py
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

system-deps:
	@missing=""; \
	for pkg in $(DEBIAN_PACKAGES); do \
	  dpkg-query -W -f='$${Status}' $$pkg 2>/dev/null | grep -q "install ok installed" || missing="$$missing $$pkg"; \
	done; \
	if [ -n "$$missing" ]; then \
	  echo "installing Debian packages:$$missing"; \
	  SUDO=""; [ "$$(id -u)" = 0 ] || SUDO=sudo; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq --no-install-recommends $$missing >/dev/null; \
	fi

clean:
	rm -rf site .site-* bench/out
