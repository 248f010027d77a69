"""Official places: the national division codes and what extraction does with them.

- :mod:`~kg.extract.ground.divisions`: the 2023 codes (统计用区划代码), divisions by code, parents and children;
- :mod:`~kg.extract.ground.gazetteer`: divisions found by name in a heading or in a text (automata, scope rules);
- :mod:`~kg.extract.ground.lookup`: divisions found by an exact name, and which finder's class fits which division;
- :mod:`~kg.extract.ground.sources`: a report's own places as its ``--place``, sidecar, heading and text name them;
- :mod:`~kg.extract.ground.scope`: those sources grounded in the codes and combined (:class:`OwnPlace`);
- :mod:`~kg.extract.ground.candidates`: the extraction step ``gazetteer``;
- :mod:`~kg.extract.ground.identity`: which node a place is (its code, or its name and parent place).
"""
