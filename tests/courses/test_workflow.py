"""The module and exemplar workflows: their tables, the history their services write,
and the buttons the pages build from them."""

import pytest
from django.urls import reverse

from core.errors import InvalidTransition
from core.workflow import history_of
from courses import services
from courses.models import Exemplar, Module
from courses.workflow import EDITABLE, EXEMPLAR_FLOW, MODULE_FLOW, NEW_VERSION_FROM, STARTABLE
from tests.courses.factories import ExemplarFactory

M, E = Module.Status, Exemplar.Status


def test_the_module_table():
    assert [m.name for m in MODULE_FLOW.available(M.DRAFT)] == ["publish"]
    assert [m.name for m in MODULE_FLOW.available(M.PUBLISHED)] == ["retire"]
    assert MODULE_FLOW.available(M.RETIRED) == []
    with pytest.raises(InvalidTransition, match="retired cannot become published"):
        MODULE_FLOW.check(M.RETIRED, M.PUBLISHED)
    assert set(EDITABLE) == {M.DRAFT}
    assert set(NEW_VERSION_FROM) == {M.PUBLISHED}
    assert set(STARTABLE) == {M.PUBLISHED}


def test_the_exemplar_table():
    assert [m.name for m in EXEMPLAR_FLOW.available(E.PROPOSED)] == ["publish", "decline"]
    assert [m.name for m in EXEMPLAR_FLOW.available(E.DECLINED)] == ["publish"]
    assert EXEMPLAR_FLOW.available(E.PUBLISHED) == []


@pytest.mark.django_db
def test_publishing_a_new_version_retires_the_old_one_with_history(library):
    v1 = library.module
    v2 = services.module_new_version(actor=library.coach, module=v1)
    services.module_publish(actor=library.coach, module=v2)
    v1.refresh_from_db()
    assert v1.status == M.RETIRED
    assert [(t.from_status, t.to_status, t.move) for t in history_of(v1)] == [
        ("draft", "published", "publish"),
        ("published", "retired", "retire"),
    ]
    (published,) = history_of(v2)
    assert (published.move, published.actor) == ("publish", library.coach)
    with pytest.raises(services.CourseError, match="Only a published module can be retired"):
        services.module_retire(actor=library.coach, module=v1)


@pytest.mark.django_db
def test_exemplar_moves_are_recorded(library):
    declined = ExemplarFactory(organization=library.district)
    services.exemplar_decline(actor=library.coach, exemplar=declined, reason="Names visible.")
    with pytest.raises(services.CourseError, match="Only a proposed exemplar"):
        services.exemplar_decline(actor=library.coach, exemplar=declined, reason="Again.")
    services.exemplar_publish(actor=library.admin, exemplar=declined)  # on second thought
    with pytest.raises(services.CourseError, match="published already"):
        services.exemplar_publish(actor=library.admin, exemplar=declined)
    moves = [(t.move, t.actor, t.reason) for t in history_of(declined)]
    assert moves == [
        ("decline", library.coach, "Names visible."),
        ("publish", library.admin, ""),
    ]


@pytest.mark.django_db
def test_the_edit_page_buttons_follow_the_table(client, library):
    client.force_login(library.coach)

    def buttons(module):
        page = client.get(
            reverse("courses:author-module-edit", kwargs={"public_id": module.public_id})
        )
        return [a["url"].rsplit("/", 1)[-1] for a in page.context["actions"]]

    assert buttons(library.module) == ["new-version", "retire"]
    draft = services.module_new_version(actor=library.coach, module=library.module)
    assert buttons(draft) == ["publish"]
    services.module_publish(actor=library.coach, module=draft)
    library.module.refresh_from_db()
    assert buttons(library.module) == []  # retired
