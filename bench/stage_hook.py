"""PyInstaller runtime hook used only by bench/frozen_stages.py (never in the shipped build).

``DESA_LAYAK_STAGE=boot`` ends the process as soon as this hook runs: right after the
bootloader, the interpreter and PyInstaller's own bootstrap, before the other runtime hooks.
``DESA_LAYAK_STAGE=<module>`` ends it when that module is first imported (an audit hook on the
``import`` event). The exit code ``STAGE_EXIT`` tells the bench that the stage was reached.
"""

import os
import sys

STAGE_EXIT = 3
_STAGE = os.environ.get("DESA_LAYAK_STAGE", "")

if _STAGE == "boot":
    os._exit(STAGE_EXIT)
elif _STAGE:

    def _audit(event, args, _name=_STAGE, _exit=os._exit):  # noqa: ANN001, ANN202
        if event == "import" and args[0] == _name:
            _exit(STAGE_EXIT)

    sys.addaudithook(_audit)
