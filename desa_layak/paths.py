"""Where the user's data lives: --data-dir, DESA_LAYAK_HOME, portable mode, or the OS default."""

from __future__ import annotations

import os
import sys
from pathlib import Path

ENV_HOME = "DESA_LAYAK_HOME"
PORTABLE_MARKER = "portable"


def executable_dir() -> Path:
    """Folder of the running program: the frozen executable, or the launching script."""
    if getattr(sys, "frozen", False):
        return Path(sys.executable).resolve().parent
    return Path(sys.argv[0]).resolve().parent if sys.argv and sys.argv[0] else Path.cwd()


def default_data_dir() -> Path:
    import platformdirs

    return Path(platformdirs.user_data_dir("DesaLayak", appauthor=False, roaming=True))


def resolve_data_dir(cli_value: str | os.PathLike[str] | None = None) -> Path:
    """The data folder, in order: ``--data-dir``, ``$DESA_LAYAK_HOME``, portable, OS default."""
    if cli_value:
        return Path(cli_value).expanduser().resolve()
    env = os.environ.get(ENV_HOME)
    if env:
        return Path(env).expanduser().resolve()
    exe_dir = executable_dir()
    if (exe_dir / PORTABLE_MARKER).is_file():
        return exe_dir / "data"
    return default_data_dir()
