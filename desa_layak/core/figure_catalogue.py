"""The list of figures a village keeps (data pilah), as a versioned catalogue in resources/.

Placeholder until the figures catalogue lands: no cells are required yet.
"""

from __future__ import annotations


def required_cells() -> int:
    return 0
