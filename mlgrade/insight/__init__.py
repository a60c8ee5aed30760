"""Reading the class: the run's tables, failure categories, analytics, copy detection
and the dashboard.
"""
