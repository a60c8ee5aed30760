# The fixture course's check package is imported by the grader, not by pytest.
collect_ignore = ["fixtures"]
