"""A large report made by a script: N indicators quoted from P paragraphs (issue 25: 20,000 from 200).

``python benchmarks/scale.py OUT.yaml [--indicators 20000] [--paragraphs 200]`` writes it; bench.py
times its build. Labels, values and units vary so no two figures are the same text.
"""

from __future__ import annotations

import argparse
from pathlib import Path

UNITS = ["亿元", "家", "个", "万人", "%", "公里", "项"]
WORDS = ["企业", "项目", "园区", "楼宇", "社区", "学校", "医院", "道路", "绿地", "平台"]


def make(indicators: int = 20_000, paragraphs: int = 200) -> str:
    lines = [
        "meta:",
        "  title: 政府工作报告",
        "  subtitle: ——2024年1月16日在某区人民代表大会会议上",
        "  speaker: 某区区长",
        "  issuer: 某区人民政府",
        "  session: 某区人民代表大会会议",
        "  date: 2024-01-16",
        "  review_year: 2023",
        "  plan_year: 2024",
        "  source: benchmarks/scale.py 生成的压力测试内容",
        "groups:",
    ]
    groups = max(1, paragraphs // 10)
    lines += [f"  g{g}: 第{g + 1}组指标" for g in range(groups)]
    lines.append("indicators:")
    per = max(1, indicators // paragraphs)
    for i in range(indicators):
        unit = UNITS[i % len(UNITS)]
        lines += [
            f"  i{i}:",
            f"    label: 第{i}号{WORDS[i % len(WORDS)]}指标",
            f"    value: {i % 997 + 1}.{i % 10}",
            f"    unit: \"{unit}\"",
            "    period: 2023",
            f"    group: g{(i // per) % groups}",
        ]
        if i < 4:
            lines.append("    headline: true")
    lines += ["body:", "  opening:", "    - 各位代表：", "  parts:", "    - heading: 一、2023年工作回顾", "      areas:"]
    for p in range(paragraphs):
        if p % 10 == 0:
            lines += [f"        - heading: （{p // 10 + 1}）第{p // 10 + 1}方面工作。", "          paragraphs:"]
        quoted = "，".join(f"第{i}项达到{{i{i}}}" for i in range(p * per, min(indicators, (p + 1) * per)))
        lines.append(f"            - {quoted}。")
    lines += ["  closing:", "    - 各位代表，让我们共同奋斗！", ""]
    return "\n".join(lines)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out")
    ap.add_argument("--indicators", type=int, default=20_000)
    ap.add_argument("--paragraphs", type=int, default=200)
    a = ap.parse_args()
    Path(a.out).write_text(make(a.indicators, a.paragraphs), encoding="utf-8")


if __name__ == "__main__":
    main()
