"""The public Python API: every name in ``kg.__all__`` resolves, and the documented calls work."""

from __future__ import annotations

import subprocess
import sys

import pytest

import kg

from tests.conftest import ROOT


@pytest.mark.parametrize("name", kg.__all__)
def test_every_public_name_resolves(name):
    assert getattr(kg, name) is not None


def test_import_kg_is_light():
    # the light API must not drag in the heavy libraries; they load on first use
    code = "import sys, kg; print(sorted(m for m in ('rdflib', 'pandas', 'pyvis', 'pyshacl', 'jieba') if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True).stdout
    assert out.strip() == "[]"


def test_query_and_build_are_the_library_functions(seed_build):
    import kg.graph.query
    import kg.pipeline

    assert kg.query is kg.query_frame is kg.graph.query.query_frame
    assert kg.build is kg.pipeline.build
    assert isinstance(seed_build.result, kg.BuildResult)
    df = kg.query("honours", path=seed_build.path)
    assert list(df.columns) == ["recipient", "role", "award", "conferredBy", "date"]
    assert ("李韫哲", "副镇长") in set(zip(df["recipient"], df["role"]))
