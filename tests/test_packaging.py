"""Packaging: the PyInstaller spec, what the build leaves out, portable mode, resource paths."""

from __future__ import annotations

import ast
import importlib.util
import re
import sys
from pathlib import Path

import pytest

from desa_layak import __version__, paths, resources

ROOT = Path(__file__).resolve().parent.parent
PACKAGING = ROOT / "packaging"
SPEC = PACKAGING / "desa-layak.spec"


def _load(name: str, path: Path):  # noqa: ANN202
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def trim():  # noqa: ANN201
    return _load("desa_layak_trim", PACKAGING / "trim.py")


def _calls(tree: ast.AST, func: str) -> list[ast.Call]:
    return [n for n in ast.walk(tree) if isinstance(n, ast.Call)
            and isinstance(n.func, ast.Name) and n.func.id == func]


def _kw(call: ast.Call, name: str) -> ast.AST | None:
    return next((k.value for k in call.keywords if k.arg == name), None)


# -- the spec ------------------------------------------------------------------------------------

def test_spec_is_onedir_without_upx_and_named_after_the_package() -> None:
    tree = ast.parse(SPEC.read_text(encoding="utf-8"))
    (exe,) = _calls(tree, "EXE")
    (coll,) = _calls(tree, "COLLECT")
    assert _calls(tree, "Analysis") and _calls(tree, "PYZ")
    # onedir: the exe leaves binaries to COLLECT
    assert ast.literal_eval(_kw(exe, "exclude_binaries")) is True
    for call in (exe, coll):
        assert ast.literal_eval(_kw(call, "upx")) is False
        assert isinstance(_kw(call, "name"), ast.Name) and _kw(call, "name").id == "NAME"
    text = SPEC.read_text(encoding="utf-8")
    assert re.search(r'^NAME = "desa-layak"$', text, re.M)
    assert "__version__" in text  # version read from the package, not typed in the spec


def test_spec_bundles_resources_and_applies_the_trim_rules() -> None:
    tree = ast.parse(SPEC.read_text(encoding="utf-8"))
    (analysis,) = _calls(tree, "Analysis")
    assert ast.unparse(_kw(analysis, "datas")) == "[(str(ROOT / 'resources'), 'resources')]"
    assert ast.unparse(_kw(analysis, "excludes")) == "trim.EXCLUDED_MODULES"
    text = SPEC.read_text(encoding="utf-8")
    assert "a.binaries = trim.trim_toc(a.binaries)" in text
    assert "a.datas = trim.trim_toc(a.datas)" in text
    assert "a.binaries = trim.prune_orphans(a.binaries, get_imports)" in text
    assert 'collect_submodules("desa_layak"' in text  # commands and pages load by name
    assert 'hidden.append("_rl_accel")' in text  # reportlab imports it inside exec()


def test_version_matches_the_installed_package() -> None:
    from importlib.metadata import version

    assert version("desa-layak") == __version__


# -- what the build leaves out -------------------------------------------------------------------

@pytest.mark.parametrize("dest", [
    "PySide6/Qt/translations/qtbase_de.qm",
    "PySide6/Qt/translations/qt_zh_CN.qm",
    "PySide6\\translations\\qtbase_ja.qm",
    "PySide6/Qt/plugins/platforms/libqvnc.so",
    "PySide6/Qt/plugins/platforms/libqeglfs.so",
    "PySide6/Qt/plugins/platformthemes/libqgtk3.so",
    "PySide6/Qt/plugins/imageformats/libqtiff.so",
    "PySide6/Qt/plugins/tls/libqopensslbackend.so",
    "PySide6/Qt/plugins/networkinformation/libqnetworkmanager.so",
    "PySide6/Qt/plugins/egldeviceintegrations/libqeglfs-kms-integration.so",
    "PySide6/Qt/plugins/generic/libqevdevtouchplugin.so",
    "PySide6/Qt/plugins/xcbglintegrations/libqxcb-glx-integration.so",
    "PySide6/Qt/lib/libQt6Network.so.6",
    "PySide6/Qt/lib/libQt6EglFSDeviceIntegration.so.6",
    "PySide6/opengl32sw.dll",
    "PySide6\\Qt6Network.dll",
    "PySide6\\plugins\\imageformats\\qwebp.dll",
    "somelib/locale/de/LC_MESSAGES/somelib.mo",
    "babel/locale-data/fr_FR.dat",
])
def test_dropped(trim, dest: str) -> None:  # noqa: ANN001
    assert not trim.keep(dest)


@pytest.mark.parametrize("dest", [
    "PySide6/Qt/translations/qtbase_en.qm",
    "PySide6/Qt/translations/qtbase_id.qm",
    "PySide6/Qt/plugins/platforms/libqxcb.so",
    "PySide6/Qt/plugins/platforms/libqwayland.so",
    "PySide6/Qt/plugins/platforms/libqoffscreen.so",  # selftest and screenshots
    "PySide6/Qt/plugins/imageformats/libqjpeg.so",
    "PySide6/Qt/plugins/iconengines/libqsvgicon.so",
    "PySide6/Qt/plugins/platformthemes/libqxdgdesktopportal.so",
    "PySide6/Qt/lib/libQt6Widgets.so.6",
    "PySide6/Qt/lib/libQt6Gui.so.6",
    "PySide6/Qt/lib/libicudata.so.73",
    "PySide6\\Qt6Core.dll",
    "PySide6\\plugins\\platforms\\qwindows.dll",
    "PySide6\\plugins\\styles\\qmodernwindowsstyle.dll",
    "somelib/locale/id/LC_MESSAGES/somelib.mo",
    "babel/locale-data/en_US.dat",
    "babel/locale-data/root.dat",
    "resources/catalogue/checklist-1.json",
    "resources/i18n/desa_layak_id.qm",
    "reportlab/fonts/Vera.ttf",
    "libpython3.11.so.1.0",
])
def test_kept(trim, dest: str) -> None:  # noqa: ANN001
    assert trim.keep(dest)


def test_trim_toc_filters_entries(trim) -> None:  # noqa: ANN001
    toc = [("PySide6/Qt/plugins/platforms/libqvnc.so", "/x/libqvnc.so", "BINARY"),
           ("PySide6/Qt/plugins/platforms/libqxcb.so", "/x/libqxcb.so", "BINARY")]
    assert [e[0] for e in trim.trim_toc(toc)] == ["PySide6/Qt/plugins/platforms/libqxcb.so"]
    assert trim.dropped(toc) == ["PySide6/Qt/plugins/platforms/libqvnc.so"]


def test_prune_orphans_drops_libraries_only_dropped_plugins_needed(trim) -> None:  # noqa: ANN001
    links = {
        "/s/QtWidgets.abi3.so": ["libQt6Widgets.so.6"],
        "/s/libQt6Widgets.so.6": ["libQt6Gui.so.6", "libglib-2.0.so.0"],
        "/s/libQt6Gui.so.6": [],
        "/s/libglib-2.0.so.0": [],
        "/s/libcairo.so.2": ["libpixman-1.so.0"],  # was needed by the GTK theme only
        "/s/libpixman-1.so.0": [],
        "/s/libpython3.11.so.1.0": [],
    }
    toc = [("PySide6/QtWidgets.abi3.so", "/s/QtWidgets.abi3.so", "EXTENSION"),
           ("PySide6/Qt/lib/libQt6Widgets.so.6", "/s/libQt6Widgets.so.6", "BINARY"),
           ("PySide6/Qt/lib/libQt6Gui.so.6", "/s/libQt6Gui.so.6", "BINARY"),
           ("libglib-2.0.so.0", "/s/libglib-2.0.so.0", "BINARY"),
           ("libcairo.so.2", "/s/libcairo.so.2", "BINARY"),
           ("libpixman-1.so.0", "/s/libpixman-1.so.0", "BINARY"),
           ("libpython3.11.so.1.0", "/s/libpython3.11.so.1.0", "BINARY")]

    def imports(path: str) -> list[tuple[str, str]]:
        return [(name, f"/s/{name}") for name in links[path]]

    kept = [e[0] for e in trim.prune_orphans(toc, imports)]
    assert "libcairo.so.2" not in kept and "libpixman-1.so.0" not in kept  # two rounds
    assert kept == ["PySide6/QtWidgets.abi3.so", "PySide6/Qt/lib/libQt6Widgets.so.6",
                    "PySide6/Qt/lib/libQt6Gui.so.6", "libglib-2.0.so.0",
                    "libpython3.11.so.1.0"]


def _imported_modules() -> set[str]:
    return _load("desa_layak_trim_scan", PACKAGING / "trim.py").imported_modules(
        ROOT / "desa_layak")


def test_nothing_the_app_imports_is_excluded(trim) -> None:  # noqa: ANN001
    imported = _imported_modules()
    assert "PySide6.QtWidgets" in imported and "PySide6.QtPrintSupport" in imported
    assert trim.excluded_but_imported(ROOT / "desa_layak") == []
    assert "trim.excluded_but_imported(" in SPEC.read_text(encoding="utf-8")  # checked at build


def test_qt_modules_used_by_the_ui_keep_their_libraries(trim) -> None:  # noqa: ANN001
    qt = {m.split(".")[1] for m in _imported_modules() if m.startswith("PySide6.Qt")}
    for module in qt:
        assert trim.keep(f"PySide6/Qt/lib/lib{module.replace('Qt', 'Qt6', 1)}.so.6"), module
        assert trim.keep(f"PySide6\\{module.replace('Qt', 'Qt6', 1)}.dll"), module


# -- portable mode -------------------------------------------------------------------------------

@pytest.fixture
def frozen_exe(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Pretend to be the frozen executable in ``tmp_path/desa-layak/``."""
    folder = tmp_path / "desa-layak"
    folder.mkdir()
    exe = folder / "desa-layak.exe"
    exe.write_bytes(b"")
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "executable", str(exe))
    monkeypatch.delenv(paths.ENV_HOME, raising=False)
    return exe


def test_portable_marker_puts_data_beside_the_executable(frozen_exe: Path) -> None:
    (frozen_exe.parent / "portable").write_text("", encoding="utf-8")
    assert paths.executable_dir() == frozen_exe.parent.resolve()
    assert paths.resolve_data_dir() == frozen_exe.parent.resolve() / "data"


def test_without_marker_the_os_data_folder_is_used(frozen_exe: Path) -> None:
    data = paths.resolve_data_dir()
    assert data == paths.default_data_dir()
    assert frozen_exe.parent not in data.parents


def test_data_dir_option_and_env_win_over_portable(frozen_exe: Path, tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    (frozen_exe.parent / "portable").write_text("", encoding="utf-8")
    assert paths.resolve_data_dir(tmp_path / "pilihan") == (tmp_path / "pilihan").resolve()
    monkeypatch.setenv(paths.ENV_HOME, str(tmp_path / "env"))
    assert paths.resolve_data_dir() == (tmp_path / "env").resolve()


def test_portable_marker_must_be_a_file(frozen_exe: Path) -> None:
    (frozen_exe.parent / "portable").mkdir()
    assert paths.resolve_data_dir() == paths.default_data_dir()


# -- resource paths ------------------------------------------------------------------------------

def test_resources_from_source() -> None:
    assert resources.resources_dir() == ROOT / "resources"
    assert resources.resource_path("catalogue", "checklist-1.json").is_file()


def test_resources_when_frozen(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    bundled = tmp_path / "_internal"
    (bundled / "resources" / "catalogue").mkdir(parents=True)
    (bundled / "resources" / "catalogue" / "checklist-1.json").write_text("{}", encoding="utf-8")
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "_MEIPASS", str(bundled), raising=False)
    assert resources.resources_dir() == bundled / "resources"
    assert resources.resource_path("catalogue", "checklist-1.json") == (
        bundled / "resources" / "catalogue" / "checklist-1.json")
    with pytest.raises(FileNotFoundError, match="tidak ditemukan"):
        resources.resource_path("wilayah", "wilayah.csv.gz")


def test_only_the_resource_helper_locates_files_by_module_path() -> None:
    offenders = [str(p.relative_to(ROOT)) for p in (ROOT / "desa_layak").rglob("*.py")
                 if p.name != "resources.py" and "__file__" in p.read_text(encoding="utf-8")]
    assert offenders == [], "use desa_layak.resources instead of __file__ (frozen build)"


def test_windows_installer_keeps_user_data_and_needs_no_admin() -> None:
    iss = (PACKAGING / "windows" / "desa-layak.iss").read_text(encoding="utf-8")
    assert re.search(r"^PrivilegesRequired=lowest$", iss, re.M)
    assert "{autoprograms}" in iss or "{userprograms}" in iss  # Start-menu shortcut
    sections = re.findall(r"^\[(\w+)\]", iss, re.M)
    assert "Setup" in sections and "Icons" in sections
    assert "UninstallDelete" not in sections  # only the installed files are removed
    assert "{userappdata}" not in iss and "{localappdata}\\DesaLayak" not in iss


def test_desktop_entry() -> None:
    entry = (PACKAGING / "linux" / "desa-layak.desktop").read_text(encoding="utf-8")
    lines = dict(line.split("=", 1) for line in entry.splitlines() if "=" in line)
    assert entry.startswith("[Desktop Entry]")
    assert lines["Type"] == "Application" and lines["Exec"].startswith("desa-layak")
    assert lines["Icon"] == "desa-layak"


def test_build_helpers_measure_a_folder(tmp_path: Path) -> None:
    build = _load("desa_layak_build", PACKAGING / "build.py")
    folder = tmp_path / "app"
    folder.mkdir()
    (folder / "a.bin").write_bytes(b"\0" * 100_000)
    assert build.folder_size(folder) == 100_000
    assert 0 < build.compressed_size(folder) < 10_000


def test_windows_version_resource_text() -> None:
    winversion = _load("desa_layak_winversion", PACKAGING / "winversion.py")
    assert winversion.version_tuple("0.1.0") == (0, 1, 0, 0)
    assert winversion.version_tuple("1.2.3rc4") == (1, 2, 3, 4)
    made: dict[str, object] = {}

    def record(kind: str):  # noqa: ANN202
        def make(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202
            made.setdefault(kind, []).append((args, kwargs))
            return kind
        return make

    names = ("VSVersionInfo", "FixedFileInfo", "StringFileInfo", "StringTable", "StringStruct",
             "VarFileInfo", "VarStruct")
    text = winversion.version_text(__version__)
    assert eval(text, {n: record(n) for n in names}) == "VSVersionInfo"  # noqa: S307
    strings = dict(args for args, _ in made["StringStruct"])
    assert strings["ProductVersion"] == __version__
    assert strings["OriginalFilename"] == "desa-layak.exe"
    (ffi,) = made["FixedFileInfo"]
    assert ffi[1]["filevers"] == winversion.version_tuple(__version__)
    assert "version=str(VERSION_FILE)" in SPEC.read_text(encoding="utf-8")


def test_windows_workflow_mirrors_the_linux_steps() -> None:
    workflow = (PACKAGING / "windows" / "build-windows.yml").read_text(encoding="utf-8")
    linux = (PACKAGING / "ci_build_and_selftest.sh").read_text(encoding="utf-8")
    assert "packaging/build.py --check" in linux and "QT_QPA_PLATFORM=offscreen" in linux
    assert "runs-on: windows-latest" in workflow
    assert "QT_QPA_PLATFORM: offscreen" in workflow
    assert r"packaging\build.py" in workflow
    assert '@("--version", "selftest")' in workflow  # the same two frozen checks
    assert r"packaging\windows\desa-layak.iss" in workflow and "/DAppVersion=" in workflow


def test_an_excluded_module_in_use_is_caught(trim, tmp_path: Path) -> None:  # noqa: ANN001
    (tmp_path / "pkg").mkdir()
    (tmp_path / "pkg" / "net.py").write_text(
        "def f():\n    from PySide6.QtNetwork import QTcpSocket\n    import tkinter\n",
        encoding="utf-8")
    assert trim.excluded_but_imported(tmp_path / "pkg") == [
        "PySide6.QtNetwork", "PySide6.QtNetwork.QTcpSocket", "tkinter"]
