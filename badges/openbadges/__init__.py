"""Open Badges formats: pure functions, no ORM. Tested without a database."""
