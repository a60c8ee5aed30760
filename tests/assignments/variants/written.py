"""Pieces of answer code that several assignments' variants write alike."""


def logits(v, theta="theta"):
    """The scores θᵀx of every example, as ``v`` writes them: ``X @ theta``
    for rows and θ₀ in ``theta``; ``theta @ X`` for columns; ``X @ w + b`` and
    ``w @ X + b`` with a separate b."""
    cols, sep = v["layout"] == "cols", v["bias"] == "b"
    if sep:
        return "w @ X + b" if cols else "X @ w + b"
    return f"{theta} @ X" if cols else f"X @ {theta}"


def weights(v):
    """The parameters a function takes before ``X``: ``theta``, or ``w, b``."""
    return "w, b" if v["bias"] == "b" else "theta"
