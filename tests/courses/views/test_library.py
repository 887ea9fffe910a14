"""The module library (search, filters, status, assignments, pages), My learning, the
menu's links, query budgets."""

import re

import pytest
from django.db import connection

from courses import services
from tests.accounts.factories import SectionFactory
from tests.courses.conftest import build_module
from tests.courses.views.support import (
    answers_for,
    complete_all,
    count_queries,
    grow_library,
    step_url,
    titles,
    url,
)

pytestmark = pytest.mark.django_db


def test_pages_need_sign_in(client, library):
    for name, kw in [
        ("module-list", {}),
        ("module-detail", {"public_id": library.module.public_id}),
        ("enrollment-mine", {}),
        ("exemplar-list", {}),
    ]:
        response = client.get(url(name, **kw))
        assert response.status_code == 302
        assert "/accounts/login/" in response["Location"]


def test_library_lists_published_modules_with_facts(client, library, shelf):
    made, comp_a, comp_b = shelf
    client.force_login(library.teacher)
    response = client.get(url("module-list"))
    assert response.status_code == 200
    assert titles(response) == sorted(m.title for m in made.values())
    row = next(r for r in response.context["rows"] if r.module == library.module)
    assert row.module.step_count == 3
    assert row.competencies == [comp_a]
    assert row.status == "not-started"
    html = response.content.decode()
    assert "15 minutes" in html
    assert "Micro-lesson" in html
    assert comp_a.code in html
    # The competency select offers the competencies published modules align to.
    choices = dict(response.context["form"].fields["competency"].widget.choices)
    offered = {value for group in choices.values() if isinstance(group, list) for value, _ in group}
    assert offered == {str(comp_a.public_id), str(comp_b.public_id)}


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"quick": "on"}, {"exit", "talk", "any"}),
        ({"q": "inquiry"}, {"lab"}),
        pytest.param({"q": "explanations mental"}, {"talk"}),
        ({"grade_band": "6-8"}, {"exit", "any", "deep"}),
        ({"subject": "science"}, {"lab", "any"}),
        ({"format": "workshop"}, {"lab"}),
        ({"competency": "A", "quick": "on"}, {"exit", "talk"}),
        ({"competency": "B"}, {"lab"}),
        ({"competency": "A", "grade_band": "3-5", "quick": "on"}, {"talk"}),
        ({"q": "five"}, {"any"}),  # a word from the summary
        pytest.param({"q": "nothing-like-this"}, set()),
    ],
)
def test_library_search_and_filters(client, library, shelf, params, expected):
    made, comp_a, comp_b = shelf
    params = dict(params)
    if "competency" in params:
        params["competency"] = str({"A": comp_a, "B": comp_b}[params["competency"]].public_id)
    client.force_login(library.teacher)
    response = client.get(url("module-list"), params)
    assert response.status_code == 200
    by_title = {m.title: key for key, m in made.items()}
    assert {by_title[t] for t in titles(response)} == expected


def test_search_words_in_steps_and_ranking(client, library, shelf):
    made, *_ = shelf
    client.force_login(library.teacher)
    # Every module built here has a read step whose body says "**Short** checks."
    found = titles(client.get(url("module-list"), {"q": "checks"}))
    assert set(found) == {m.title for m in made.values()}
    # "wait" is in one module's title and in another one's summary.
    found = titles(client.get(url("module-list"), {"q": "wait"}))
    assert set(found) == {"Wait time", "Feedback loops"}
    if connection.vendor == "postgresql":
        # Full-text ranking: the title match (weight A) comes before the summary match (B),
        # although it sorts after it by title.
        assert found == ["Wait time", "Feedback loops"]


def test_library_shows_the_learners_status_and_assignments(client, library, shelf):
    made, *_ = shelf
    teacher = library.teacher
    e = services.enrollment_start(learner=teacher, module=made["talk"])
    services.enrollment_start(learner=teacher, module=made["lab"])
    for step in made["talk"].steps.all():
        if step.kind == "check":
            services.check_submit(
                learner=teacher, enrollment=e, step=step, answers=answers_for(step)
            )
        else:
            services.step_complete(learner=teacher, enrollment=e, step=step, answer="Yes.")
    services.enrollment_finish(learner=teacher, enrollment=e)
    section = SectionFactory(school=library.school)
    section.teachers.add(teacher)
    services.assignment_create(
        actor=library.admin, module=made["any"], section=section, due_on=None
    )
    client.force_login(teacher)
    response = client.get(url("module-list"))
    status = {r.module.title: r.status for r in response.context["rows"]}
    assert status["Number talks in ten minutes"] == "finished"
    assert status["Inquiry labs"] == "in-progress"
    assert status["Wait time"] == "not-started"
    assert [r.title for r in response.context["assigned"]] == ["Wait time"]
    assert "Assigned to you" in response.content.decode()


def test_library_paginates(client, library):
    for i in range(21):
        build_module(library.coach, library.district, slug=f"m-{i:02}", title=f"Module {i:02}")
    client.force_login(library.teacher)
    first = client.get(url("module-list"), {"quick": "on"})
    assert len(first.context["rows"]) == 20
    assert 'href="?quick=on&amp;page=2"' in first.content.decode()
    second = client.get(url("module-list"), {"quick": "on", "page": 2})
    assert len(second.context["rows"]) == 2


def test_my_learning_lists_progress_finished_and_assigned(client, library, shelf):
    made, *_ = shelf
    teacher = library.teacher
    client.force_login(teacher)
    complete_all(client, made["exit"])
    client.post(url("enrollment-finish", public_id=made["exit"].public_id))
    client.post(url("enrollment-start", public_id=made["talk"].public_id))
    read = made["talk"].steps.get(kind="read")
    client.post(step_url(made["talk"], read, "step-complete"))
    cohort = services.cohort_create(
        actor=library.admin, organization=library.district, name="Leaders", members=[teacher]
    )
    services.assignment_create(actor=library.admin, module=made["lab"], cohort=cohort)

    response = client.get(url("enrollment-mine"))
    ctx = response.context
    assert [r["module"].title for r in ctx["in_progress"]] == ["Number talks in ten minutes"]
    e = ctx["in_progress"][0]["enrollment"]
    assert (e.steps_done, e.steps_total) == (1, 3)
    assert ctx["in_progress"][0]["resume_url"] == step_url(made["talk"], read)
    assert [r["module"].title for r in ctx["finished"]] == [made["exit"].title]
    assert ctx["finished"][0]["apply_url"].endswith("#next")
    assert [r.title for r in ctx["assigned"]] == ["Inquiry labs"]
    html = response.content.decode()
    assert "1 of 3 steps" in html
    assert "Apply for" in html


def test_library_query_count_does_not_grow(client, library, django_assert_max_num_queries):
    section = SectionFactory(school=library.school)
    section.teachers.add(library.teacher)
    services.assignment_create(actor=library.admin, module=library.module, section=section)
    client.force_login(library.teacher)
    small = count_queries(client, url("module-list"), {"quick": "on"})
    more = grow_library(library, 8)
    for m in more[:3]:
        services.assignment_create(actor=library.admin, module=m, section=section)
    with django_assert_max_num_queries(small):
        response = client.get(url("module-list"), {"quick": "on"})
    assert len(response.context["rows"]) == 9
    assert len(response.context["assigned"]) == 4
    with django_assert_max_num_queries(small):
        client.get(url("module-list"), {"q": "Grown", "competency": ""})


def test_my_learning_query_count_does_not_grow(client, library, django_assert_max_num_queries):
    teacher = library.teacher
    cohort = services.cohort_create(
        actor=library.admin, organization=library.district, name="C", members=[teacher]
    )
    client.force_login(teacher)
    complete_all(client, library.module)
    client.post(url("enrollment-finish", public_id=library.module.public_id))
    small = count_queries(client, url("enrollment-mine"))
    more = grow_library(library, 8)
    for m in more[:4]:
        services.assignment_create(actor=library.admin, module=m, cohort=cohort)
    with django_assert_max_num_queries(small):
        response = client.get(url("enrollment-mine"))
    assert len(response.context["in_progress"]) == 8
    assert len(response.context["assigned"]) == 4


def test_the_nav_links_to_learning(client, library):
    client.force_login(library.teacher)
    html = client.get(url("enrollment-mine")).content.decode()
    assert re.search(r'href="/learn/"[^>]*>Module library</a>', html)
    assert re.search(r'href="/learn/mine/" aria-current="page">My learning</a>', html)
