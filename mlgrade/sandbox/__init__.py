"""The sandbox: bubblewrap kernels with limits, the package they get, and the channel
over which the grader calls a student's functions.
"""
