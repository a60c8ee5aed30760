"""The figures of the course, drawn with matplotlib.

This is the only module that imports matplotlib, so ``import mllesson`` stays
numpy-only; load it as ``from mllesson import plotting``. Every function takes
an optional ``ax`` (a new figure and axes is made when it is None) and returns
the axes it drew on, so figures can be combined and restyled.

Colours come from the Okabe-Ito palette, which stays distinguishable under the
common forms of colour blindness, and every class also gets its own marker so
the figures survive printing in grey. Plots in the feature plane use equal
units on both axes when the two features have comparable spans, so that
angles and distances look true.
"""

from collections.abc import Sequence
from numbers import Integral, Real

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.axes import Axes
from matplotlib.colors import LinearSegmentedColormap, to_rgb

from ._validation import (
    as_float_array,
    check_class_labels,
    check_consistent_length,
    check_positive_int,
    check_X,
)
from .activations import _sigmoid
from .animation import animation_html
from .features import add_intercept

#: Okabe-Ito colours, in the order classes 0, 1, 2, ... receive them.
COLORS = (
    "#0072B2",  # blue
    "#D55E00",  # vermillion
    "#009E73",  # bluish green
    "#CC79A7",  # reddish purple
    "#E69F00",  # orange
    "#56B4E9",  # sky blue
    "#F0E442",  # yellow
    "#000000",  # black
)
#: One marker per class, so the classes differ in shape as well as colour.
MARKERS = ("o", "s", "^", "D", "v", "P", "X", "*")
#: One line style per curve, so curves differ in dash pattern as well as colour.
LINESTYLES = ("-", "--", "-.", ":")

_BOUNDARY_COLOR = "0.15"
_MARGIN = 0.1  # grids extend this fraction of the data range beyond the data


# --- checks -----------------------------------------------------------------


def _get_ax(ax):
    if ax is None:
        _, ax = plt.subplots(figsize=(5.5, 4.5), layout="constrained")
        return ax
    if not isinstance(ax, Axes):
        raise TypeError(f"ax must be a matplotlib Axes or None, got {ax!r}")
    return ax


def _check_callable(fn, name):
    if not callable(fn):
        raise TypeError(f"{name} must be callable, got {fn!r}")
    return fn


def _check_2d_data(X, y):
    """Two raw features and class labels 0..K-1."""
    X = check_X(X)
    if X.shape[1] != 2:
        raise ValueError(
            f"X must have exactly 2 feature columns to be drawn in the plane, "
            f"got {X.shape[1]}"
        )
    y, n_classes = check_class_labels(y)
    check_consistent_length(X, y)
    return X, y, n_classes


def _check_range(value, name):
    try:
        lo, hi = value
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be a pair (low, high), got {value!r}") from None
    for v in (lo, hi):
        if isinstance(v, bool) or not isinstance(v, Real) or not np.isfinite(v):
            raise ValueError(f"{name} must hold two finite numbers, got {value!r}")
    if not lo < hi:
        raise ValueError(f"{name} must have low < high, got {value!r}")
    return float(lo), float(hi)


def _check_resolution(resolution):
    resolution = check_positive_int(resolution, "resolution")
    if resolution < 2:
        raise ValueError(f"resolution must be at least 2, got {resolution}")
    return resolution


def _check_names(names, n_classes, name):
    """Per-class names or markers: a sequence with at least one per class."""
    if names is None:
        return None
    if isinstance(names, str) or not isinstance(names, Sequence):
        raise TypeError(
            f"{name} must be a list with one entry per class, got {names!r}"
        )
    if len(names) < n_classes:
        raise ValueError(
            f"{name} has {len(names)} entries but y has {n_classes} classes "
            f"(labels 0..{n_classes - 1})"
        )
    return list(names)


# --- shared drawing helpers --------------------------------------------------


def _grid(X, resolution):
    """A resolution x resolution grid over the data's box, with a margin."""
    lo, hi = X.min(axis=0), X.max(axis=0)
    pad = np.where(hi > lo, (hi - lo) * _MARGIN, 1.0)
    x1 = np.linspace(lo[0] - pad[0], hi[0] + pad[0], resolution)
    x2 = np.linspace(lo[1] - pad[1], hi[1] + pad[1], resolution)
    xx1, xx2 = np.meshgrid(x1, x2)
    points = np.column_stack([xx1.ravel(), xx2.ravel()])  # (resolution**2, 2)
    return xx1, xx2, points


def _shade_regions(ax, xx1, xx2, labels, n_classes):
    """Fill each class's region in its colour (lightly, so data stays visible)."""
    colors = [COLORS[k % len(COLORS)] for k in range(n_classes)]
    ax.contourf(
        xx1, xx2, labels, levels=np.arange(n_classes + 1) - 0.5,
        colors=colors, alpha=0.18, antialiased=True,
    )  # fmt: skip


def _draw_region_edges(ax, xx1, xx2, labels):
    """Solid lines where the predicted label changes."""
    present = np.unique(labels)
    if present.size < 2:
        return  # one region only: there is no boundary to draw
    edges = present[:-1] + 0.5
    ax.contour(xx1, xx2, labels, levels=edges, colors=_BOUNDARY_COLOR, linewidths=1.5)


def _tint(color, strength=0.45):
    """``color`` mixed with white, so data drawn on top stays readable."""
    rgb = np.array(to_rgb(color))
    return tuple(1.0 - strength * (1.0 - rgb))


def _equal_aspect_if_comparable(ax, span1, span2):
    # Equal units on both axes keep angles and distances true (a boundary
    # perpendicular to a weight vector looks perpendicular). Only when the
    # two features have comparable spans: otherwise the plot collapses.
    if span1 > 0 and span2 > 0 and 1 / 3 <= span1 / span2 <= 3:
        ax.set_aspect("equal", adjustable="box")


def _finish_plane(ax, xx1, xx2):
    ax.set_xlim(xx1.min(), xx1.max())
    ax.set_ylim(xx2.min(), xx2.max())
    _equal_aspect_if_comparable(ax, np.ptp(xx1), np.ptp(xx2))


def _call_on_grid(predict_fn, points, name="predict_fn"):
    try:
        out = np.asarray(predict_fn(points))
    except Exception as exc:
        raise ValueError(
            f"{name} failed on a grid of shape {points.shape}; it must accept raw "
            f"2-feature points of shape (n, 2): {type(exc).__name__}: {exc}"
        ) from exc
    out = as_float_array(out, f"{name}'s output", ndim=(1, 2))
    if out.ndim == 2 and out.shape[1] == 1:
        out = out[:, 0]
    if out.shape != (points.shape[0],):
        raise ValueError(
            f"{name} must return one value per point, shape ({points.shape[0]},), "
            f"got shape {out.shape}"
        )
    return out


# --- public figures ------------------------------------------------------------


def plot_data(X, y, ax=None, labels=None, markers=None):
    """Scatter two features, one colour and marker per class.

    Parameters
    ----------
    X : array-like of shape (n_samples, 2)
        Two raw features (no intercept column).
    y : array-like of shape (n_samples,)
        Class labels in 0..K-1.
    ax : matplotlib Axes, optional
        Where to draw; a new figure is made if None.
    labels : list of str, optional
        Legend names, one per class; default ``"y = 0"``, ``"y = 1"``, ...
    markers : list of str, optional
        Matplotlib marker codes, one per class.

    Returns
    -------
    ax : matplotlib Axes
        With one scatter (a ``PathCollection``) per class that has examples.

    Notes
    -----
    Used from the book's first chapter, "The hypothesis", onwards.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> from mllesson.plotting import plot_data
    >>> ax = plot_data([[0.0, 1.0], [1.0, 0.5], [2.0, 2.0]], [0, 1, 1],
    ...                labels=["benign", "malignant"])
    >>> len(ax.collections), ax.get_legend_handles_labels()[1]
    (2, ['benign', 'malignant'])
    >>> plt.close(ax.figure)
    """
    X, y, n_classes = _check_2d_data(X, y)
    labels = _check_names(labels, n_classes, "labels")
    markers = _check_names(markers, n_classes, "markers")
    ax = _get_ax(ax)
    for k in range(n_classes):
        mask = y == k
        if not mask.any():
            continue
        ax.scatter(
            X[mask, 0], X[mask, 1],
            c=COLORS[k % len(COLORS)],
            marker=markers[k] if markers else MARKERS[k % len(MARKERS)],
            s=36, edgecolors="white", linewidths=0.6, zorder=3,
            label=labels[k] if labels else f"y = {k}",
        )  # fmt: skip
    if not ax.get_xlabel():
        ax.set_xlabel("$x_1$")
    if not ax.get_ylabel():
        ax.set_ylabel("$x_2$")
    _equal_aspect_if_comparable(ax, *np.ptp(X, axis=0))
    ax.legend(loc="best", framealpha=0.9)
    return ax


def plot_sigmoid(ax=None, z_range=(-8, 8), threshold=0.5):
    r"""The sigmoid curve, with the probability threshold and where it is crossed.

    .. math:: \sigma(z) = 1 / (1 + e^{-z})

    Parameters
    ----------
    ax : matplotlib Axes, optional
    z_range : (float, float), default=(-8, 8)
        The interval of ``z`` to draw.
    threshold : float, default=0.5
        A probability strictly between 0 and 1, drawn as a horizontal line;
        the vertical line marks :math:`z = \log(t / (1 - t))`, where the
        prediction switches class (``z = 0`` for 0.5).

    Returns
    -------
    ax : matplotlib Axes
        With three lines: the curve, the threshold and the switching point.

    Notes
    -----
    See the book, chapter "The hypothesis".

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> from mllesson.plotting import plot_sigmoid
    >>> ax = plot_sigmoid()
    >>> len(ax.lines), ax.get_xlabel()
    (3, '$z$')
    >>> plt.close(ax.figure)
    """
    lo, hi = _check_range(z_range, "z_range")
    if isinstance(threshold, bool) or not isinstance(threshold, Real):
        raise TypeError(f"threshold must be a number, got {threshold!r}")
    if not 0 < threshold < 1:
        raise ValueError(f"threshold must be strictly between 0 and 1, got {threshold}")
    ax = _get_ax(ax)
    z = np.linspace(lo, hi, 400)
    ax.plot(z, _sigmoid(z), color=COLORS[0], lw=2.2, label=r"$\sigma(z)$")
    z_t = float(np.log(threshold / (1 - threshold)))
    ax.axhline(threshold, color=COLORS[1], ls="--", lw=1.2,
               label=f"threshold {threshold:g}")  # fmt: skip
    ax.axvline(z_t, color="0.4", ls=":", lw=1.2, label=f"$z = {z_t:.3g}$")
    ax.set_xlim(lo, hi)
    ax.set_ylim(-0.03, 1.03)
    ax.set_xlabel("$z$")
    ax.set_ylabel(r"$\sigma(z)$")
    ax.grid(True, alpha=0.3)
    ax.legend(loc="upper left", framealpha=0.9)
    return ax


def plot_decision_boundary(
    predict_fn, X, y, ax=None, resolution=200, proba=False, levels=None
):
    """Shade what a classifier predicts over the plane, with its boundary and data.

    Parameters
    ----------
    predict_fn : callable
        Takes raw points of shape (n, 2), as in ``X``, and returns shape (n,):
        class labels 0..K-1, or with ``proba=True`` the probability of class 1.
        Polynomial features or scaling belong inside ``predict_fn``.
    X : array-like of shape (n_samples, 2)
    y : array-like of shape (n_samples,)
        Labels in 0..K-1; the data are drawn with :func:`plot_data`.
    ax : matplotlib Axes, optional
    resolution : int, default=200
        Grid points per axis; the grid covers ``X`` with a 10% margin.
    proba : bool, default=False
        Shade the probability of class 1 (with a colour bar) instead of labels.
    levels : sequence of float, optional
        With ``proba=True`` only: the probabilities drawn as contour lines.
        Default ``[0.5]``, the decision boundary, which is always drawn solid;
        others are dashed and labelled.

    Returns
    -------
    ax : matplotlib Axes

    Notes
    -----
    See the book, chapters "The hypothesis" (linear and polynomial boundaries)
    and "Multiclass classification".

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> import numpy as np
    >>> from mllesson.plotting import plot_decision_boundary
    >>> X = np.array([[0.0, 0.0], [1.0, 1.0], [2.0, 0.5], [3.0, 2.0]])
    >>> ax = plot_decision_boundary(lambda P: (P[:, 0] > 1.5).astype(int),
    ...                             X, [0, 0, 1, 1], resolution=50)
    >>> len(ax.collections)  # regions, boundary, one scatter per class
    4
    >>> plt.close(ax.figure)
    """
    predict_fn = _check_callable(predict_fn, "predict_fn")
    X, y, n_classes = _check_2d_data(X, y)
    resolution = _check_resolution(resolution)
    if not isinstance(proba, (bool, np.bool_)):
        raise TypeError(f"proba must be True or False, got {proba!r}")
    if levels is not None and not proba:
        raise ValueError("levels is only used with proba=True, got proba=False")
    ax = _get_ax(ax)
    xx1, xx2, points = _grid(X, resolution)
    out = _call_on_grid(predict_fn, points)

    if proba:
        if (out < 0).any() or (out > 1).any():
            raise ValueError(
                "with proba=True, predict_fn must return probabilities in [0, 1], "
                f"got values from {out.min():.3g} to {out.max():.3g}"
            )
        levels = [0.5] if levels is None else levels
        levels = np.unique(as_float_array(levels, "levels", ndim=1))
        if (levels <= 0).any() or (levels >= 1).any():
            raise ValueError("levels must be probabilities strictly between 0 and 1")
        P = out.reshape(xx1.shape)
        cmap = LinearSegmentedColormap.from_list(
            "mllesson_diverging", [_tint(COLORS[0]), "#F7F7F7", _tint(COLORS[1])]
        )
        shade = ax.pcolormesh(xx1, xx2, P, cmap=cmap, vmin=0.0, vmax=1.0,
                              shading="gouraud", rasterized=True)  # fmt: skip
        ax.figure.colorbar(shade, ax=ax, label="P(y = 1)", ticks=np.linspace(0, 1, 6))
        drawn = levels[(levels > P.min()) & (levels < P.max())]
        if drawn.size:
            styles = ["solid" if lv == 0.5 else "dashed" for lv in drawn]
            widths = [2.0 if lv == 0.5 else 1.0 for lv in drawn]
            lines = ax.contour(xx1, xx2, P, levels=drawn, colors=_BOUNDARY_COLOR,
                               linestyles=styles, linewidths=widths)  # fmt: skip
            if drawn.size > 1:
                ax.clabel(lines, fmt="%.2g", fontsize=8)
    else:
        if not np.all(out == np.round(out)) or (out < 0).any():
            raise ValueError(
                "predict_fn must return class labels 0..K-1 (or pass proba=True "
                "for probabilities)"
            )
        labels = out.astype(np.int64).reshape(xx1.shape)
        n_regions = max(n_classes, int(labels.max()) + 1)
        _shade_regions(ax, xx1, xx2, labels, n_regions)
        _draw_region_edges(ax, xx1, xx2, labels)

    plot_data(X, y, ax=ax)
    _finish_plane(ax, xx1, xx2)
    return ax


def plot_cost_history(history, ax=None, label=None, **kwargs):
    """Cost against iteration (or epoch); call again on the same ``ax`` to compare.

    Parameters
    ----------
    history : array-like of shape (n_iters,)
        As returned by :func:`mllesson.gradient_descent` or a ``loss_history_``.
    ax : matplotlib Axes, optional
    label : str, optional
        Legend entry; the legend is drawn when any curve on ``ax`` has a label.
    **kwargs
        Passed to ``ax.plot`` (for example ``color``, ``ls``). Without
        ``color`` and ``ls``, successive curves take the palette's colours and
        :data:`LINESTYLES` in turn, so they differ without colour too.

    Returns
    -------
    ax : matplotlib Axes

    Notes
    -----
    See the book, chapter "Gradient descent" (choosing the learning rate).

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> from mllesson.plotting import plot_cost_history
    >>> ax = plot_cost_history([0.69, 0.5, 0.4, 0.35], label="alpha = 0.1")
    >>> ax = plot_cost_history([0.69, 0.6, 0.55, 0.52], ax=ax, label="alpha = 0.01")
    >>> len(ax.lines), ax.get_legend_handles_labels()[1]
    (2, ['alpha = 0.1', 'alpha = 0.01'])
    >>> plt.close(ax.figure)
    """
    history = as_float_array(history, "history", ndim=1)
    if label is not None and not isinstance(label, str):
        raise TypeError(f"label must be a string or None, got {label!r}")
    ax = _get_ax(ax)
    n_before = len(ax.lines)
    if "color" not in kwargs and "c" not in kwargs:
        kwargs["color"] = COLORS[n_before % len(COLORS)]
    if "ls" not in kwargs and "linestyle" not in kwargs:
        kwargs["ls"] = LINESTYLES[n_before % len(LINESTYLES)]
    kwargs.setdefault("lw", 2.0)
    ax.plot(np.arange(history.shape[0]), history, label=label, **kwargs)
    if not ax.get_xlabel():
        ax.set_xlabel("iteration")
    if not ax.get_ylabel():
        ax.set_ylabel(r"cost $J(\theta)$")
    ax.grid(True, alpha=0.3)
    if any(not line.get_label().startswith("_") for line in ax.lines):
        ax.legend(loc="best", framealpha=0.9)
    return ax


def plot_cost_contour(
    cost_fn,
    theta0_range,
    theta1_range,
    path=None,
    ax=None,
    levels=30,
    resolution=100,
):
    r"""Contours of a cost over two parameters, and optionally a descent path.

    Parameters
    ----------
    cost_fn : callable
        ``cost_fn(theta) -> float`` for ``theta`` of shape (2,), for example
        ``lambda t: logistic_cost(t, X, y)`` with a one-feature ``X``.
    theta0_range, theta1_range : (float, float)
        The box of :math:`(\theta_0, \theta_1)` to draw.
    path : array-like of shape (n_steps, 2), optional
        Successive parameters, drawn as a line with arrows, from a start marker
        to an end marker.
    ax : matplotlib Axes, optional
    levels : int or sequence of float, default=30
        An int gives that many contour levels spaced geometrically between the
        smallest and largest cost in the box (so the valley floor is resolved);
        a sequence gives the levels themselves.
    resolution : int, default=100
        Grid points per axis; ``cost_fn`` is called ``resolution**2`` times.

    Returns
    -------
    ax : matplotlib Axes

    Notes
    -----
    See the book, chapter "Gradient descent".

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> import numpy as np
    >>> from mllesson.plotting import plot_cost_contour
    >>> bowl = lambda t: (t[0] - 1) ** 2 + 3 * (t[1] + 1) ** 2
    >>> path = np.array([[-2.0, 2.0], [-1.0, 0.5], [0.5, -0.8], [1.0, -1.0]])
    >>> ax = plot_cost_contour(bowl, (-3, 3), (-3, 3), path=path, resolution=40)
    >>> ax.get_xlabel(), ax.get_ylabel()
    ('$\\theta_0$', '$\\theta_1$')
    >>> plt.close(ax.figure)
    """
    cost_fn = _check_callable(cost_fn, "cost_fn")
    lo0, hi0 = _check_range(theta0_range, "theta0_range")
    lo1, hi1 = _check_range(theta1_range, "theta1_range")
    resolution = _check_resolution(resolution)
    if path is not None:
        path = as_float_array(path, "path", ndim=2)
        if path.shape[1] != 2:
            raise ValueError(
                f"path must have shape (n_steps, 2), got shape {path.shape}"
            )
    if isinstance(levels, Integral) and not isinstance(levels, bool):
        n_levels = check_positive_int(levels, "levels")
        given_levels = None
    else:
        n_levels = None
        given_levels = np.unique(as_float_array(levels, "levels", ndim=1))

    t0, t1 = np.meshgrid(np.linspace(lo0, hi0, resolution),
                         np.linspace(lo1, hi1, resolution))  # fmt: skip
    # cost_fn is any Python callable of one theta, so it is called per point.
    J = np.array(
        [
            float(cost_fn(np.array([a, b])))
            for a, b in zip(t0.ravel(), t1.ravel(), strict=True)
        ]
    ).reshape(t0.shape)
    if not np.isfinite(J).all():
        raise ValueError("cost_fn returned NaN or infinity inside the ranges given")
    if given_levels is None:
        lo, hi = J.min(), J.max()
        if hi <= lo:
            raise ValueError("cost_fn is constant over the ranges given; no contours")
        if lo > 0:
            given_levels = np.geomspace(lo, hi, n_levels + 1)[1:]
        else:
            given_levels = np.linspace(lo, hi, n_levels + 1)[1:]
        given_levels = np.concatenate([[lo], given_levels])

    ax = _get_ax(ax)
    filled = ax.contourf(t0, t1, J, levels=given_levels, cmap="viridis",
                         alpha=0.85, extend="both")  # fmt: skip
    ax.contour(t0, t1, J, levels=given_levels, colors="white", linewidths=0.4,
               alpha=0.6)  # fmt: skip
    ax.figure.colorbar(filled, ax=ax, label=r"$J(\theta)$", format="%.3g")

    if path is not None:
        color = COLORS[4]  # orange reads well on viridis
        ax.plot(path[:, 0], path[:, 1], color=color, lw=1.5, marker="o", ms=3,
                label="descent path", zorder=4)  # fmt: skip
        step = max(1, (path.shape[0] - 1) // 15)  # at most ~15 arrows
        for i in range(0, path.shape[0] - 1, step):
            ax.annotate(
                "", xy=path[i + 1], xytext=path[i],
                arrowprops=dict(arrowstyle="->", color=color, lw=1.5),
                zorder=5,
            )  # fmt: skip
        ax.plot(*path[0], ls="none", marker="s", ms=8, color="white",
                markeredgecolor="black", label="start", zorder=6)  # fmt: skip
        ax.plot(*path[-1], ls="none", marker="*", ms=14, color=COLORS[6],
                markeredgecolor="black", label="end", zorder=6)  # fmt: skip
        ax.legend(loc="best", framealpha=0.9)

    ax.set_xlim(lo0, hi0)
    ax.set_ylim(lo1, hi1)
    ax.set_xlabel(r"$\theta_0$")
    ax.set_ylabel(r"$\theta_1$")
    return ax


def plot_one_vs_rest(all_theta, X, y, ax=None, transform=None):
    """Regions of a one-vs-all model, and each classifier's own 0.5 boundary.

    The shading is the predicted class, the argmax of the K sigmoids. Each
    dashed line is where one class's classifier is exactly undecided
    (probability 0.5); the regions between those lines, where several or no
    classifiers claim a point, are settled by the argmax.

    Parameters
    ----------
    all_theta : array-like of shape (n_classes, n_params)
        One row per class, as returned by :func:`mllesson.one_vs_all`.
    X : array-like of shape (n_samples, 2)
        Two raw features.
    y : array-like of shape (n_samples,)
        Labels in 0..K-1.
    ax : matplotlib Axes, optional
    transform : callable, optional
        Maps raw points of shape (n, 2) to the design matrix of shape
        (n, n_params) the model was trained on, for example scaling then
        :func:`mllesson.add_intercept`. Default :func:`mllesson.add_intercept`.

    Returns
    -------
    ax : matplotlib Axes

    Notes
    -----
    See the book, chapter "Multiclass classification".

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> import numpy as np
    >>> from mllesson.plotting import plot_one_vs_rest
    >>> X = np.array([[-2.0, 0.0], [0.0, 2.0], [2.0, 0.0], [0.0, -2.0]])
    >>> all_theta = np.array([[0.0, -1.0, 0.0], [0.0, 0.0, 1.0], [0.0, 1.0, 0.0]])
    >>> ax = plot_one_vs_rest(all_theta, X, [0, 1, 2, 1])
    >>> ax.get_legend().get_texts()[-1].get_text()
    'class 2 vs rest, P = 0.5'
    >>> plt.close(ax.figure)
    """
    all_theta = as_float_array(all_theta, "all_theta", ndim=2)
    X, y, n_classes = _check_2d_data(X, y)
    n_models = all_theta.shape[0]
    if n_classes > n_models:
        raise ValueError(
            f"y has labels up to {n_classes - 1} but all_theta has only "
            f"{n_models} rows (one per class)"
        )
    transform = add_intercept if transform is None else transform
    transform = _check_callable(transform, "transform")
    ax = _get_ax(ax)
    xx1, xx2, points = _grid(X, 200)
    try:
        design = transform(points)
    except Exception as exc:
        raise ValueError(
            f"transform failed on raw points of shape {points.shape}: "
            f"{type(exc).__name__}: {exc}"
        ) from exc
    design = as_float_array(design, "transform's output", ndim=2)
    if design.shape != (points.shape[0], all_theta.shape[1]):
        raise ValueError(
            f"transform must map points of shape (n, 2) to shape "
            f"(n, {all_theta.shape[1]}) to match all_theta's columns, got "
            f"{design.shape} for n = {points.shape[0]}"
        )
    probs = _sigmoid(design @ all_theta.T)  # (n_grid, K)
    labels = probs.argmax(axis=1).reshape(xx1.shape)
    _shade_regions(ax, xx1, xx2, labels, n_models)
    _draw_region_edges(ax, xx1, xx2, labels)

    boundary_lines = []
    for k in range(n_models):
        Pk = probs[:, k].reshape(xx1.shape)
        color = COLORS[k % len(COLORS)]
        if Pk.min() < 0.5 < Pk.max():
            ax.contour(xx1, xx2, Pk, levels=[0.5], colors=color,
                       linestyles="dashed", linewidths=1.6)  # fmt: skip
        # An empty line carries the legend entry, so that a later ax.legend()
        # call (to add the reader's own artists) still lists the boundaries.
        (line,) = ax.plot([], [], color=color, ls="--", lw=1.6,
                          label=f"class {k} vs rest, P = 0.5")  # fmt: skip
        boundary_lines.append(line)
    plot_data(X, y, ax=ax, labels=[f"class {k}" for k in range(n_models)])
    handles, labels = ax.get_legend_handles_labels()
    # the classes first, then the boundaries
    order = sorted(range(len(handles)), key=lambda i: handles[i] in boundary_lines)
    ax.legend(
        [handles[i] for i in order], [labels[i] for i in order],
        loc="best", fontsize=8, framealpha=0.9,
    )  # fmt: skip
    _finish_plane(ax, xx1, xx2)
    return ax


def _confusion_counts(y_true, y_pred, n_classes):
    # counts[i, j] = number of examples of true class i predicted as j.
    flat = np.bincount(y_true * n_classes + y_pred, minlength=n_classes**2)
    return flat.reshape(n_classes, n_classes)


def plot_confusion_matrix(y_true, y_pred, ax=None, labels=None):
    """Counts of true class (rows) against predicted class (columns).

    Parameters
    ----------
    y_true, y_pred : array-like of shape (n_samples,)
        Labels in 0..K-1.
    ax : matplotlib Axes, optional
    labels : list of str, optional
        Class names for the ticks; their number sets K (at least the largest
        label + 1).

    Returns
    -------
    ax : matplotlib Axes
        With an image of the K x K counts, each cell annotated.

    Notes
    -----
    See the book, chapter "Multiclass classification".

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> from mllesson.plotting import plot_confusion_matrix
    >>> ax = plot_confusion_matrix([0, 1, 2, 2], [0, 2, 2, 2])
    >>> ax.images[0].get_array().tolist()
    [[1, 0, 0], [0, 0, 1], [0, 0, 2]]
    >>> plt.close(ax.figure)
    """
    y_true, k_true = check_class_labels(y_true, name="y_true")
    y_pred, k_pred = check_class_labels(y_pred, name="y_pred")
    check_consistent_length(y_true, y_pred, ("y_true", "y_pred"))
    n_classes = max(k_true, k_pred)
    if labels is not None:
        labels = _check_names(labels, n_classes, "labels")
        n_classes = len(labels)
    counts = _confusion_counts(y_true, y_pred, n_classes)
    ax = _get_ax(ax)
    image = ax.imshow(counts, cmap="Blues", vmin=0)
    threshold = counts.max() / 2
    for (i, j), c in np.ndenumerate(counts):  # loop over cells, not samples
        ax.text(j, i, str(c), ha="center", va="center",
                color="white" if c > threshold else "black")  # fmt: skip
    names = labels if labels is not None else [str(k) for k in range(n_classes)]
    ax.set_xticks(range(n_classes), names)
    ax.set_yticks(range(n_classes), names)
    ax.set_xlabel("predicted class")
    ax.set_ylabel("true class")
    ax.figure.colorbar(image, ax=ax, label="examples")
    return ax


__all__ = [
    "COLORS",
    "LINESTYLES",
    "MARKERS",
    "animation_html",
    "plot_confusion_matrix",
    "plot_cost_contour",
    "plot_cost_history",
    "plot_data",
    "plot_decision_boundary",
    "plot_one_vs_rest",
    "plot_sigmoid",
]
