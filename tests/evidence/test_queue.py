"""The review queue's filter choices and approvals: a fixed number of queries, the
badge choices exactly the badges of the queue's rows."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from evidence import selectors
from tests.evidence.test_views import placed_student, submitted


def _open_queue(user) -> tuple[list, list[tuple[str, str]], int]:
    with CaptureQueriesContext(connection) as ctx:
        view = selectors.filtered_queue(user=user, data={})
        rows = list(view.submissions)
        badges = list(view.filterset.form.fields["badge"].widget.choices)[1:]
    return rows, badges, len(ctx.captured_queries)


def test_queue_filter_choices_are_the_queues_badges_in_constant_queries(world):
    submitted(world)
    rows, badges, first = _open_queue(world.supervisor)
    assert len(rows) == 1
    assert badges == [(world.badge.slug, world.badge.name)]
    assert rows[0].approvals == 0
    for _ in range(5):
        submitted(world, earner=placed_student(world))
    rows, badges, again = _open_queue(world.supervisor)
    assert len(rows) == 6
    assert badges == [(world.badge.slug, world.badge.name)]
    assert again <= first
