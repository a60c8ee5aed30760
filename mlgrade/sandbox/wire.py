"""The call channel's wire format, shared by both ends: the grader
(mlgrade/sandbox/proxy.py) and the kernel (mlgrade/sandbox/kernel_side.py,
which gets this file beside it as ``_mlgrade_wire``). Standard library and
numpy only.

An array crosses as its raw bytes in base64 with its dtype and shape beside
them: no pickle, and no header to parse.
"""

import base64

import numpy as np

#: The package's named tuples that cross as themselves: name -> (module, fields).
#: The grader builds only these from a reply, and only with these fields.
NAMED_TUPLES = {
    "ForwardCache": ("mllesson.network", ("Z", "A")),
    "ThresholdUnit": ("mllesson.perceptron", ("weights", "threshold")),
}


def array_form(arr):
    """An array's wire form: ``{"nd": base64 bytes, "dtype", "shape"}``."""
    arr = np.asarray(arr)  # not ascontiguousarray, which makes a 0-d array 1-d
    return {
        "nd": base64.b64encode(arr.tobytes(order="C")).decode("ascii"),
        "dtype": arr.dtype.str,
        "shape": list(arr.shape),
    }
