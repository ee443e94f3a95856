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
    failed: list[Path] = []  # snapshots that could not be used: the next older is offered
    try:
        while True:
            latest = backup.latest_snapshot(store, skip=failed)
            options = [_t("Pilih berkas cadangan…"), _t("Tutup")]
            if latest is not None:
                when = _t("{date} pukul {time}").format(date=format_date(latest.at.date()),
                                                         time=f"{latest.at:%H.%M}")
                options.insert(0, _t("Pulihkan cadangan otomatis {when}").format(when=when))
                extra = _t("Cadangan otomatis terbaru di komputer ini: {when} ({label}). "
                           "Data yang dicatat sesudahnya perlu dicatat ulang.").format(
                    when=when, label=latest.label)
            elif failed:
                extra = _t("Tidak ada lagi cadangan otomatis yang utuh di folder data ini; "
                           "pilih berkas cadangan .dlbak (misalnya dari flash disk).")
            else:
                extra = _t("Belum ada cadangan otomatis di folder data ini; pilih berkas "
                           "cadangan .dlbak (misalnya dari flash disk).")
            choice = dialogs.choose(None, f"{text}\n\n{extra}", options,
                                    _t("Data tidak dapat dibuka"), warning=True)
            if choice is None or choice == len(options) - 1:
                return False
            snapshot = latest is not None and choice == 0
            path = latest.path if snapshot else \
                ask_open_path(None, store.backups_dir if store.backups_dir.is_dir() else None)
            if path is None:
                continue
            outcome = _restore(store, path)
            if outcome is True:
                return True
            if outcome is None and snapshot:  # could not be used: offer the next older one
                failed.append(path)
    finally:
        store.close()


def _restore(store: Any, path: Path) -> bool | None:  # noqa: ANN401 - storage.db.Store
    """Check ``path``, ask, restore. True: restored; False: the person said no; None: it
    could not be used or restored (said in words; nothing was changed)."""
    from desa_layak.storage import backup

    try:
        info = _off_the_ui_thread(lambda report: backup.read_backup(path),
                                  _t("Memeriksa cadangan…"))
        lines = "\n".join(backup.restore_question(store, info))
        if not dialogs.confirm(None, _t("Isi cadangan:\n\n{lines}\n\nBasis data yang rusak "
                                        "disimpan dulu di folder cadangan, lalu diganti dengan "
                                        "isi cadangan ini. Lanjutkan?").format(lines=lines),
                               _t("Pulihkan"), _t("Pulihkan data")):
            return False
        result = _off_the_ui_thread(
            lambda report: backup.restore(store, path, progress=report),
            _t("Memulihkan data…"))
    except Exception as err:  # noqa: BLE001 - said in words; the window may not open yet
        dialogs.error(None, _reason(err, store.data_dir), _t("Pemulihan gagal"))
        return None
    done = [_t("Data dipulihkan dari {name}.").format(name=path.name)]
    if result.previous is not None:
        done.append(_t("Berkas basis data yang rusak disimpan di:\n{path}").format(
            path=result.previous))
    if result.info.snapshot:
        done.append(_t("Periksa isian sejak cadangan itu dibuat, dan jalankan Alat › Periksa "
                       "data untuk memastikan semua lampiran ada."))
    dialogs.info(None, "\n\n".join(done), _t("Pulihkan"))
    return True


def _reason(err: BaseException, data_dir: Path) -> str:
    from desa_layak.storage.db import user_error

    known = user_error(err, data_dir)
    if known is not None:
        return str(known)
    return _t("Pemulihan tidak dapat diselesaikan ({name}: {detail}). Basis data yang rusak "
              "tetap tersimpan di folder cadangan.").format(name=type(err).__name__,
                                                            detail=err)


def _off_the_ui_thread(fn: Callable[[Callable[[int, int, str], bool]], Any], label: str
                       ) -> Any:  # noqa: ANN401 - whatever fn returns
    """Run ``fn(report)`` in a worker (ui/tasks.py) while a progress box shows ``label``;
    return its result or raise its error here."""
    from PySide6.QtWidgets import QProgressDialog

    from desa_layak.ui.tasks import run_task

    box = QProgressDialog(label, "", 0, 0)  # 0..0: a busy bar
    box.setCancelButton(None)
    box.setWindowTitle(_t("Desa Layak"))
    box.setMinimumDuration(0)
    box.setValue(0)  # shown now: there is no window yet, and work without a sign looks hung
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
