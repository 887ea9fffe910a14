"""HTML views of courses: learn.py for learners, author.py for authors and assigners."""
