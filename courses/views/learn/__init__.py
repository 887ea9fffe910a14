"""Learner pages. Thin: parse with a form, reach objects through the selectors (a module
or exemplar the user may not see answers 404, and so does a service's refusal), call one
service through `core.views.run_service`, then redirect (POST-redirect-GET; the services
are idempotent, so two open tabs never lose progress)."""
