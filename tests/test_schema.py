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


def test_schema_lists_the_words_units_and_qualifiers():
    """An editor completes change words, units and qualifiers from the schema: they are enums."""
    from govreport.figures import CHANGE_UNITS, CHANGE_WORDS, QUALIFIERS

    defs = json.loads(schema.SCHEMA_FILE.read_text(encoding="utf-8"))["$defs"]
    change = defs["Change"]["properties"]
    assert change["word"]["enum"] == list(CHANGE_WORDS)
    assert {"增长", "提高", "下降"} <= set(change["word"]["enum"])
    assert change["unit"]["enum"] == ["%", "个百分点"] == list(CHANGE_UNITS)
    qualifier = defs["Indicator"]["properties"]["qualifier"]
    enums = [a["enum"] for a in qualifier["anyOf"] if "enum" in a]
    assert enums == [list(QUALIFIERS)] and "左右" in enums[0] and "超过" in enums[0]


def test_a_word_outside_the_list_is_refused_at_its_line(tmp_path):
    from govreport.errors import ContentError
    from govreport.loader import load

    text = MINI.read_text(encoding="utf-8").replace('change: {value: 12.8, unit: "%", word: 增长}',
                                                    'change: {value: 12.8, unit: "%", word: 涨了}')
    p = tmp_path / "w.yaml"
    p.write_text(text, encoding="utf-8")
    with pytest.raises(ContentError) as e:
        load(p)
    line = next(n for n, ln in enumerate(text.splitlines(), 1) if "涨了" in ln)
    assert f"w.yaml:{line}:" in str(e.value) and "indicators.gdp.change.word: expected one of '增长'" in str(e.value)
