"""HTML pages for coaching, by what they are about (`coaching.urls` names each one).
Thin: parse, reach objects through selectors scoped by the access policies, call one
service (`core.views.run_service`) or selector, respond.

A teacher who is not on the coach's current caseload, a goal, session or submission the
user may not see, and every caseload or report page for someone who administers no
school answer 404; so does a service's refusal of who may act. Input a service rejects
is shown with its message.
"""
