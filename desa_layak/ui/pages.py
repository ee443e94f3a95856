"""The pages (tabs) of the main window, by role. Each feature adds its own line here.

Each entry is ``(module, class name)``; the class is a QWidget built as ``Cls(ctx, parent)``
(``ctx`` is ``desa_layak.ui.context.AppContext``). Optional methods: ``refresh()`` (called on
``ctx.data_changed`` / ``ctx.year_changed``), ``page_title()`` (translated tab title) and
``maybe_leave() -> bool`` (asked before a year switch or closing: unsaved input guard).
Modules are imported when the window is built, so keep heavy imports inside functions.
"""

from __future__ import annotations

VILLAGE_PAGES: list[tuple[str, str]] = [
    ("desa_layak.ui.checklist_page", "ChecklistPage"),
    ("desa_layak.ui.figures_data_pilah_page", "DataPilahPage"),
    ("desa_layak.ui.figures_budget_page", "BudgetPage"),
    ("desa_layak.ui.figures_facilities_page", "FacilitiesPage"),
    ("desa_layak.ui.figures_teams_page", "TeamsPage"),
    ("desa_layak.ui.drppa_page", "DrppaPage"),
]

KECAMATAN_PAGES: list[tuple[str, str]] = [
    ("desa_layak.ui.recap_page", "RecapPage"),
    ("desa_layak.ui.import_history_page", "ImportHistoryPage"),
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
