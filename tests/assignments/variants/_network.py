"""The lines a network's answer writes differently in each variant of ps07
and ps08: the affine step of one layer, the ones in front of an input, the
axis of the examples. Each is the variant's stated edit, spelled out here
once for both assignments."""

#: The hidden layers' activations, as the answers' tables list them.
HIDDEN_ACTIVATIONS = """    "relu": mllesson.relu,
    "leaky_relu": mllesson.leaky_relu,
    "sigmoid": mllesson.sigmoid,
    "tanh": mllesson.tanh,
    "identity": lambda Z: Z,
"""


class Conventions:
    """The code snippets of one variant (layout, weights, layer_bias)."""

    def __init__(self, v):
        self.cols = v["layout"] == "cols"
        self.in_out = v["weights"] == "in_out"
        self.fold = v["layer_bias"] == "fold"
        #: how a loop over params names one layer
        self.layer = "W" if self.fold else "(W, b)"
        #: the axis of the examples, and of the units
        self.examples = 1 if self.cols else 0
        self.units = 0 if self.cols else 1
        #: W without its bias column (row) where the bias is folded in
        self.weights = ("W[1:]" if self.in_out else "W[:, 1:]") if self.fold else "W"

    def biases(self, W):
        """The bias entries of a folded ``W``: its first row or column."""
        return f"{W}[0]" if self.in_out else f"{W}[:, 0]"

    def ones(self, A):
        """``A`` with a 1 in front of every example."""
        if self.cols:
            return f"np.vstack([np.ones({A}.shape[1]), {A}])"
        return f"np.column_stack([np.ones(len({A})), {A}])"

    def times_w(self, A, W="W"):
        """The product of activations ``A`` and weights ``W``, one unit per
        column (rows) or per row (cols)."""
        return {
            (False, False): f"{A} @ {W}.T",
            (False, True): f"{A} @ {W}",
            (True, False): f"{W} @ {A}",
            (True, True): f"{W}.T @ {A}",
        }[self.cols, self.in_out]

    def affine(self, A="A"):
        """Z of one layer from its input ``A``."""
        if self.fold:
            return self.times_w(self.ones(A))
        return self.times_w(A) + (" + b[:, None]" if self.cols else " + b")

    def delta_back(self, dZ="dZ"):
        """dZ of a layer times its weights: the error at the layer's input."""
        W = self.weights
        return {
            (False, False): f"{dZ} @ {W}",
            (False, True): f"{dZ} @ {W}.T",
            (True, False): f"{W}.T @ {dZ}",
            (True, True): f"{W} @ {dZ}",
        }[self.cols, self.in_out]

    def weight_gradient(self, dZ, A):
        """dZ against the layer's input ``A``, in the shape of W."""
        return {
            (False, False): f"{dZ}.T @ {A}",
            (False, True): f"{A}.T @ {dZ}",
            (True, False): f"{dZ} @ {A}.T",
            (True, True): f"{A} @ {dZ}.T",
        }[self.cols, self.in_out]
