"""Where the course's website is published: make book writes it into the wheel."""

SITE_URL = ""
