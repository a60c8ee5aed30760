"""mllesson.plotting: the artists each figure draws, reuse of an axes, bad input."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402
from matplotlib.collections import PathCollection  # noqa: E402
from matplotlib.contour import ContourSet  # noqa: E402
from matplotlib.image import AxesImage  # noqa: E402
from sklearn.metrics import confusion_matrix  # noqa: E402

from mllesson import add_intercept, plotting, sigmoid  # noqa: E402
from mllesson.plotting import (  # noqa: E402
    COLORS,
    animation_html,
    plot_confusion_matrix,
    plot_cost_contour,
    plot_cost_history,
    plot_data,
    plot_decision_boundary,
    plot_one_vs_rest,
    plot_sigmoid,
)


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


@pytest.fixture
def binary():
    rng = np.random.default_rng(0)
    X = np.vstack([rng.normal(size=(20, 2)) + 2, rng.normal(size=(20, 2)) - 2])
    y = np.repeat([1, 0], 20)
    return X, y


@pytest.fixture
def three_classes():
    rng = np.random.default_rng(1)
    centres = np.array([[0.0, 3.0], [3.0, -1.0], [-3.0, -1.0]])
    X = np.vstack([rng.normal(size=(15, 2)) + c for c in centres])
    return X, np.repeat([0, 1, 2], 15), centres


def _scatters(ax):
    return [c for c in ax.collections if isinstance(c, PathCollection)]


def _contours(ax):
    return [c for c in ax.collections if isinstance(c, ContourSet)]


def test_module_is_not_imported_by_the_package():
    # `import mllesson` must stay numpy-only; plotting loads on request.
    import subprocess
    import sys

    code = "import sys, mllesson; print('matplotlib' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert out.stdout.strip() == "False", out.stderr


# --- plot_data ---------------------------------------------------------------


def test_plot_data_one_scatter_per_class(three_classes):
    X, y, _ = three_classes
    ax = plot_data(X, y, labels=["a", "b", "c"], markers=["o", "s", "^"])
    scatters = _scatters(ax)
    assert len(scatters) == 3
    assert [s.get_offsets().shape[0] for s in scatters] == [15, 15, 15]
    np.testing.assert_array_equal(scatters[1].get_offsets(), X[y == 1])
    assert ax.get_legend_handles_labels()[1] == ["a", "b", "c"]
    assert (ax.get_xlabel(), ax.get_ylabel()) == ("$x_1$", "$x_2$")


def test_plot_data_skips_an_absent_class_but_keeps_colours(three_classes):
    X, y, _ = three_classes
    keep = y != 1
    ax = plot_data(X[keep], y[keep])
    scatters = _scatters(ax)
    assert len(scatters) == 2
    colours = [matplotlib.colors.to_hex(s.get_facecolor()[0]) for s in scatters]
    assert colours == [COLORS[0].lower(), COLORS[2].lower()]
    assert ax.get_legend_handles_labels()[1] == ["y = 0", "y = 2"]


def test_plot_data_colours_follow_the_palette(binary):
    X, y = binary
    ax = plot_data(X, y)
    colours = [matplotlib.colors.to_hex(s.get_facecolor()[0]) for s in _scatters(ax)]
    assert colours == [COLORS[0].lower(), COLORS[1].lower()]


def test_plot_data_draws_on_a_given_ax_and_keeps_its_labels(binary):
    X, y = binary
    fig, ax = plt.subplots()
    ax.set_xlabel("tumour size")
    out = plot_data(X, y, ax=ax)
    assert out is ax
    assert ax.get_xlabel() == "tumour size"
    assert len(fig.axes) == 1


@pytest.mark.parametrize(
    ("X", "y", "kwargs", "error", "match"),
    [
        (np.zeros((3, 3)), [0, 1, 0], {}, ValueError, "exactly 2 feature columns"),
        (np.zeros((3, 2)), [0, 1], {}, ValueError, "inconsistent numbers of samples"),
        (np.zeros((3, 2)), [0, -1, 0], {}, ValueError, r"labels in 0\.\."),
        (np.zeros((3, 2)), [0, 0.5, 1], {}, ValueError, "integer class labels"),
        ([[0, np.nan], [1, 1]], [0, 1], {}, ValueError, "X contains NaN"),
        (np.zeros((2, 2)), [0, 1], {"labels": ["one"]}, ValueError, "labels has 1"),
        (np.zeros((2, 2)), [0, 1], {"labels": "ab"}, TypeError, "must be a list"),
        (np.zeros((2, 2)), [0, 1], {"ax": "axes"}, TypeError, "ax must be a matplot"),
    ],
)
def test_plot_data_rejects_bad_input(X, y, kwargs, error, match):
    with pytest.raises(error, match=match):
        plot_data(X, y, **kwargs)


def test_inputs_unchanged(binary):
    X, y = binary
    X0, y0 = X.copy(), y.copy()
    plot_data(X, y)
    plot_decision_boundary(lambda P: (P[:, 0] > 0).astype(int), X, y, resolution=20)
    np.testing.assert_array_equal(X, X0)
    np.testing.assert_array_equal(y, y0)


# --- plot_sigmoid ------------------------------------------------------------


def test_plot_sigmoid_curve_and_threshold():
    ax = plot_sigmoid(z_range=(-4, 6), threshold=0.8)
    curve, hline, vline = ax.lines
    z, s = curve.get_data()
    assert (z[0], z[-1]) == (-4.0, 6.0)
    np.testing.assert_allclose(s, 1 / (1 + np.exp(-z)))
    np.testing.assert_allclose(hline.get_ydata(), [0.8, 0.8])
    np.testing.assert_allclose(vline.get_xdata(), [np.log(4.0)] * 2)  # logit(0.8)
    assert ax.get_xlabel() == "$z$"


def test_plot_sigmoid_uses_given_ax():
    _, ax = plt.subplots()
    assert plot_sigmoid(ax=ax) is ax


@pytest.mark.parametrize(
    ("kwargs", "error", "match"),
    [
        ({"threshold": 1.0}, ValueError, "strictly between 0 and 1"),
        ({"threshold": 0}, ValueError, "strictly between 0 and 1"),
        ({"threshold": "0.5"}, TypeError, "threshold must be a number"),
        ({"z_range": (3, -3)}, ValueError, "low < high"),
        ({"z_range": (0, np.inf)}, ValueError, "two finite numbers"),
        ({"z_range": 5}, ValueError, r"pair \(low, high\)"),
    ],
)
def test_plot_sigmoid_rejects_bad_input(kwargs, error, match):
    with pytest.raises(error, match=match):
        plot_sigmoid(**kwargs)


# --- plot_decision_boundary --------------------------------------------------


def test_decision_boundary_labels(binary):
    X, y = binary
    calls = []

    def predict_fn(P):
        calls.append(P.shape)
        return (P.sum(axis=1) > 0).astype(int)

    ax = plot_decision_boundary(predict_fn, X, y, resolution=30)
    assert calls == [(900, 2)]  # one vectorised call on raw 2-feature points
    assert len(_contours(ax)) == 2  # shaded regions and the boundary line
    assert len(_scatters(ax)) == 2
    # the grid covers the data with a margin
    (x_lo, x_hi), (y_lo, y_hi) = ax.get_xlim(), ax.get_ylim()
    assert x_lo < X[:, 0].min() and x_hi > X[:, 0].max()
    assert y_lo < X[:, 1].min() and y_hi > X[:, 1].max()
    # the drawn boundary is the line x1 + x2 = 0
    vertices = np.vstack([p.vertices for p in _contours(ax)[1].get_paths()])
    np.testing.assert_allclose(vertices.sum(axis=1), 0, atol=0.5)


def test_decision_boundary_multiclass(three_classes):
    X, y, centres = three_classes

    def nearest_centre(P):
        return ((P[:, None, :] - centres) ** 2).sum(axis=-1).argmin(axis=1)

    ax = plot_decision_boundary(nearest_centre, X, y, resolution=60)
    regions = _contours(ax)[0]
    np.testing.assert_allclose(regions.levels, [-0.5, 0.5, 1.5, 2.5])
    assert len(_scatters(ax)) == 3


def test_decision_boundary_proba_draws_requested_levels(binary):
    X, y = binary
    fig, ax = plt.subplots()
    out = plot_decision_boundary(
        lambda P: sigmoid(P.sum(axis=1)), X, y, ax=ax, resolution=40,
        proba=True, levels=[0.9, 0.1, 0.5],
    )  # fmt: skip
    assert out is ax
    (lines,) = _contours(ax)
    np.testing.assert_allclose(lines.levels, [0.1, 0.5, 0.9])
    assert len(fig.axes) == 2  # the axes and its colour bar


def test_decision_boundary_accepts_a_column_of_probabilities(binary):
    # predict_proba-style output of shape (n, 1) is read as one value per point
    X, y = binary
    ax = plot_decision_boundary(
        lambda P: sigmoid(P.sum(axis=1))[:, None], X, y, proba=True, resolution=20
    )
    (line,) = _contours(ax)
    np.testing.assert_allclose(line.levels, [0.5])


def test_decision_boundary_one_region_draws_no_boundary(binary):
    X, y = binary
    ax = plot_decision_boundary(lambda P: np.zeros(len(P), int), X, y, resolution=20)
    assert len(_contours(ax)) == 1  # regions only


@pytest.mark.parametrize(
    ("predict_fn", "kwargs", "error", "match"),
    [
        ("not callable", {}, TypeError, "predict_fn must be callable"),
        (lambda P: P, {}, ValueError, r"one value per point, shape \(400,\)"),
        (lambda P: P[:, 0], {}, ValueError, "must return class labels"),
        (lambda P: P[:, 0] * 10, {"proba": True}, ValueError, r"probabilities in \[0"),
        (lambda P: np.full(len(P), np.nan), {}, ValueError, "contains NaN"),
        (lambda P: P @ np.ones(3), {}, ValueError, "predict_fn failed on a grid"),
        (lambda P: P[:, 0] > 0, {"levels": [0.5]}, ValueError, "only used with proba"),
        (lambda P: P[:, 0] > 0, {"resolution": 1}, ValueError, "at least 2"),
        (lambda P: P[:, 0] > 0, {"proba": "yes"}, TypeError, "proba must be True"),
        (
            lambda P: sigmoid(P[:, 0]),
            {"proba": True, "levels": [1.5]},
            ValueError,
            "strictly between 0 and 1",
        ),
    ],
)
def test_decision_boundary_rejects_bad_input(binary, predict_fn, kwargs, error, match):
    X, y = binary
    kwargs.setdefault("resolution", 20)
    with pytest.raises(error, match=match):
        plot_decision_boundary(predict_fn, X, y, **kwargs)


# --- plot_cost_history -------------------------------------------------------


def test_cost_history_compares_runs_on_one_ax():
    ax = plot_cost_history([3.0, 2.0, 1.5])
    plot_cost_history(np.array([3.0, 2.5]), ax=ax, label="slow", ls="--")
    first, second = ax.lines
    np.testing.assert_array_equal(first.get_xdata(), [0, 1, 2])
    np.testing.assert_array_equal(second.get_ydata(), [3.0, 2.5])
    assert second.get_linestyle() == "--"
    assert first.get_color() != second.get_color()
    assert ax.get_legend_handles_labels()[1] == ["slow"]
    assert ax.get_xlabel() == "iteration"


def test_cost_history_without_label_has_no_legend():
    assert plot_cost_history([1.0, 0.5]).get_legend() is None


@pytest.mark.parametrize(
    ("history", "kwargs", "error", "match"),
    [
        ([], {}, ValueError, "history is empty"),
        ([[1.0, 2.0]], {}, ValueError, "history must be 1-D"),
        (["a", "b"], {}, TypeError, "history must contain numbers"),
        ([1.0, np.inf], {}, ValueError, "history contains infinity"),
        ([1.0], {"label": 3}, TypeError, "label must be a string"),
    ],
)
def test_cost_history_rejects_bad_input(history, kwargs, error, match):
    with pytest.raises(error, match=match):
        plot_cost_history(history, **kwargs)


# --- plot_cost_contour -------------------------------------------------------


def bowl(theta):
    return (theta[0] - 1.0) ** 2 + 4.0 * (theta[1] + 0.5) ** 2 + 0.1


def test_cost_contour_with_path():
    path = np.array([[-2.0, 2.0], [-1.0, 1.0], [0.0, 0.0], [1.0, -0.5]])
    fig, ax = plt.subplots()
    out = plot_cost_contour(bowl, (-3, 3), (-2, 3), path=path, ax=ax, levels=12,
                            resolution=30)  # fmt: skip
    assert out is ax
    filled, lines = _contours(ax)
    assert len(filled.levels) == 13  # the minimum, then 12 levels
    assert filled.levels[0] == pytest.approx(bowl([1.0, -0.5]), abs=0.1)
    path_line, start, end = ax.lines
    np.testing.assert_array_equal(np.column_stack(path_line.get_data()), path)
    assert len([t for t in ax.texts]) == 3  # one arrow per step
    assert ax.get_legend_handles_labels()[1] == ["descent path", "start", "end"]
    assert (ax.get_xlabel(), ax.get_ylabel()) == (r"$\theta_0$", r"$\theta_1$")
    assert ax.get_xlim() == (-3.0, 3.0)


def test_cost_contour_explicit_levels_and_no_path():
    ax = plot_cost_contour(bowl, (-3, 3), (-3, 3), levels=[1.0, 5.0, 10.0],
                           resolution=20)  # fmt: skip
    np.testing.assert_allclose(_contours(ax)[0].levels, [1.0, 5.0, 10.0])
    assert len(ax.lines) == 0


def test_cost_contour_calls_cost_with_two_element_theta():
    seen = set()

    def cost(theta):
        seen.add(np.shape(theta))
        return float(theta @ theta)

    plot_cost_contour(cost, (-1, 1), (-1, 1), resolution=5)
    assert seen == {(2,)}


@pytest.mark.parametrize(
    ("cost_fn", "kwargs", "error", "match"),
    [
        (None, {}, TypeError, "cost_fn must be callable"),
        (bowl, {"theta0_range": (1, 1)}, ValueError, "theta0_range must have low <"),
        (bowl, {"path": np.zeros((3, 3))}, ValueError, r"path must have shape"),
        (bowl, {"path": [[0.0, np.nan]]}, ValueError, "path contains NaN"),
        (bowl, {"levels": 0}, ValueError, "levels must be a positive integer"),
        (lambda t: 1.0, {}, ValueError, "constant over the ranges"),
        (lambda t: np.log(t[0]) if t[0] > 0 else -np.inf, {}, ValueError, "NaN or inf"),
    ],
)
def test_cost_contour_rejects_bad_input(cost_fn, kwargs, error, match):
    args = {"theta0_range": (-1, 1), "theta1_range": (-1, 1), "resolution": 5}
    args.update(kwargs)
    with pytest.raises(error, match=match):
        plot_cost_contour(cost_fn, **args)


# --- plot_one_vs_rest --------------------------------------------------------


def test_one_vs_rest_regions_and_dashed_boundaries(three_classes):
    X, y, _ = three_classes
    all_theta = np.array([[0.0, 0.0, 1.0], [0.0, 1.0, -0.3], [0.0, -1.0, -0.3]])
    ax = plot_one_vs_rest(all_theta, X, y)
    contours = _contours(ax)
    # argmax regions, their edges, then one dashed 0.5 line per class
    assert len(contours) == 2 + 3
    for k, dashed in enumerate(contours[2:]):
        np.testing.assert_allclose(dashed.levels, [0.5])
        # class k's 0.5 line is where theta_k . [1, x1, x2] = 0
        pts = np.vstack([p.vertices for p in dashed.get_paths()])
        np.testing.assert_allclose(add_intercept(pts) @ all_theta[k], 0, atol=0.05)
    assert len(_scatters(ax)) == 3
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert legend == [f"class {k}" for k in range(3)] + [
        f"class {k} vs rest, P = 0.5" for k in range(3)
    ]
    # a later ax.legend() call, to add the reader's own artists, keeps them all
    ax.plot(0, 0, "k*", label="new example")
    assert len(ax.legend().get_texts()) == 7


def test_one_vs_rest_transform_and_given_ax(three_classes):
    X, y, _ = three_classes
    mu, sd = X.mean(axis=0), X.std(axis=0)
    all_theta = np.array([[0.0, 0.0, 2.0], [0.0, 2.0, -0.5], [0.0, -2.0, -0.5]])
    _, ax = plt.subplots()
    out = plot_one_vs_rest(
        all_theta, X, y, ax=ax, transform=lambda P: add_intercept((P - mu) / sd)
    )
    assert out is ax


@pytest.mark.parametrize(
    ("all_theta", "kwargs", "match"),
    [
        (np.zeros((2, 3)), {}, "only 2 rows"),
        (np.zeros(3), {}, "all_theta must be 2-D"),
        (np.zeros((3, 4)), {}, r"to shape \(n, 4\)"),
        (np.zeros((3, 3)), {"transform": lambda P: P @ np.ones(3)}, "transform failed"),
    ],
)
def test_one_vs_rest_rejects_bad_input(three_classes, all_theta, kwargs, match):
    X, y, _ = three_classes
    with pytest.raises(ValueError, match=match):
        plot_one_vs_rest(all_theta, X, y, **kwargs)


# --- plot_confusion_matrix ---------------------------------------------------


def test_confusion_matrix_matches_sklearn():
    rng = np.random.default_rng(3)
    y_true = rng.integers(0, 4, size=200)
    y_pred = np.where(rng.random(200) < 0.7, y_true, rng.integers(0, 4, size=200))
    ax = plot_confusion_matrix(y_true, y_pred, labels=["a", "b", "c", "d"])
    (image,) = ax.images
    assert isinstance(image, AxesImage)
    np.testing.assert_array_equal(image.get_array(), confusion_matrix(y_true, y_pred))
    assert len(ax.texts) == 16
    assert [t.get_text() for t in ax.get_xticklabels()] == ["a", "b", "c", "d"]
    assert (ax.get_xlabel(), ax.get_ylabel()) == ("predicted class", "true class")


def test_confusion_matrix_labels_add_unseen_classes():
    _, ax = plt.subplots()
    plot_confusion_matrix([0, 1], [1, 1], ax=ax, labels=["x", "y", "z"])
    assert ax.images[0].get_array().shape == (3, 3)


@pytest.mark.parametrize(
    ("y_true", "y_pred", "kwargs", "match"),
    [
        ([0, 1, 2], [0, 1], {}, "y_true and y_pred have inconsistent"),
        ([0, 1], [0, -1], {}, r"y_pred must contain labels in 0\.\."),
        ([0, 2], [0, 1], {"labels": ["a", "b"]}, "labels has 2 entries"),
    ],
)
def test_confusion_matrix_rejects_bad_input(y_true, y_pred, kwargs, match):
    with pytest.raises(ValueError, match=match):
        plot_confusion_matrix(y_true, y_pred, **kwargs)


def test_cost_history_curves_differ_without_colour():
    ax = plot_cost_history([3.0, 2.0, 1.0], label="a")
    for k in range(3):
        plot_cost_history([3.0, 2.5, 2.0 - k], ax=ax, label=str(k))
    styles = [line.get_linestyle() for line in ax.lines]
    assert len(set(styles)) == len(styles) == 4
    plot_cost_history([1.0, 0.5], ax=ax, ls=":", color="k")
    assert ax.lines[-1].get_linestyle() == ":"


def _player(alt="Dots appear one by one.", dpi=30):
    from html.parser import HTMLParser

    from matplotlib.animation import FuncAnimation

    fig, ax = plt.subplots(figsize=(2, 1))
    anim = FuncAnimation(fig, lambda k: ax.plot([k], [k], "o"), frames=3)
    html = animation_html(anim, alt, dpi=dpi)
    plt.close(fig)
    tags = []

    class Collect(HTMLParser):
        def handle_starttag(self, tag, attrs):
            tags.append((tag, dict(attrs)))

    Collect().feed(html)
    return html, tags


def test_animation_player_has_alt_text_and_labelled_slider():
    html, tags = _player('A "quoted" <path> & more')
    images = [a for t, a in tags if t == "img"]
    sliders = [a for t, a in tags if t == "input" and a.get("type") == "range"]
    assert [a["alt"] for a in images] == ['A "quoted" <path> & more']
    assert len(sliders) == 1 and sliders[0]["aria-label"]
    # Every frame is a PNG, and the player was built with three of them.
    assert html.count("data:image/png;base64") == 3


def test_animation_frames_as_jpeg():
    from matplotlib.animation import FuncAnimation

    fig, ax = plt.subplots(figsize=(2, 1))
    anim = FuncAnimation(fig, lambda k: ax.plot([k], [k], "o"), frames=2)
    html = animation_html(anim, "Two dots.", dpi=20, frame_format="jpeg")
    plt.close(fig)
    assert html.count("data:image/jpeg;base64") == 2 and "image/png" not in html


def test_animation_frames_follow_dpi():
    import base64
    import re

    def first_frame_width(dpi):
        html, _ = _player(dpi=dpi)
        data = re.search(r"data:image/png;base64,([A-Za-z0-9+/=\\n]+)", html)
        png = base64.b64decode(data.group(1).replace("\\n", ""))
        return int.from_bytes(png[16:20], "big")  # PNG header: width

    assert first_frame_width(40) == 2 * first_frame_width(20) == 80


@pytest.mark.parametrize(
    "kwargs, error",
    [
        ({"alt": ""}, ValueError),
        ({"alt": None}, ValueError),
        ({"dpi": 0}, ValueError),
        ({"frame_format": "gif"}, ValueError),
    ],
)
def test_animation_html_rejects_bad_input(kwargs, error):
    from matplotlib.animation import FuncAnimation

    fig, _ = plt.subplots()
    anim = FuncAnimation(fig, lambda k: [], frames=1)
    with pytest.raises(error):
        animation_html(anim, **{"alt": "x", **kwargs})
    with pytest.raises(TypeError, match="anim"):
        animation_html("not an animation", "x")


def test_public_names_are_listed():
    for name in plotting.__all__:
        assert hasattr(plotting, name)
