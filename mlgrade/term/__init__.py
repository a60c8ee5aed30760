"""The term: deadlines, roster, overrides, history, feedback, exports to the LMS and
releases.
"""
