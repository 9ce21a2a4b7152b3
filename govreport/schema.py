"""The JSON Schema of content files, exported from the model.

``python -m govreport.schema`` prints it; ``content/report.schema.json`` is the committed copy
that editors use (the content file's first line points at it), and a test fails when the two
drift apart. Run ``make schema`` after changing the model.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from .figures import NUMBER_PATTERN
from .model import Report

SCHEMA_FILE = Path(__file__).resolve().parent.parent / "content" / "report.schema.json"


def _patch(node):
    """Say what the model accepts but pydantic cannot see: a paragraph may be a plain string."""
    if isinstance(node, dict):
        if node.get("$ref") == "#/$defs/Paragraph" and len(node) == 1:
            return {"anyOf": [{"type": "string"}, {"$ref": "#/$defs/Paragraph"}]}
        any_of = node.get("anyOf", [])
        if {"type": "number"} in any_of and {"type": "string"} in any_of:
            # A Decimal: a number, or a number in quotes (to keep trailing zeros).
            node = dict(node)
            node["anyOf"] = [
                {"type": "string", "pattern": NUMBER_PATTERN} if a == {"type": "string"} else a for a in any_of
            ]
        return {k: _patch(v) for k, v in node.items()}
    if isinstance(node, list):
        return [_patch(v) for v in node]
    return node


def schema() -> dict:
    s = _patch(Report.model_json_schema())
    s["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    s["title"] = "Government work report content"
    ind = s["$defs"]["Indicator"]
    ind["required"] = [r for r in ind.get("required", []) if r != "id"]
    return s


def text() -> str:
    return json.dumps(schema(), ensure_ascii=False, indent=2) + "\n"


if __name__ == "__main__":
    if sys.argv[1:] == ["--write"]:
        SCHEMA_FILE.write_text(text(), encoding="utf-8")
        print(f"wrote {SCHEMA_FILE}")
    else:
        sys.stdout.write(text())
