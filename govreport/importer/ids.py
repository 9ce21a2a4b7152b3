"""Ids for the figures: a known id for a known label, else toneless pinyin of its last words."""

from __future__ import annotations

import re

from .figures import Figure, data


def _pinyin(word: str) -> str:
    """Toneless pinyin of a word, a character at a time (pypinyin's character table only: its
    phrase table costs 0.3 s to load, and an id needs no tone or rare reading)."""
    import unicodedata

    from pypinyin.pinyin_dict import pinyin_dict

    out = []
    for ch in word:
        reading = pinyin_dict.get(ord(ch))
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
