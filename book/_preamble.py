"""Run by a hidden first cell in every chapter: common imports and plot style.

Kept small on purpose. The chapters import what they teach (``mllesson``)
in visible cells; this file only sets up numpy printing, matplotlib's look
and the ``glue`` helper that carries computed numbers into the prose.
"""

import matplotlib.pyplot as plt
import numpy as np

try:
    from myst_nb import glue
except ImportError:  # running the notebook outside the book build

    def glue(name, value, display=True):
        """Stand-in for myst_nb.glue: show the value, store nothing."""
        if display:
            print(f"{name} = {value!r}")


np.set_printoptions(precision=4, suppress=True)

plt.rcParams.update(
    {
        "figure.figsize": (6.4, 4.0),
        "figure.dpi": 100,
        "savefig.dpi": 110,
        "axes.grid": True,
        "grid.alpha": 0.3,
        "axes.spines.top": False,
        "axes.spines.right": False,
        "font.size": 11,
        "legend.frameon": False,
    }
)
