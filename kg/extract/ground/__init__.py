"""Official places: the national division codes and what extraction does with them.

- :mod:`~kg.extract.ground.divisions`: the 2023 codes (统计用区划代码), divisions by code, parents and children;
- :mod:`~kg.extract.ground.gazetteer`: divisions found by name, in a heading or in a text;
"""
