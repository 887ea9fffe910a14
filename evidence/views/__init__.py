"""HTML pages for evidence. Thin: parse, reach objects through the selectors (scoped by
the access policies), call one service through `core.views.run_service`, respond. A
submission the user may not see answers 404 (so does a refusal for permission), and
input a service refuses shows the page again with its message (400)."""
