"""Benchmarks: mllesson, the book build and grading, against the alternatives.

``make bench`` (``python -m benchmarks.run``) measures every comparison in one
run on one machine, as the median of repeats, and reports ratios against their
targets: a table on the terminal and JSON in ``benchmarks/results/``.

=========  ================================================================
module     what it measures
=========  ================================================================
b1         a batch gradient-descent step of logistic regression against the
           bare-numpy roofline (its two matrix products); scikit-learn's
           fit time to the same loss for context
b2         one epoch of mini-batch SGD for a one-hidden-layer network
           against scikit-learn's MLPClassifier and PyTorch on the CPU
b3         one-vs-rest logistic regression on the digits against
           scikit-learn's OneVsRestClassifier: accuracy and time
b4         the book build, cold and warm, and each chapter's run time
b5         grading seconds per submission: serial, parallel, bare execution
memory     peak resident memory of B1 and B2 against the size of their data
scaling    B1 and B2 as the number of examples grows, plotted
=========  ================================================================
"""
