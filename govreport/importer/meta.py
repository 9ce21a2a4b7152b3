"""The draft's meta found in the title block and the text: title, subtitle, speaker, issuer,
session, date, years (what is not found is None, written empty with a ``# check:`` comment).

- date: the subtitle's, in Arabic (2026年1月27日) or Chinese numerals (二〇二六年一月二十七日);
- session: the subtitle's ``在…会议上``;
- issuer: the opening's ``我代表…人民政府`` (or ``…政府``). Where it names the government by its level
  only (``我代表省人民政府``, ``市政府``, ``自治区人民政府``, ``区人民政府``), the place is the one the
  session, title or speaker line names at that level: 吉林省人民政府, 内蒙古自治区人民政府. Never
  guessed from a speaker's title alone (临江区代理区长 does not say who issues the report).
"""

from __future__ import annotations

import re

from .structure import DASHES, DATE, Draft

CHINESE_DIGITS = {c: i for i, c in enumerate("〇一二三四五六七八九")} | {"○": 0, "零": 0, "Ｏ": 0}
# What the opening calls the government: 我代表北京市人民政府 / 我代表省政府 / 代表自治区人民政府.
ISSUER = re.compile(r"代表(?P<who>[^，。,：:、；;！？\s]{0,30}?)(?:人民)?政府")
LEVELS = ("自治区", "自治州", "自治县", "省", "市", "区", "县", "州", "盟", "旗")
# What follows the place in a speaker line: 北京市市长, 河北省人民政府省长, 长宁区代理区长.
ROLE = re.compile(r"(?:人民政府)?(?:代理|代)?(?:省长|市长|区长|县长|州长|主席|盟长|旗长)\S*$")


def chinese_number(text: str) -> int:
    """二〇二六 -> 2026 (digit by digit), 二十七 -> 27, 十一 -> 11, 27 -> 27."""
    if text.isdigit():
        return int(text)
    if "十" not in text:
        return int("".join(str(CHINESE_DIGITS[c]) for c in text))
    tens, _, ones = text.partition("十")
    return (CHINESE_DIGITS[tens] if tens else 1) * 10 + (CHINESE_DIGITS[ones] if ones else 0)


def date_of(text: str) -> str | None:
    """The first date of ``text`` as YYYY-MM-DD, or None."""
    m = re.search(DATE, text)
    if not m:
        return None
    y, mo, day = re.split(r"\s*[年月日]\s*", m.group(0))[:3]
    return f"{chinese_number(y)}-{chinese_number(mo):02d}-{chinese_number(day):02d}"


def session_of(subtitle: str) -> str | None:
    """在北京市第十六届人民代表大会第四次会议上 -> 北京市第十六届人民代表大会第四次会议."""
    m = re.search(r"在(.+?)上\s*[）)]?$", subtitle.strip(DASHES + " "))
    return m.group(1) if m else None


def places(d: Draft, session: str | None) -> list[str]:
    """The places the title block names, most reliable first: the session's (吉林省第十四届… -> 吉林省),
    the title's (2026年吉林省政府工作报告 -> 吉林省), the speaker line's (北京市市长 殷勇 -> 北京市)."""
    out = []
    if session:
        m = re.match(r"^(.+?)第[一二三四五六七八九十百0-9]+届", session)
        out.append(m.group(1) if m else "")
    title = re.sub(r"^(?:[0-9]{4}|[〇○零一二三四五六七八九]{4})年(?:度)?", "", d.title or "")
    out.append(re.sub(r"(?:人民)?政府工作报告.*$", "", title))
    role = (d.speaker or "").split()[0] if (d.speaker or "").split() else ""
    out.append(ROLE.sub("", role) if ROLE.search(role) else "")
    return [p for p in out if p]


def issuer_of(d: Draft, session: str | None) -> str | None:
    """The issuing government, from the opening's 我代表…政府 (see the module's docstring)."""
    opening = "".join((p.lead or "") + p.text for p in d.opening)
    for m in ISSUER.finditer(opening):
        who = m.group("who")
        if who in LEVELS:
            for place in places(d, session):
                if place.endswith(who) and len(place) > len(who) and not (who == "区" and place.endswith("自治区")):
                    return place + "人民政府"
            return None
        if who.endswith(LEVELS):
            return who + "人民政府"
    return None


def review_year(d: Draft, date: str | None) -> int | None:
    """The year the report reviews: the year of a review part's heading (一、2025年工作回顾), or the
    year before a plan part's (三、2026年工作安排), or the year before the date's."""
    for part in d.parts:
        m = re.search(r"((?:19|20)[0-9]{2})年", part.heading)
        if not m:
            continue
        if re.search(r"回顾|成就|过去", part.heading) or part is d.parts[0]:
            return int(m.group(1))
        return int(m.group(1)) - 1
    return int(date[:4]) - 1 if date else None


def _meta(d: Draft) -> dict:
    """Meta found in the text; a value not found is None (written empty, with a comment)."""
    date = date_of(d.subtitle)
    session = session_of(d.subtitle)
    review = review_year(d, date)
    return {
        "title": d.title or None,
        "subtitle": d.subtitle or None,
        "speaker": d.speaker or None,
        "issuer": issuer_of(d, session),
        "session": session,
        "date": date,
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
