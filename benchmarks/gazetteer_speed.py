"""Time and size the division gazetteer (`kg.extract.ground.gazetteer`), each step in a fresh process: loading the
divisions down to towns, building a county's scope (which reads the villages), the nationwide chain and name
indexes, and scanning 10,000 characters.  Prints the figures; asserts nothing.

    python benchmarks/gazetteer_speed.py
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import time
import tracemalloc
from pathlib import Path

COUNTY = "130623"  # 涞水县, 保定市, 河北省
PROVINCE = "13"  # 河北省: a scope of 50,000 villages, the heavy case
#: A real report (Traditional, with pinyin annotations: read raw, folded by the gazetteer) and its county.
SEED = Path(__file__).resolve().parent.parent / "data" / "raw" / "yuantan-2023-work-report.txt"
SEED_COUNTY = "441802"

#: Sentences shaped like a work report, naming towns and villages of the county, a chain and common words.
SENTENCES = (
    "今年以来，涞水县九龙镇认真贯彻落实上级决策部署，推进桑园涧、铁角、盘坡等村人居环境整治。",
    "三坡镇完成农村公路改造12.5公里，总投资约3,600万元，同比增长8.2%。",
    "河北省保定市涞水县义安镇组织开展乡村振兴示范创建，建设和发展取得新成效。",
    "永阳镇、石亭镇和赵各庄镇共新增市场主体320户，其中企业45家。",
    "加强基层党组织建设，九龙镇南庄村、大龙门村党支部获评先进基层党组织。",
    "明年将继续实施道路硬化、安全饮水和新桥改建等民生工程，计划投资1.2亿元。",
)


def text_of(length: int) -> str:
    out = ""
    while len(out) < length:
        out += "".join(SENTENCES)
    return out[:length]


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def step(name: str, trace: bool) -> dict[str, float]:
    """One measurement, run in this (fresh) process; with ``trace``, the Python peak by tracemalloc."""
    from kg.extract.ground import gazetteer as g

    text = text_of(10_000)
    base = rss_mb()
    if trace:
        tracemalloc.start()
    started = time.perf_counter()
    extra: dict[str, float] = {}
    if name == "upper":
        g.division(COUNTY)
    elif name == "scope":
        g.match("", scope=g.Scope((COUNTY,)))
    elif name == "chains":
        g.match("")
    elif name == "locate":
        g.find_county("河北省保定市涞水县九龙镇")
    elif name == "province-scope":
        g.match("", scope=g.Scope((PROVINCE,)))
    elif name.startswith("scan"):
        if name == "scan-seed":
            text = SEED.read_text(encoding="utf-8")[:10_000]
        scope = g.Scope(({"scan-province": PROVINCE, "scan-seed": SEED_COUNTY}.get(name, COUNTY),))
        g.match(text, scope=scope)  # builds what it needs
        runs = 20
        started = time.perf_counter()
        for _ in range(runs):
            found = g.match(text, scope=scope)
        extra = {"matches": len(found)}
        return {"seconds": (time.perf_counter() - started) / runs, "rss": rss_mb() - base, "peak": 0.0, **extra}
    seconds = time.perf_counter() - started
    peak = tracemalloc.get_traced_memory()[1] / 2**20 if trace else 0.0
    return {"seconds": seconds, "rss": rss_mb() - base, "peak": peak, **extra}


LABELS = {
    "upper": "load divisions down to towns (45k rows)",
    "scope": f"scope of one county ({COUNTY}; villages, chain index)",
    "chains": "chain index (provinces, cities, counties)",
    "locate": "name index down to towns (find_county)",
    "province-scope": f"scope of one province ({PROVINCE}; 50k villages)",
    "scan-county": "scan 10,000 characters, county scope",
    "scan-province": "scan 10,000 characters, province scope",
    "scan-seed": "scan 10,000 characters of the seed report (raw)",
}


def main() -> None:
    if len(sys.argv) == 4 and sys.argv[1] == "--step":
        print(json.dumps(step(sys.argv[2], sys.argv[3] == "trace")))
        return
    print("# python benchmarks/gazetteer_speed.py  (2-core machine shared with other work, load average "
          f"{os.getloadavg()[0]:.1f};")
    print("# each step in fresh processes: the best time and its RSS growth of 3, the Python peak by tracemalloc in")
    print("# a 4th; a scan is the mean of 20 after a warm-up)")
    for name, label in LABELS.items():
        runs = [json.loads(subprocess.run([sys.executable, __file__, "--step", name, mode], capture_output=True,
                                          text=True, check=True).stdout) for mode in ("time",) * 3 + ("trace",)]
        r = {**min(runs[:3], key=lambda run: run["seconds"]), "peak": runs[3]["peak"]}
        unit = "ms" if name.startswith("scan") else "s "
        value = r["seconds"] * 1000 if name.startswith("scan") else r["seconds"]
        tail = f"  {int(r['matches'])} matches" if "matches" in r else f"  Python peak {r['peak']:6.1f} MB"
        print(f"{label:<52} {value:7.3f} {unit}  RSS +{r['rss']:6.1f} MB{tail}")


if __name__ == "__main__":
    main()
