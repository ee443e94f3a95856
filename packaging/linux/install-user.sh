#!/usr/bin/env sh
# Install a built dist/desa-layak/ folder for the current user on Linux (no root needed):
#   the program in ~/.local/lib/desa-layak/, a `desa-layak` command in ~/.local/bin/,
#   the menu entry and the icon. Run again to update; `--uninstall` removes the program, the
#   command, the menu entry and the icon, never the data folder (~/.local/share/DesaLayak).
set -eu
HERE="$(cd "$(dirname "$0")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
SRC="${1:-$ROOT/dist/desa-layak}"
PREFIX="${XDG_DATA_HOME:-$HOME/.local/share}"
LIB="$HOME/.local/lib/desa-layak"
BIN="$HOME/.local/bin"

if [ "${1:-}" = "--uninstall" ]; then
    rm -rf "$LIB"
    rm -f "$BIN/desa-layak" "$PREFIX/applications/desa-layak.desktop" \
          "$PREFIX/icons/hicolor/256x256/apps/desa-layak.png" \
          "$PREFIX/icons/hicolor/scalable/apps/desa-layak.svg"
    echo "Desa Layak dihapus. Folder data tidak disentuh."
    exit 0
fi

[ -x "$SRC/desa-layak" ] || { echo "Tidak ada $SRC/desa-layak: jalankan packaging/build.py dulu." >&2; exit 1; }
mkdir -p "$LIB" "$BIN" "$PREFIX/applications" "$PREFIX/icons/hicolor/256x256/apps" \
         "$PREFIX/icons/hicolor/scalable/apps"
rm -rf "$LIB.new" && cp -a "$SRC" "$LIB.new" && rm -rf "$LIB" && mv "$LIB.new" "$LIB"
ln -sf "$LIB/desa-layak" "$BIN/desa-layak"
sed "s|^Exec=desa-layak|Exec=$LIB/desa-layak|" "$HERE/desa-layak.desktop" \
    > "$PREFIX/applications/desa-layak.desktop"
cp "$ROOT/resources/icons/desa-layak-256.png" "$PREFIX/icons/hicolor/256x256/apps/desa-layak.png"
cp "$ROOT/resources/icons/desa-layak.svg" "$PREFIX/icons/hicolor/scalable/apps/desa-layak.svg"
echo "Desa Layak terpasang di $LIB (perintah: $BIN/desa-layak)."
