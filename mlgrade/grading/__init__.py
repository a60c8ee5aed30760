"""Grading one submission: the course's masters, a job, its result, the hidden checks
run against the student's functions.
"""
