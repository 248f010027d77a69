"""Benchmark: static site generation, push to an Oxigraph store, and kg serve start-up, on synthetic
report-shaped graphs of growing size.

    python benchmarks/publish_speed.py [documents ...]      # default: 10 100

Each document graph holds a town, 40 villages contained in it (reified, with provenance), an
observation per village, a person with an award conferral, and 60 sentences.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from kg.publish.push import push  # noqa: E402
from kg.publish.serve import free_port, oxigraph_executable, start  # noqa: E402
from kg.publish.site import build_site  # noqa: E402
from kg.graph.vocab import DEFAULT_BASE, KG, KGC  # noqa: E402

RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
LABEL = "<http://www.w3.org/2000/01/rdf-schema#label>"
PROV = "http://www.w3.org/ns/prov#"
DEC = "^^<http://www.w3.org/2001/XMLSchema#decimal>"
INT = "^^<http://www.w3.org/2001/XMLSchema#integer>"


def document_quads(d: int) -> list[str]:
    doc = f"{DEFAULT_BASE}doc/bench-{d}"
    g = f"<{doc}>"
    out = [f"<{doc}> <{RDF}type> <{KG.Document}> {g} .", f'<{doc}> {LABEL} "第{d}号工作报告"@zh-Hans {g} .']
    for n in range(1, 61):
        s = f"<{doc}#s{n}>"
        out += [f"{s} <{RDF}type> <{KG.Sentence}> {g} .", f"{s} <{KG.inDocument}> <{doc}> {g} .",
                f'{s} <{KG.text}> "第{d}号报告第{n}句，某镇某村完成投资{n}万元。" {g} .',
                f'{s} <{KG.sentenceIndex}> "{n}"{INT} {g} .']
    town = f"<{DEFAULT_BASE}town/zhen-{d}>"
    out += [f"{town} <{RDF}type> <{KG.Town}> {g} .", f'{town} {LABEL} "第{d}镇"@zh-Hans {g} .',
            f'{town} {LABEL} "Di{d} Zhen"@zh-Latn-pinyin {g} .', f"{town} <{KG.mentionedIn}> <{doc}#s1> {g} ."]
    for v in range(40):
        village = f"<{DEFAULT_BASE}village/cun-{d}-{v}>"
        st = f"<{DEFAULT_BASE}statement/bench-{d}-{v}>"
        obs = f"<{DEFAULT_BASE}observation/bench-{d}-{v}>"
        sent = f"<{doc}#s{v % 60 + 1}>"
        out += [f"{village} <{RDF}type> <{KG.Village}> {g} .", f'{village} {LABEL} "{d}镇{v}村"@zh-Hans {g} .',
                f'{village} {LABEL} "{d} zhen {v} cun"@zh-Latn-pinyin {g} .',
                f"{village} <{KG.containedIn}> {town} {g} .", f"{village} <{KG.mentionedIn}> {sent} {g} .",
                f"{st} <{RDF}type> <{RDF}Statement> {g} .", f"{st} <{RDF}subject> {village} {g} .",
                f"{st} <{RDF}predicate> <{KG.containedIn}> {g} .", f"{st} <{RDF}object> {town} {g} .",
                f"{st} <{PROV}wasDerivedFrom> {sent} {g} .", f'{st} <{KG.startOffset}> "0"{INT} {g} .',
                f'{st} <{KG.endOffset}> "3"{INT} {g} .',
                f"{obs} <{RDF}type> <{KG.Observation}> {g} .", f"{obs} <{KG.subject}> {village} {g} .",
                f'{obs} <{KG.value}> "{v * 10000}"{DEC} {g} .', f"{obs} <{KG.unit}> <{KGC}unit-CNY> {g} .",
                f"{obs} <{PROV}wasDerivedFrom> {sent} {g} ."]
    return out


def main(sizes: list[int]) -> None:
    print(f"{'docs':>6} {'quads':>9} {'site s':>8} {'pages':>7} {'pages/s':>8} {'push s':>7} {'triples/s':>10} "
          f"{'serve start s':>13}")
    for docs in sizes:
        work = Path(tempfile.mkdtemp(prefix="kg-bench-"))
        try:
            data = work / "kg"
            data.mkdir()
            lines = [q for d in range(docs) for q in document_quads(d)]
            (data / "kg.nq").write_text("\n".join(lines) + "\n", encoding="utf-8")
            t0 = time.perf_counter()
            summary = build_site(data, out=work / "site", network=False)
            site_s = time.perf_counter() - t0

            port = free_port()
            store = subprocess.Popen([oxigraph_executable(), "serve", "--location", str(work / "db"), "--bind",
                                      f"127.0.0.1:{port}"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            try:
                for _ in range(300):
                    try:
                        urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=1).close()
                        break
                    except OSError:
                        time.sleep(0.05)
                t0 = time.perf_counter()
                pushed = push(f"http://127.0.0.1:{port}/store", data=data)
                push_s = time.perf_counter() - t0
            finally:
                store.terminate()
                store.wait()
            t0 = time.perf_counter()
            with start(data, port=0):
                serve_s = time.perf_counter() - t0
            triples = sum(p.triples for p in pushed)
            print(f"{docs:>6} {len(lines):>9,} {site_s:>8.2f} {summary.pages:>7,} {summary.pages / site_s:>8.0f} "
                  f"{push_s:>7.2f} {triples / push_s:>10,.0f} {serve_s:>13.2f}")
        finally:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [10, 100])
