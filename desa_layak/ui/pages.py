"""The pages (tabs) of the main window, by role. Each feature adds its own line here.

Each entry is ``(module, class name, tab title)``; the class is a QWidget built as
``Cls(ctx, parent)``
(``ctx`` is ``desa_layak.ui.context.AppContext``). Optional methods: ``refresh()`` (called on
``ctx.data_changed`` / ``ctx.year_changed``), ``page_title()`` (translated tab title) and
``maybe_leave() -> bool`` (asked before a year switch or closing: unsaved input guard).
Only the first page is built before the window first paints; the others are built right
after, so their titles (translated in the "pages" context) are listed here and the window
shows every tab at once without importing their modules. Keep heavy imports inside functions.
"""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP

VILLAGE_PAGES: list[tuple[str, str, str]] = [
    ("desa_layak.ui.checklist_page", "ChecklistPage",
     QT_TRANSLATE_NOOP("pages", "Kelengkapan A–H")),
    ("desa_layak.ui.figures_data_pilah_page", "DataPilahPage",
     QT_TRANSLATE_NOOP("pages", "Data Pilah")),
    ("desa_layak.ui.figures_budget_page", "BudgetPage",
     QT_TRANSLATE_NOOP("pages", "Anggaran Anak")),
    ("desa_layak.ui.figures_facilities_page", "FacilitiesPage",
     QT_TRANSLATE_NOOP("pages", "Fasilitas ILA")),
    ("desa_layak.ui.figures_teams_page", "TeamsPage",
     QT_TRANSLATE_NOOP("pages", "Tim")),
    ("desa_layak.ui.drppa_page", "DrppaPage",
     QT_TRANSLATE_NOOP("pages", "Indikator DRPPA")),
]

KECAMATAN_PAGES: list[tuple[str, str, str]] = [
    ("desa_layak.ui.recap_page", "RecapPage",
     QT_TRANSLATE_NOOP("pages", "Rekap")),
    ("desa_layak.ui.import_history_page", "ImportHistoryPage",
     QT_TRANSLATE_NOOP("pages", "Riwayat impor")),
]

# Extra window features: (module, function). After the window is built it calls
# ``function(window)`` for each; the function adds its QActions to ``window.menu_file``,
# ``window.menu_tools`` or ``window.menu_help``, may connect to ``window.ctx`` signals, and may
# use ``window.show_error(text)`` / ``window.show_info(text)``. Both roles unless the function
# checks ``window.ctx.identity.role`` itself.
WINDOW_EXTENSIONS: list[tuple[str, str]] = [
    ("desa_layak.ui.selftest_action", "install"),
    ("desa_layak.ui.maintenance_actions", "install"),
    ("desa_layak.ui.import_actions", "install"),
    ("desa_layak.ui.report_actions", "install"),
]
