"""The importer on the real reports of ../shared/corpus (skipped with the reason where it is absent):
each draft is judged by reading it back against the answer key written by hand (keys.yaml)."""

from __future__ import annotations

import pytest

from corpus import NAMES, imported


@pytest.mark.parametrize("name", NAMES)
def test_import_runs_without_a_traceback(name):
    imp = imported(name)
    assert "Traceback" not in imp.error and "Traceback" not in imp.stderr, imp.error or imp.stderr
    assert imp.exit_code == 0, imp.stderr
    assert imp.yaml_text.startswith("# yaml-language-server: $schema=")
