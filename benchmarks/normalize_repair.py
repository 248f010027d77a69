"""Benchmark the repair of misaligned-GBK runs on simulated damage, and the cost of normalizing.

A random stretch of a sound line of the bundled report is damaged the way the seed's runs were
(GBK bytes read one byte late, unmapped pairs lost, full-width marks made ASCII, the surviving
annotation of the last character kept) and the whole report is normalized with that line in
place. Prints how many runs were repaired right, repaired wrong, reported or missed, how right the
accepted repairs were by probability band, and the time taken.
Usage: python benchmarks/normalize_repair.py [N] [SEED] [MIN_POSTERIOR]
"""

from __future__ import annotations

import random
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from kg.text import annotation  # noqa: E402
from kg.text.garble import misread  # noqa: E402
from kg.text.normalize import normalize  # noqa: E402
from kg.text.t2s import to_simplified  # noqa: E402


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 200
    if len(sys.argv) > 3:  # accept more repairs, to see how right each probability band is
        import kg.text.repair

        kg.text.repair.MIN_POSTERIOR = float(sys.argv[3])
    rng = random.Random(int(sys.argv[2]) if len(sys.argv) > 2 else 7)
    raw = (ROOT / "data/raw/yuantan-2023-work-report.txt").read_text(encoding="utf-8")
    t0 = time.perf_counter()
    seed_norm = normalize(raw)
    cold = time.perf_counter() - t0
    t0 = time.perf_counter()
    normalize(raw)
    warm = time.perf_counter() - t0
    # Annotated Traditional lines of the report with no damage in them.
    lines = [ln for ln in raw.split("\n") if "?" not in ln and len(ln) > 60]
    token = re.compile(rf"(.)(\([{annotation.PINYIN_LETTERS}]+\))?")
    counts = {"right": 0, "wrong": 0, "reported": 0, "missed": 0}
    wrong_examples = []
    bands: dict[int, list[int]] = {}
    missed_examples = []
    elapsed = 0.0
    for _ in range(n):
        line = rng.choice(lines)
        units = [(m.group(1), m.group(2) or "") for m in token.finditer(line)]
        a = rng.randrange(5, len(units) - 10)
        b = a + rng.randint(1, 5)
        span = units[a:b]
        if not all(annotation.is_cjk(c) or c in "。，、“”" for c, _ in span):
            continue
        trad = "".join(c.replace(",", "，") for c, _ in span)
        try:
            run = misread(trad) + span[-1][1]
        except UnicodeEncodeError:
            continue
        damaged_line = "".join(c + p for c, p in units[:a]) + run + "".join(c + p for c, p in units[b:])
        # The damage sits in the whole report, whose sound text the repair draws on.
        at = raw.index(line)
        damaged = raw[:at] + damaged_line + raw[at + len(line) :]
        t0 = time.perf_counter()
        norm = normalize(damaged)
        elapsed += time.perf_counter() - t0
        start = at + len("".join(c + p for c, p in units[:a]))
        expected = to_simplified(trad).text
        rep = [r for r in norm.report.repairs if r.raw_start <= start < r.raw_end or r.raw_start == start]
        unrep = [u for u in norm.report.unrepaired if u.raw_start <= start < u.raw_end]
        if rep:
            got = rep[0].after
            ok = expected.endswith(got) or got.endswith(expected) or got == expected
            counts["right" if ok else "wrong"] += 1
            found = re.search(r"probability ([0-9.]+)", rep[0].evidence)
            if found:
                band = min(9, int(float(found.group(1)) * 10))
                bands.setdefault(band, [0, 0])[0 if ok else 1] += 1
            if not ok:
                wrong_examples.append((run, expected, got + " " + rep[0].evidence.split("; ")[-1][:40]))
        elif unrep:
            counts["reported"] += 1
        else:
            counts["missed"] += 1
            missed_examples.append((damaged[max(0, start - 6) : start + len(run) + 6], ""))
    total = sum(counts.values())
    print(f"seed report: {len(seed_norm.text)} characters; cold {cold * 1000:.0f} ms "
          f"(dictionary and tables loaded), warm {warm * 1000:.0f} ms")
    print(f"simulated runs: {total}; " + ", ".join(f"{k} {v} ({v / total:.0%})" for k, v in counts.items()))
    if counts["right"] + counts["wrong"]:
        print(f"precision of accepted repairs: {counts['right'] / (counts['right'] + counts['wrong']):.1%}")
    for band in sorted(bands):
        r, w = bands[band]
        print(f"  accepted with probability {band / 10:.1f}–{(band + 1) / 10:.1f}: {r} right, {w} wrong")
    print(f"mean time per damaged report: {elapsed / max(1, total) * 1000:.1f} ms")
    for run, expected, got in wrong_examples[:30]:
        print(f"  wrong: {run!r} → {got} (was {expected})")
    for around, _ in missed_examples[:10]:
        print(f"  missed: {around!r}")


if __name__ == "__main__":
    main()
