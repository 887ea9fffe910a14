"""The courses pages: `learn` (the library, modules, steps, My learning, exemplars) and
`author` (modules and steps, assignments and cohorts, exemplars). URL paths and names are
in `courses.urls`."""
