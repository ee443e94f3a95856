"""What every page of the window shares: the store, who we are, the year, change signals."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QObject, Signal

from desa_layak.core.setup import Identity
from desa_layak.storage.db import Store


class AppContext(QObject):
    """Passed to every page. Pages call the core with ``ctx.store`` (UI thread connection)
    and emit ``data_changed`` after a save so other pages refresh."""

    year_changed = Signal(int)
    data_changed = Signal()
    status_message = Signal(str)  # short text for the status bar ("Tersimpan", ...)

    def __init__(self, store: Store, identity: Identity, parent: QObject | None = None):
        super().__init__(parent)
        self.store = store
        self.identity = identity
        self._year = dt.date.today().year

    @property
    def year(self) -> int:
        return self._year

    def set_year(self, year: int) -> None:
        if year != self._year:
            self._year = year
            self.year_changed.emit(year)

    @property
    def village_code(self) -> str | None:
        """The village of a desa installation (None in kecamatan mode)."""
        return self.identity.area_code if self.identity.is_village else None
