"""Authoring the course: the guards ``make exercises`` runs on the masters, and the
course's nbgrader plugins.
"""
