"""Property: whatever is done to a valid bundle, the importer either takes it or refuses it with
BundleError; never another exception, never a partial write.

Default run: ~50 examples. ``pytest -m slow tests/test_bundle_property.py`` runs many more.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from bundle_support import dump, make_village, members, rebuild, write_zip
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from desa_layak.bundles import export, importer
from desa_layak.bundles import format as fmt
from desa_layak.bundles.format import BundleError
from desa_layak.core import setup


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    root = tmp_path_factory.mktemp("prop")
    village = make_village(root / "desa")
    out = root / "out"
    out.mkdir()
    first = export.export_bundle(village, out).path
    second = export.export_bundle(village, out).path
    village.close()
    kec = setup.open_store(root / "kec")
    setup.initialise(kec, "kecamatan", "63.06.05")
    importer.import_bundle(kec, first)
    yield {"bundle": second, "keys": root / "desa" / "keys", "kec": kec, "root": root}
    kec.close()


json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-2**70, 2**70) | st.text(max_size=20)
    | st.floats(allow_nan=False),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner,
                                                               max_size=3),
    max_leaves=6,
)
MANIFEST_PATHS = [
    ("format",), ("format_version",), ("seq",), ("public_key",), ("members",),
    ("village",), ("village", "code"), ("village", "name"), ("kecamatan",),
    ("kecamatan", "code"), ("catalogues",), ("exported_at",), ("app_version",),
    ("members", 0), ("members", 0, "size"), ("members", 0, "sha256"), ("members", 0, "name"),
]

flip = st.tuples(st.just("flip"), st.lists(st.tuples(st.floats(0, 1), st.integers(1, 255)),
                                           min_size=1, max_size=4))
cut = st.tuples(st.just("cut"), st.floats(0, 1))
edit = st.tuples(st.just("edit"), st.sampled_from(MANIFEST_PATHS),
                 st.one_of(json_values, st.just("__delete__")), st.booleans())
record = st.tuples(st.just("record"), st.sampled_from(
    ["records/documents.jsonl", "records/villages.jsonl", "records/attachments.jsonl"]),
    st.floats(0, 1), st.binary(max_size=12))
mutation = st.one_of(flip, cut, edit, record)


def _mutate(world: dict, m: tuple, dest: Path) -> Path:
    src: Path = world["bundle"]
    kind = m[0]
    if kind == "flip":
        data = bytearray(src.read_bytes())
        for where, xor in m[1]:
            data[min(int(where * len(data)), len(data) - 1)] ^= xor
        dest.write_bytes(bytes(data))
        return dest
    if kind == "cut":
        data = src.read_bytes()
        dest.write_bytes(data[: int(m[1] * len(data))])
        return dest
    if kind == "edit":
        _, path, value, resign = m

        def change(manifest: dict) -> None:
            node = manifest
            for key in path[:-1]:
                if isinstance(node, dict | list) and (key in node if isinstance(node, dict)
                                                       else key < len(node)):
                    node = node[key]
                else:
                    return
            if isinstance(node, dict):
                if value == "__delete__":
                    node.pop(path[-1], None)
                else:
                    node[path[-1]] = value
            elif isinstance(node, list) and isinstance(path[-1], int) and path[-1] < len(node):
                node[path[-1]] = None if value == "__delete__" else value

        if resign:
            # Well signed, so the checks behind the signature are reached too.
            tmp = rebuild(src, dest.with_suffix(".tmp"), keys_dir=world["keys"])
            manifest = json.loads(dict((i.filename, d) for i, d in members(tmp))[fmt.MANIFEST])
            change(manifest)
            return _signed_with(tmp, dest, manifest, world["keys"])
        return rebuild(src, dest, edit_manifest=change)
    _, name, where, junk = m
    data = dict((i.filename, d) for i, d in members(src))[name]
    pos = int(where * len(data))
    return rebuild(src, dest, keys_dir=world["keys"],
                   replace={name: data[:pos] + junk + data[pos + len(junk):]})


def _signed_with(src: Path, dest: Path, manifest: dict, keys_dir: Path) -> Path:
    from desa_layak.bundles import keys

    mbytes = json.dumps(manifest).encode()
    entries = []
    for info, data in members(src):
        if info.filename == fmt.MANIFEST:
            data = mbytes
        elif info.filename == fmt.SIGNATURE:
            data = keys.sign(keys_dir, mbytes).encode()
        entries.append((info, data))
    return write_zip(dest, entries)


def _check(world: dict, m: tuple) -> None:
    kec = world["kec"]
    path = _mutate(world, m, world["root"] / "mutant.dkla")
    before = dump(kec)
    try:
        result = importer.import_bundle(kec, path)
    except BundleError as err:
        assert path.name in str(err)
        after = dump(kec)
        assert after["import_log"][:-1] == before["import_log"] or \
            len(after["import_log"]) == len(before["import_log"]) + 1
        assert {k: v for k, v in after.items() if k != "import_log"} == \
            {k: v for k, v in before.items() if k != "import_log"}
        return
    assert result.ok
    if result.status == importer.ALREADY:
        after = dump(kec)
        assert {k: v for k, v in after.items() if k != "import_log"} == \
            {k: v for k, v in before.items() if k != "import_log"}


@settings(max_examples=50, deadline=None, suppress_health_check=list(HealthCheck))
@given(m=mutation)
def test_mutated_bundles_import_or_are_refused_cleanly(world, m):
    _check(world, m)


@pytest.mark.slow
@settings(max_examples=1500, deadline=None, suppress_health_check=list(HealthCheck))
@given(m=mutation)
def test_mutated_bundles_many(world, m):
    _check(world, m)
