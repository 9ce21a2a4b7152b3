# make        set up .venv, install fonts if missing, build output/ from content/
# make test   run the tests (sets up first if needed)
# make clean  remove .venv, output/ and caches

PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed
FONTS_APT := fonts-arphic-uming fonts-arphic-ukai fonts-wqy-zenhei fonts-wqy-microhei fonts-lxgw-wenkai fonts-dejavu-core fonts-liberation

.PHONY: all setup fonts test clean schema bench

all: setup
	$(PY) build.py

setup: $(STAMP) fonts

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	touch $@

# Install the free CJK fonts with apt-get when root on Debian/Ubuntu; otherwise say what to install.
fonts:
	@missing=""; for f in uming.ttc ukai.ttc wqy-zenhei.ttc wqy-microhei.ttc LXGWWenKai-Regular.ttf LiberationSerif-Regular.ttf; do \
	  fc-list 2>/dev/null | grep -q "/$$f:" || missing="$$missing $$f"; done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    echo "installing fonts:$$missing"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $(FONTS_APT) fontconfig >/dev/null; \
	  else \
	    echo "missing fonts:$$missing"; \
	    echo "install them with: sudo apt-get install $(FONTS_APT)"; \
	    echo "(or copy the .ttf/.ttc files into ~/.fonts and run fc-cache)"; \
	  fi; \
	fi

test: setup
	$(PY) -m pytest -q

bench: $(STAMP) fonts
	$(PY) benchmarks/bench.py

schema: $(STAMP)
	$(PY) -m govreport.schema --write

clean:
	rm -rf $(VENV) output/* .pytest_cache *.egg-info
	find . -name __pycache__ -type d -prune -exec rm -rf {} +
