"""Subcommands of ``desa-layak``, one module per area; each exposes ``register(subparsers)``."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from desa_layak.storage.db import Store


def open_initialised(args: argparse.Namespace) -> tuple[Store, object]:
    """The store of ``--data-dir`` (migrated) and its identity; refuses an empty folder."""
    from desa_layak.cli import data_dir_from
    from desa_layak.core.setup import NOT_INITIALISED, open_store, require_identity
    from desa_layak.errors import NotInitialisedError
    from desa_layak.storage.db import DB_FILE

    data_dir = data_dir_from(args)
    if not (Path(data_dir) / DB_FILE).exists():  # refuse without making a database there
        raise NotInitialisedError(NOT_INITIALISED)
    store = open_store(data_dir)
    return store, require_identity(store)


def village_code_for(args: argparse.Namespace, ident) -> str:  # noqa: ANN001
    """The village a command works on: ``--village`` or the desa installation's own."""
    from desa_layak.cli import UsageError

    code = getattr(args, "village", None) or getattr(args, "area", None)
    if code:
        return code
    if ident.role == "desa":
        return ident.area_code
    raise UsageError("Di mode kecamatan, sebutkan desa dengan --village KODE.")


def print_json(value: object) -> None:
    print(json.dumps(value, ensure_ascii=False, indent=1))


def given(args: argparse.Namespace, names: tuple[str, ...]) -> dict[str, object]:
    """The options of ``names`` given on the command line (left out: None)."""
    return {k: getattr(args, k) for k in names if getattr(args, k) is not None}


def edited(record: object, fields: dict[str, object]) -> object:
    """``record`` with ``fields`` set on it."""
    for k, v in fields.items():
        setattr(record, k, v)
    return record
