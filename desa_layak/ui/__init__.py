"""The Qt (PySide6) user interface: a thin client over the Qt-free core. Never writes SQL."""
