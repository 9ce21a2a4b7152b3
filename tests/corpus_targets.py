"""Judging a draft's targets and labels against the hand-written key of ``../shared/corpus/keys.yaml``.

    from corpus_targets import targets_score, target_problems

``targets_score(imp, key)`` -> (right, in_key): key targets found in the key's order with their value,
upper bound, unit and qualifier (or, for a target in words, its words) and its rider. ``target_problems``
says what is missed, wrong or made besides. Where the key marks a target ``unsure``, its qualifier may be
read either way. Read from the draft as written (``imp.data``),
so a draft the loader refuses is still judged.
"""

from __future__ import annotations

import re
from decimal import Decimal
from difflib import SequenceMatcher


def _dec(x):
    return None if x is None else Decimal(str(x))


def _key_sig(t: dict) -> tuple:
    if t.get("value") is None:
        return ("words", t.get("text"))
    return ("figure", _dec(t["value"]), _dec(t.get("upper")), t.get("unit"))


def _draft_sig(t: dict) -> tuple:
    if t.get("value") is None:
        return ("words", t.get("text"))
    return ("figure", _dec(t["value"]), _dec(t.get("upper")), t.get("unit"))


def draft_targets(imp) -> list[dict]:
    """The draft's targets in the file's order, each with its id."""
    inds = (imp.data or {}).get("indicators") or {}
    return [dict(v, id=k) for k, v in inds.items() if isinstance(v, dict) and v.get("target")]


def _judge(imp, key: dict) -> tuple[int, list[str]]:
    wanted = key["targets"]
    got = draft_targets(imp)
    sm = SequenceMatcher(a=[_key_sig(t) for t in wanted], b=[_draft_sig(t) for t in got], autojunk=False)
    right, problems, seen_a, seen_b = 0, [], set(), set()
    for block in sm.get_matching_blocks():
        for k in range(block.size):
            kt, dt = wanted[block.a + k], got[block.b + k]
            seen_a.add(block.a + k)
            seen_b.add(block.b + k)
            wrong = []
            if not kt.get("unsure") and (kt.get("qualifier") or None) != (dt.get("qualifier") or None):
                wrong.append(f"qualifier {dt.get('qualifier')!r}, key {kt.get('qualifier')!r}")
            if (kt.get("rider") or None) != (dt.get("rider") or None):
                wrong.append(f"rider {dt.get('rider')!r}, key {kt.get('rider')!r}")
            if wrong:
                problems.append(f"{kt['raw']}: " + "; ".join(wrong))
            else:
                right += 1
    problems += [f"missed: {kt['raw']}" for i, kt in enumerate(wanted) if i not in seen_a]
    problems += [
        f"made besides: {dt['id']} {dt.get('label')!r} {dt.get('value', dt.get('text'))}{dt.get('unit') or ''}"
        for j, dt in enumerate(got) if j not in seen_b
    ]
    return right, problems


def targets_score(imp, key: dict) -> tuple[int, int]:
    """(targets right, targets in the key) of one imported report."""
    return _judge(imp, key)[0], len(key["targets"])


def target_problems(imp, key: dict) -> list[str]:
    """One line per key target missed or read wrong, and per target made besides the key's."""
    return _judge(imp, key)[1]


# --- labels ----------------------------------------------------------------------------------------

def body_texts(data: dict) -> list[str]:
    """Every text of the draft's body (leads, paragraphs), as written (with {id} references)."""
    out: list[str] = []

    def walk(x):
        if isinstance(x, str):
            out.append(x)
        elif isinstance(x, dict):
            for k, v in x.items():
                if k not in ("heading", "run_in"):
                    walk(v)
        elif isinstance(x, list):
            for v in x:
                walk(v)

    walk((data or {}).get("body") or {})
    return out


REF = re.compile(r"(?<!\{)\{([a-z][a-z0-9_]*)(?:\.[a-z_]+)?\}")


def shared_labels_in_a_sentence(data: dict) -> list[str]:
    """Sentences in which two different indicators carry one label: one line each."""
    inds = (data or {}).get("indicators") or {}
    out = []
    for text in body_texts(data):
        for sentence in re.split(r"(?<=[。！？；])", text):
            ids = list(dict.fromkeys(REF.findall(sentence)))
            labels: dict[str, list[str]] = {}
            for i in ids:
                if i in inds:
                    labels.setdefault(inds[i].get("label"), []).append(i)
            out += [f"{label!r}: {', '.join(same)} in {sentence[:60]}…" for label, same in labels.items() if len(same) > 1]
    return out


def list_item_in(label: str, sentence: str) -> bool:
    """True when ``sentence`` writes ``label`` as a list's item with the head the list shares:
    人参全产业链产值 in 人参、食用菌全产业链产值 (人参、 … 全产业链产值)."""
    for k in range(1, len(label)):
        item, head = label[:k], label[k:]
        at = sentence.find(item + "、")
        if at >= 0 and (at == 0 or sentence[at - 1] in "，、：；（") and head in sentence[at + k:]:
            return True
    return False


def labels_not_from_their_sentence(data: dict) -> list[str]:
    """Labels two or more indicators share where some indicator's sentence (its references taken out)
    does not hold the label's words: a label the text does not repeat (a list's item with the list's
    head, 人参、食用菌全产业链产值 -> 人参全产业链产值, is the text's)."""
    inds = (data or {}).get("indicators") or {}
    count: dict[str, int] = {}
    for v in inds.values():
        count[v.get("label")] = count.get(v.get("label"), 0) + 1
    out = []
    for text in body_texts(data):
        for sentence in re.split(r"(?<=[。！？；])", text):
            plain = REF.sub("", sentence)
            for i in dict.fromkeys(REF.findall(sentence)):
                label = inds.get(i, {}).get("label")
                if count.get(label, 0) > 1 and label not in plain and not list_item_in(label, plain):
                    out.append(f"{i}: {label!r} (shared by {count[label]}) not in {plain[:60]}…")
    return out
