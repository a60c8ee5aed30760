"""Grading a class: finding the submissions (nbgrader's layout or an LMS download),
local worker processes or a Dask cluster, the run folder.
"""
