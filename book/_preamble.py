"""Run by a hidden first cell in every chapter: common imports and plot style.

Kept small on purpose. The chapters import what they teach (``mllesson``)
in visible cells; this file only sets up numpy printing, matplotlib's look
and the ``glue`` helper that carries computed numbers into the prose.
"""

import matplotlib.pyplot as plt
import numpy as np

# Figures go into the page even when MPLBACKEND=Agg is set for the build, as
# SVG: sharp at any zoom and on print, with text drawn as outlines.
try:
    get_ipython().run_line_magic("matplotlib", "inline")  # noqa: F821
    get_ipython().run_line_magic(  # noqa: F821
        "config", "InlineBackend.figure_formats = ['svg']"
    )
except NameError:  # plain Python, not a notebook kernel
    pass

try:
    from myst_nb import glue as _myst_glue
except ImportError:  # running the notebook outside the book build
    _myst_glue = None


def glue(name, value, display=True):
    """myst_nb's glue, storing numpy scalars as plain Python numbers.

    numpy 2 writes ``np.float64(0.5)`` as a scalar's repr, which the book's
    ``{glue:text}`name:.2f``` formatting cannot parse.
    """
    if isinstance(value, np.generic):
        value = value.item()
    if _myst_glue is not None:
        return _myst_glue(name, value, display=display)
    if display:
        print(f"{name} = {value!r}")


np.set_printoptions(precision=4, suppress=True)

plt.rcParams.update(
    {
        "figure.figsize": (6.4, 4.0),
        # Same ids in every build, so unchanged figures give unchanged pages.
        "svg.hashsalt": "mllesson",
        "axes.grid": True,
        "grid.alpha": 0.3,
        "axes.spines.top": False,
        "axes.spines.right": False,
        "font.size": 11,
    }
)
