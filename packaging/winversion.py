"""The version resource of the Windows executable (Explorer > Properties > Details), as the text
PyInstaller's ``EXE(version=...)`` reads. Loaded by path from the spec (Windows builds only)."""

from __future__ import annotations

import re


def version_tuple(version: str) -> tuple[int, int, int, int]:
    nums = [int(n) for n in re.findall(r"\d+", version)[:4]]
    return tuple(nums + [0] * (4 - len(nums)))  # type: ignore[return-value]


def version_text(version: str, name: str = "Desa Layak", exe: str = "desa-layak.exe") -> str:
    v = version_tuple(version)
    strings = {
        "CompanyName": name,
        "FileDescription": f"{name}: kelengkapan Desa/Kelurahan Layak Anak dan DRPPA",
        "FileVersion": version,
        "InternalName": exe.removesuffix(".exe"),
        "OriginalFilename": exe,
        "ProductName": name,
        "ProductVersion": version,
    }
    table = ",\n          ".join(f"StringStruct({k!r}, {val!r})" for k, val in strings.items())
    return f"""VSVersionInfo(
  ffi=FixedFileInfo(filevers={v}, prodvers={v}, mask=0x3f, flags=0x0, OS=0x40004,
                    fileType=0x1, subtype=0x0, date=(0, 0)),
  kids=[
    StringFileInfo([StringTable('040904B0', [
          {table}])]),
    VarFileInfo([VarStruct('Translation', [1033, 1200])])
  ]
)
"""
