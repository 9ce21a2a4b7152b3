"""The draft's meta found in the title block and the text: title, subtitle, speaker, issuer,
session, date, years (what is not found is None, written empty with a ``# check:`` comment)."""

from __future__ import annotations

import re

from .structure import Draft


def _meta(d: Draft) -> dict:
    """Meta found in the text; a value not found is None (written empty, with a comment)."""
    date = re.search(r"(\d{4})年(\d{1,2})月(\d{1,2})日", d.subtitle)
    session = re.search(r"在(.+?)上$", d.subtitle)
    years = [int(y) for p in d.parts for y in re.findall(r"(\d{4})年", p["heading"])[:1]]
    review = years[0] if years else (int(date.group(1)) - 1 if date else None)
    opening = "".join(p.get("lead", "") + p["text"] for p in d.opening)
    issuer = re.search(r"代表([^，。,：:]{2,30}?人民政府)", opening)
    return {
        "title": d.title or None,
        "subtitle": d.subtitle or None,
        "speaker": d.speaker or None,
        "issuer": issuer.group(1) if issuer else None,
        "session": session.group(1) if session else None,
        "date": f"{date.group(1)}-{int(date.group(2)):02d}-{int(date.group(3)):02d}" if date else None,
        "review_year": review,
        "plan_year": review + 1 if review else None,
    }


NOT_FOUND = {
    "title": "the title line (政府工作报告) was not found",
    "subtitle": "the line under the title (——2024年1月16日在…会议上) was not found",
    "speaker": "the speaker's line (…区长 姓名) was not found",
    "issuer": "no '我代表…人民政府' in the opening: write the issuing government",
    "session": "the session was not found in the subtitle (在…会议上)",
    "date": "no date (2024年1月16日) in the subtitle: write YYYY-MM-DD",
    "review_year": "no year in the first part's heading",
    "plan_year": "review_year + 1",
}

