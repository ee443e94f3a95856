"""Desa Layak: the Desa/Kelurahan Layak Anak checklist, figures and sync bundles, offline."""

__version__ = "0.1.0"
APP_NAME = "Desa Layak"
