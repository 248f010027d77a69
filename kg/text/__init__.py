"""Text: a report file → clean Simplified text with its Traditional twin and offset map → a segmented ``Document``.

``read`` (encodings) → ``annotation`` (pinyin marks) → ``garble``/``reread``/``repair``/``word_model``/``gbk``
(runs garbled by a misaligned GBK decode) → ``t2s`` (Traditional → Simplified) → ``normalize`` (all of it, with
the offset map) → ``segment`` (sections, items, sentences)."""
