"""The committed JSON Schema matches the model, and it accepts the content we ship."""

from __future__ import annotations

import json

import jsonschema
import pytest

from conftest import MINI, SEED
from govreport import schema
from govreport.loader import parse, plain, read_text


def test_committed_schema_matches_model():
    committed = schema.SCHEMA_FILE.read_text(encoding="utf-8")
    assert committed == schema.text(), "content/report.schema.json is stale: run `make schema`"


@pytest.mark.parametrize("path", [MINI, SEED], ids=["mini", "seed"])
def test_schema_accepts_shipped_content(path):
    text = read_text(path, str(path))
    assert text.startswith("# yaml-language-server: $schema=")
    data, _ = parse(text, str(path))
    jsonschema.validate(plain(data), json.loads(schema.text()))


def test_schema_flags_a_wrong_field():
    data, _ = parse(read_text(MINI, "mini"), "mini")
    data = plain(data)
    data["indicators"]["gdp"]["value"] = "lots"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(data, json.loads(schema.text()))
