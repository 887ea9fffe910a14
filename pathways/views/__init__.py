"""Pathway pages: the earner's progress, the builder, alerts, credit agreements,
endorsements and revoking a badge. Thin: parse, ask the scoped selectors, call one
service through `core.views.run_service`, respond."""
