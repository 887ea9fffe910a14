"""Evidence submissions, rubrics, approval policies and reviews."""
