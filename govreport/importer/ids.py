"""Ids for the figures: a known id for a known label, else toneless pinyin of its last words."""

from __future__ import annotations

import functools
import re

from .figures import Figure, data


@functools.lru_cache(maxsize=1)
def _readings() -> dict[str, str]:
    """pypinyin's character table (code point -> its readings), read from the package's own
    ``pinyin_dict.json``: importing any part of pypinyin runs its ``__init__``, which loads the
    phrase table and trains its segmenter first (0.35 s of CPU, a third of an import of a large
    report), and an id needs neither."""
    import importlib.util
    import json
    from pathlib import Path

    spec = importlib.util.find_spec("pypinyin")  # finds the package without running it
    for folder in (spec.submodule_search_locations or []) if spec else []:
        table = Path(folder) / "pinyin_dict.json"
        if table.is_file():
            return json.loads(table.read_text(encoding="utf-8"))
    from pypinyin.pinyin_dict import pinyin_dict  # laid out otherwise: the slow way, same table

    return {str(k): v for k, v in pinyin_dict.items()}


def _pinyin(word: str) -> str:
    """Toneless pinyin of a word, a character at a time (pypinyin's character table only: an id
    needs no tone or rare reading)."""
    import unicodedata

    table = _readings()
    out = []
    for ch in word:
        reading = table.get(str(ord(ch)))
        if reading is None:
            out.append(ch.lower() if ch.isascii() and ch.isalnum() else "")
            continue
        first = unicodedata.normalize("NFKD", reading.split(",")[0]).replace("u\u0308", "v")
        out.append("".join(c for c in first if c.isascii() and c.isalpha()))
    return "".join(out)


def _ids(figures: list[Figure]) -> None:
    import rjieba

    known = data()["ids"]
    taken: set[str] = set()
    for f in figures:
        base = ""
        for key in sorted(known, key=len, reverse=True):
            if key in f.label and len(key) >= 0.6 * len(re.sub(r"[“”（）]", "", f.label)):
                base = known[key]
                break
        if not base:
            words = [w for w in rjieba.cut(re.sub(r"[^\w]", "", f.label)) if w.strip()]
            parts = []
            for w in words[-3:]:
                py = _pinyin(w).lower()
                py = re.sub(r"[^a-z0-9]", "", py)
                if py:
                    parts.append(py)
            base = "_".join(parts)[:40].strip("_") or "figure"
            if not base[0].isalpha():
                base = "n" + base
        if f.target and not base.endswith("_target"):
            base += "_target"
        fid, n = base, 2
        while fid in taken:
            fid, n = f"{base}_{n}", n + 1
        taken.add(fid)
        f.id = fid
