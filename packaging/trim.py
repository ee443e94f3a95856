"""What the frozen build leaves out: rules shared by the spec, build.py, the bench and the tests.

Loaded by file path (``packaging/`` is deliberately not a Python package: it would shadow the
PyPI ``packaging`` library that PyInstaller itself imports).

Each rule works on the destination name of an entry in PyInstaller's TOC, e.g.
``PySide6/Qt/plugins/platforms/libqvnc.so`` or ``PySide6/opengl32sw.dll``, with ``/`` or ``\\``.
"""

from __future__ import annotations

import re

# Languages the app speaks. Translation files of Qt and locale folders of any library in other
# languages are dropped.
KEEP_LANGUAGES = ("id", "en")

# Python modules the app never imports (test tools, GUI toolkits other than Qt, dev tools) and
# the Qt modules it does not use. The app imports QtCore, QtGui, QtWidgets (and maybe QtSvg,
# QtPrintSupport, QtPdf: they stay allowed and are collected only if ui/ imports them).
EXCLUDED_MODULES = [
    "tkinter", "_tkinter", "turtle", "turtledemo", "idlelib", "lib2to3", "pydoc_data",
    "pytest", "_pytest", "pytestqt", "hypothesis", "ruff", "pypdf",
    "IPython", "numpy", "matplotlib", "PyQt5", "PyQt6", "PySide2",
    # Nothing the app runs starts worker processes (the selftest and helpers use subprocess).
    # Leaving multiprocessing out also drops its runtime hook: ~60 ms less at every start.
    "multiprocessing",
    # Debugging and test tools, reached only from reportlab's `if __name__ == "__main__"`
    # self-tests and test helpers. With pydoc and pdb gone, pkgutil leaves the build and with it
    # PyInstaller's pkgutil runtime hook (imported pkgutil at every start);
    # Nothing imports asyncio either (PySide6's QtAsyncio is not used).
    "doctest", "pdb", "pydoc", "unittest", "asyncio", "reportlab.lib.testutils",
    "reportlab.graphics.testshapes",
    "PySide6.QtNetwork", "PySide6.QtQml", "PySide6.QtQuick", "PySide6.QtQuickWidgets",
    "PySide6.QtQuickControls2", "PySide6.QtOpenGL", "PySide6.QtOpenGLWidgets",
    "PySide6.QtDBus", "PySide6.QtSql", "PySide6.QtTest", "PySide6.QtXml",
    "PySide6.QtConcurrent", "PySide6.QtDesigner", "PySide6.QtHelp", "PySide6.QtUiTools",
    "PySide6.QtMultimedia", "PySide6.QtMultimediaWidgets", "PySide6.QtWebEngineCore",
    "PySide6.QtWebEngineWidgets", "PySide6.QtWebChannel", "PySide6.QtWebSockets",
    "PySide6.QtBluetooth", "PySide6.QtPositioning", "PySide6.QtSerialPort",
    "PySide6.QtStateMachine", "PySide6.QtCharts", "PySide6.QtDataVisualization",
    "PySide6.Qt3DCore", "PySide6.QtSpatialAudio", "PySide6.QtTextToSpeech",
    # Pillow image plugins for formats the app never reads or writes (attachments are
    # PDF/JPEG/PNG); their compiled codecs are the biggest part of Pillow.
    "PIL.AvifImagePlugin", "PIL._avif", "PIL.WebPImagePlugin", "PIL._webp",
    "PIL.ImageTk", "PIL._imagingtk", "PIL.ImageQt",
]

# Qt plugin folders the app needs; every other plugin folder is dropped. Inside a kept folder,
# the plugins in DROPPED_PLUGINS go too.
KEPT_PLUGIN_DIRS = {
    "platforms",  # windows / xcb / wayland / cocoa, plus offscreen for selftest and screenshots
    "imageformats",  # jpeg, ico, svg, gif (PNG is built into QtGui)
    "iconengines",  # SVG icons
    "styles",  # the modern Windows style
    "platforminputcontexts",  # typing through IBus / compose keys on Linux
    "platformthemes",  # native file dialogs on Linux desktops (portal)
    "wayland-shell-integration", "wayland-decoration-client",
    "printsupport",  # only collected if ui/ imports QtPrintSupport
}
DROPPED_PLUGINS = {
    # platforms for embedded devices / remote framebuffers
    "qeglfs", "qlinuxfb", "qminimalegl", "qvkkhrdisplay", "qvnc", "qdirect2d",
    # image formats nobody attaches to a village document
    "qicns", "qtga", "qtiff", "qwbmp", "qwebp", "qpdf",
    # the GTK3 theme drags GTK, cairo and friends in; the portal theme does file dialogs
    "qgtk3",
    "qtvirtualkeyboardplugin",
}

# Shared libraries no kept module or plugin needs (their users are dropped above), and the
# software OpenGL renderer on Windows (widgets draw with the raster engine).
_DROPPED_LIBRARY_STEMS = (
    "Qt6Network", "Qt6OpenGL", "Qt6OpenGLWidgets", "Qt6EglFSDeviceIntegration",
    "Qt6EglFsKmsSupport", "Qt6EglFsKmsGbmSupport", "Qt6Qml", "Qt6QmlModels", "Qt6QmlMeta",
    "Qt6QmlWorkerScript", "Qt6Quick", "Qt6VirtualKeyboard", "Qt6Pdf",
    "opengl32sw", "d3dcompiler_47",
)
_LIB_RE = re.compile(
    r"^(?:lib)?(?:" + "|".join(re.escape(s) for s in _DROPPED_LIBRARY_STEMS) + r")"
    r"(?:\.dll|\.so(?:\.\d+)*|\.\d+\.dylib|\.dylib)$",
    re.IGNORECASE,
)
_QM_RE = re.compile(r"^[a-z_]+?_([a-z]{2,3})(?:_[A-Za-z]{2})?\.qm$")
_LOCALE_DIR_RE = re.compile(
    r"(?:^|/)(?:locale|locales|locale-data)/([A-Za-z]{2,3})(?:[_@-][^/.]*)?(?:/|\.[a-z]+$)"
)


def _norm(dest: str) -> str:
    return dest.replace("\\", "/")


def _plugin_name(file_name: str) -> str:
    stem = file_name.split(".", 1)[0]
    return stem[3:] if stem.startswith("lib") else stem


def keep(dest: str) -> bool:
    """True if the file with this destination name belongs in the build."""
    path = _norm(dest)
    name = path.rsplit("/", 1)[-1]
    if name.endswith(".qm") and "/translations/" in f"/{path}":
        m = _QM_RE.match(name)
        return bool(m) and m.group(1) in KEEP_LANGUAGES
    if "/plugins/" in f"/{path}":
        rest = path.split("/plugins/", 1)[1].split("/")
        if len(rest) >= 2:
            folder = rest[0]
            if folder not in KEPT_PLUGIN_DIRS:
                return False
            if _plugin_name(rest[-1]) in DROPPED_PLUGINS:
                return False
    if _LIB_RE.match(name):
        return False
    m = _LOCALE_DIR_RE.search(path)
    if m and m.group(1).lower() not in KEEP_LANGUAGES:
        return False
    return True


def trim_toc(toc: list) -> list:
    """The TOC entries ``(dest, source, kind)`` that :func:`keep` accepts."""
    return [entry for entry in toc if keep(entry[0])]


def dropped(toc: list) -> list[str]:
    return sorted(entry[0] for entry in toc if not keep(entry[0]))


def _prunable(entry: tuple) -> bool:
    dest, _src, kind = entry[0], entry[1], entry[2]
    name = _norm(dest)
    return (kind == "BINARY" and "/" not in name and name.startswith("lib") and ".so" in name
            and not name.startswith("libpython"))


def prune_orphans(binaries: list, get_imports) -> list:  # noqa: ANN001 - PyInstaller's bindepend
    """Linux: drop top-level shared libraries that nothing left in the build links to.

    The analysis collected them for plugins dropped above (the GTK theme pulls in GTK, cairo and
    pango; QtNetwork pulls in Kerberos). ``get_imports(path)`` gives a binary's link-time
    dependencies as ``(name, path)`` pairs. Repeated until nothing more falls away.
    """
    entries = list(binaries)
    needs: dict[str, set[str]] = {}
    for dest, src, kind in ((e[0], e[1], e[2]) for e in entries):
        if src and kind in ("BINARY", "EXTENSION"):
            needs[dest] = {name.rsplit("/", 1)[-1] for name, _path in get_imports(src)}
    while True:
        wanted: set[str] = set()
        for entry in entries:
            wanted |= needs.get(entry[0], set())
        orphans = [e for e in entries if _prunable(e) and _norm(e[0]) not in wanted]
        if not orphans:
            return entries
        entries = [e for e in entries if e not in orphans]


def imported_modules(package_dir) -> set[str]:  # noqa: ANN001 - a pathlib.Path
    """Every absolute module name imported anywhere in the package's source."""
    import ast
    from pathlib import Path

    found: set[str] = set()
    for path in Path(package_dir).rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                found.update(a.name for a in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                found.add(node.module)
                found.update(f"{node.module}.{a.name}" for a in node.names)
    return found


def excluded_but_imported(package_dir) -> list[str]:  # noqa: ANN001
    """Modules the app imports that EXCLUDED_MODULES would leave out (must be empty)."""
    return sorted(m for m in imported_modules(package_dir) for ex in EXCLUDED_MODULES
                  if m == ex or m.startswith(ex + "."))
