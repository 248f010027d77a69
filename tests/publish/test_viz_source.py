"""The network page around one entity is drawn from the triples of its neighbourhood only, and shows exactly
what the page of the whole graph shows when cut to that neighbourhood."""

from __future__ import annotations

import itertools

import pytest

from kg.errors import InputError
from kg.graph.store import open_build
from kg.publish.viz_graph import build_network, select
from kg.publish.viz_source import focus_source, whole_source

CASES = list(itertools.product(
    ("李韫哲", "源潭镇", "taimei", "金沙工业园", "广东省人力资源和社会保障厅"),
    (0, 1, 2),
    (None, ("Person", "Award", "GovernmentBody"), ("Project", "IndustrialPark", "Town")),
    (False, True),
))


@pytest.fixture(scope="module")
def built(seed_build):
    return open_build(seed_build.path)


@pytest.fixture(scope="module")
def whole(built):
    return {plumbing: build_network(whole_source(built), include_plumbing=plumbing) for plumbing in (False, True)}


def _view(g) -> tuple:
    return (sorted((n, sorted(d.items())) for n, d in g.nodes(data=True)), sorted(g.edges(keys=True)),
            sorted(g.graph.get("sentence_text", {}).items()))


@pytest.mark.parametrize(("focus", "depth", "types", "plumbing"), CASES)
def test_focus_page_equals_the_whole_page_cut(built, whole, focus, depth, types, plumbing):
    try:
        expected = _view(select(whole[plumbing], focus=focus, depth=depth, types=types))
    except InputError:
        with pytest.raises(InputError, match="no entity of that name"):
            focus_source(built, focus, depth=depth, types=types, include_plumbing=plumbing)
        return
    source = focus_source(built, focus, depth=depth, types=types, include_plumbing=plumbing)
    got = select(build_network(source, include_plumbing=plumbing), focus=focus, depth=depth, types=types)
    assert _view(got) == expected


def test_focus_reads_a_small_part_of_the_graph(built):
    whole_triples = sum(1 for _ in whole_source(built).triples())
    focus_triples = sum(1 for _ in focus_source(built, "李韫哲", depth=1).triples())
    assert 0 < focus_triples < whole_triples / 5  # even here, where the one town is linked to most things


def test_unknown_focus_suggests_close_names(built):
    with pytest.raises(InputError, match=r"^focus '李韫': no entity of that name in the graph; did you mean: 李韫哲$"):
        focus_source(built, "李韫")
    with pytest.raises(InputError, match=r"among the types Village \(it names a Person\)"):
        focus_source(built, "李韫哲", types=("Village",))


def test_a_focused_page_of_a_big_build_reads_the_focus_part_only(built):
    from kg.publish.viz import page_source

    def triples(source) -> list:
        return sorted(map(str, source.triples()))

    whole = triples(whole_source(built))
    assert triples(page_source(built)) == whole  # no focus: the whole graph
    assert triples(page_source(built, focus="李韫哲", depth=1)) == whole  # a small build: every entity, to grow into
    part = triples(page_source(built, focus="李韫哲", depth=1, whole_up_to=10))  # as if it had more than ten
    assert part == triples(focus_source(built, "李韫哲", depth=1)) and 0 < len(part) < len(whole) / 5
