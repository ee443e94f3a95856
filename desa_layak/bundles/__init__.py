"""Sync bundles (.dkla): export a village's state, import many into a kecamatan."""
