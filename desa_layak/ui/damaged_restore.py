"""When the database cannot be read at start: say so, and offer to restore it on the spot.

A village secretary does not type commands. Instead of only naming ``desa-layak restore``,
the message offers the newest automatic snapshot (``backups/auto``, made every day the window
opens) or a backup file of her choosing; once one is restored the window opens as usual. The
damaged file is kept in ``backups/`` by ``backup.restore`` before anything replaces it.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QEventLoop

from desa_layak.ui import dialogs


def _t(text: str) -> str:
    return QCoreApplication.translate("damaged_restore", text)


def offer_restore(data_dir: Path) -> bool:
    """Say that the database cannot be read, with the ways to restore it; True once a backup
    was restored (the window may open), False when the person closes the message."""
    from desa_layak.core.formatting import format_date
    from desa_layak.storage import backup
    from desa_layak.storage.db import Store
    from desa_layak.ui.maintenance_actions import ask_open_path

    store = Store(data_dir)
    text = _t("Basis data Desa Layak di folder {folder} tidak dapat dibaca: berkasnya rusak "
              "(misalnya karena laptop mati mendadak atau disk bermasalah). Tidak ada yang "
              "diubah.\n\nData dapat dipulihkan dari cadangan. Berkas yang rusak disimpan dulu "
              "di folder {backups}, lalu diganti dengan isi cadangan.").format(
        folder=data_dir, backups=store.backups_dir)
    try:
        while True:
            latest = backup.latest_snapshot(store)
            options = [_t("Pilih berkas cadangan…"), _t("Tutup")]
            if latest is not None:
                when = _t("{date} pukul {time}").format(date=format_date(latest.at.date()),
                                                         time=f"{latest.at:%H.%M}")
                options.insert(0, _t("Pulihkan cadangan otomatis {when}").format(when=when))
                extra = _t("Cadangan otomatis terbaru di komputer ini: {when} ({label}). "
                           "Data yang dicatat sesudahnya perlu dicatat ulang.").format(
                    when=when, label=latest.label)
            else:
                extra = _t("Belum ada cadangan otomatis di folder data ini; pilih berkas "
                           "cadangan .dlbak (misalnya dari flash disk).")
            choice = dialogs.choose(None, f"{text}\n\n{extra}", options,
                                    _t("Data tidak dapat dibuka"), warning=True)
            if choice is None or choice == len(options) - 1:
                return False
            path = latest.path if latest is not None and choice == 0 else \
                ask_open_path(None, store.backups_dir if store.backups_dir.is_dir() else None)
            if path is not None and _restore(store, path):
                return True
    finally:
        store.close()


def _restore(store: Any, path: Path) -> bool:  # noqa: ANN401 - desa_layak.storage.db.Store
    """Check ``path``, ask, restore; errors are said and False returned."""
    from desa_layak.errors import DesaLayakError
    from desa_layak.storage import backup

    try:
        info = _off_the_ui_thread(lambda report: backup.read_backup(path),
                                  _t("Memeriksa cadangan…"))
        lines = "\n".join(info.describe())
        if not dialogs.confirm(None, _t("Isi cadangan:\n\n{lines}\n\nBasis data yang rusak "
                                        "disimpan dulu di folder cadangan, lalu diganti dengan "
                                        "isi cadangan ini. Lanjutkan?").format(lines=lines),
                               _t("Pulihkan"), _t("Pulihkan data")):
            return False
        result = _off_the_ui_thread(
            lambda report: backup.restore(store, path, progress=report),
            _t("Memulihkan data…"))
    except DesaLayakError as err:
        dialogs.error(None, str(err), _t("Pemulihan gagal"))
        return False
    done = [_t("Data dipulihkan dari {name}.").format(name=path.name)]
    if result.previous is not None:
        done.append(_t("Berkas basis data yang rusak disimpan di:\n{path}").format(
            path=result.previous))
    if result.info.snapshot:
        done.append(_t("Periksa isian sejak cadangan itu dibuat, dan jalankan Alat › Periksa "
                       "data untuk memastikan semua lampiran ada."))
    dialogs.info(None, "\n\n".join(done), _t("Pulihkan"))
    return True


def _off_the_ui_thread(fn: Callable[[Callable[[int, int, str], bool]], Any], label: str
                       ) -> Any:  # noqa: ANN401 - whatever fn returns
    """Run ``fn(report)`` in a worker (ui/tasks.py) while a progress box shows ``label``;
    return its result or raise its error here."""
    from PySide6.QtWidgets import QProgressDialog

    from desa_layak.ui.tasks import run_task

    box = QProgressDialog(label, "", 0, 0)
    box.setCancelButton(None)
    box.setWindowTitle(_t("Desa Layak"))
    box.setMinimumDuration(300)
    loop = QEventLoop()
    outcome: dict[str, Any] = {}

    def done(result: Any) -> None:  # noqa: ANN401
        outcome["result"] = result
        loop.quit()

    def failed(err: BaseException, _trace: str) -> None:
        outcome["error"] = err
        loop.quit()

    worker = run_task(fn, on_done=done, on_error=failed)
    if not outcome:
        loop.exec()
    worker.wait()  # its thread has ended before the box goes (it is deleted later)
    box.close()
    if "error" in outcome:
        raise outcome["error"]
    return outcome["result"]
