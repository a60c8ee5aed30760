"""ps06-perceptron in variants: the labels and outputs, the layout of the
examples, and whether the offset is a threshold or a bias."""

from .adapters import Task
from .choice import Dimension
from .dimensions import LAYOUT

ASSIGNMENT = "ps06-perceptron"

#: The perceptron's labels are its outputs too: a unit that outputs 0/1 or −1/+1.
LABELS = Dimension(
    "labels",
    {
        "01": "Labels and outputs are **0 and 1**: a unit outputs 1 where it fires, "
        "else 0, and `y[i]` is 1 for the positive class, 0 else.",
        "pm1": "Labels and outputs are **−1 and +1**: a unit outputs +1 where it "
        "fires, else −1 (where the book's outputs 0), and `y[i]` is +1 for the "
        "positive class, −1 else. Rosenblatt's step is then η(y − ŷ)/2 (0 or ±η, "
        "as with 0 and 1).",
    },
)
OFFSET = Dimension(
    "offset",
    {
        "usual": "`mcculloch_pitts` takes a **threshold** θ: the unit fires where "
        "x·w ≥ θ. The perceptron has a **bias** b: it predicts the positive class "
        "where w·x + b ≥ 0, and learns b ← b + step, with Rosenblatt's step "
        "η(y − ŷ).",
        "flipped": "`mcculloch_pitts` takes a **bias** b instead of the threshold: "
        "the unit fires where x·w + b ≥ 0 (b = −θ). The perceptron has a "
        "**threshold** t instead of the bias: it predicts the positive class where "
        "w·x ≥ t (t = −b), starts from t = 0, learns t ← t − step where the book "
        "learns b ← b + step, and returns t where the book returns b.",
    },
)

DIMENSIONS = (LABELS, LAYOUT, OFFSET)

TASKS = {
    "mcculloch_pitts": Task(
        ("x", "weights", "threshold"), {"x": "F", "threshold": "t"}, returns="yhat"
    ),
    "perceptron_update": Task(
        ("w", "b", "x", "y", "learning_rate=1.0"),
        {"b": "t", "y": "y"},
        returns=(None, "t"),
    ),
    "perceptron_fit": Task(
        ("X", "y", "learning_rate=1.0", "epochs=100", "shuffle=True", "rng=None"),
        {"X": "F", "y": "y"},
        returns=(None, "t", None),
    ),
}
