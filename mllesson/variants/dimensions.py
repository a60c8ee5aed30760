"""The dimensions assignments choose their variants from, with the sentence
each value adds to a student's task statement."""

from .choice import Dimension

LABELS = Dimension(
    "labels",
    {
        "01": "Labels are **0 and 1**: `y[i]` is 1 for the positive class, 0 else.",
        "pm1": "Labels are **−1 and +1**: `y[i]` is +1 for the positive class, "
        "−1 else (where the book writes y, use (y + 1) / 2).",
    },
)
LAYOUT = Dimension(
    "layout",
    {
        "rows": "Examples are the **rows** of `X`: shape (m, n), one example per row.",
        "cols": "Examples are the **columns** of `X`: shape (n, m), one example per "
        "column (the transpose of the book's X; results per example are "
        "columns too).",
    },
)
BIAS = Dimension(
    "bias",
    {
        "ones": "The bias is **θ₀**: `X` starts with a column of ones and `theta[0]` "
        "is the intercept.",
        "b": "The bias is a **separate number `b`**: `X` has no column of ones, the "
        "weights are `w` (one per feature), and a function that returned θ returns "
        "the pair `(w, b)` (a gradient returns `(dw, db)`).",
    },
)
CLASSES = Dimension(
    "classes",
    {
        "c0": "Classes are numbered **0 to K − 1**.",
        "c1": "Classes are numbered **1 to K** (as in Octave and MATLAB courses).",
    },
)
OBJECTIVE = Dimension(
    "objective",
    {
        "min": "You **descend the cost** J: the `cost` and `gradient` you are given "
        "return J(θ) and ∇J(θ); step θ ← θ − α∇J, and `history` holds J.",
        "max": "You **climb the objective** ℓ = −J (for logistic regression, the mean "
        "log-likelihood minus the penalty): the `cost` and `gradient` you are given "
        "return ℓ(θ) and ∇ℓ(θ); step θ ← θ + α∇ℓ, and `history` holds ℓ.",
    },
)


def noted(dimension, **notes):
    """``dimension`` with a sentence added to some values' statements: what the
    value means for one assignment's own functions, e.g.
    ``noted(BIAS, b="`map_feature` returns no column of ones.")``."""
    unknown = set(notes) - set(dimension.codes)
    if unknown:
        raise ValueError(
            f"notes: {sorted(unknown)} are not values of {dimension.name!r}; "
            f"expected some of {list(dimension.codes)}"
        )
    return Dimension(
        dimension.name,
        {
            code: f"{sentence} {notes[code]}" if code in notes else sentence
            for code, sentence in dimension.values.items()
        },
    )


WEIGHTS = Dimension(
    "weights",
    {
        "out_in": "A layer's weights `W` have shape **(n_out, n_in)**: one row per "
        "unit of the layer, as in the book.",
        "in_out": "A layer's weights `W` have shape **(n_in, n_out)**: one column per "
        "unit of the layer (the transpose of the book's W; `mllesson`'s functions "
        "keep the book's).",
    },
)
LAYER_BIAS = Dimension(
    "layer_bias",
    {
        "wb": "Each layer is a pair **`(W, b)`**, the biases `b` of shape (n_out,) "
        "apart from the weights (a gradient is a pair `(dW, db)`).",
        "fold": "Each layer is **one matrix `W`** whose first column (first row where "
        "W is (n_in, n_out)) holds the biases: the layer's input gets a 1 in "
        "front, as θ₀ does. Params and gradients are lists of such matrices; "
        "the cached activations have no ones.",
    },
)
#: LAYOUT for a network: the same two values, said of every per-example array.
NETWORK_LAYOUT = Dimension(
    "layout",
    {
        "rows": "Examples are the **rows** of `X`, of every layer's `Z` and `A` and "
        "of the one-hot targets `Y`: shapes (m, n), (m, n_l) and (m, K).",
        "cols": "Examples are the **columns** of `X`, of every layer's `Z` and `A` "
        "and of the one-hot targets `Y`: shapes (n, m), (n_l, m) and (K, m), the "
        "transpose of the book's. A bias vector `b` keeps its shape (n_l,); "
        "`mllesson`'s functions keep the book's rows (`mllesson.softmax` "
        "normalises each row).",
    },
)
