"""Logging a session, and attaching its shared notes to a submission."""

import datetime

import pytest

from coaching.models import CoachingSession, Recommendation
from evidence.models import ReviewerNote
from tests.accounts.factories import UserFactory
from tests.coaching.support import (
    PRIVATE,
    SHARED,
    log,
    page_url,
    submitted_for_coach_review,
    text,
    today,
)

pytestmark = pytest.mark.django_db


def test_session_form_defaults_and_logging(caseload, client, module):
    c = caseload
    comp = module.competencies.first()
    client.force_login(c.coach)
    form = client.get(page_url("session-create", public_id=c.teacher.public_id))
    page = form.content.decode()
    assert f'value="{today():%Y-%m-%d}"' in page
    assert 'value="30"' in page
    assert 'inputmode="numeric"' in page
    assert 'type="date"' in page
    assert "Only you will see this" in page
    assert comp.statement in page  # the focus competencies of the educator framework

    follow = today() + datetime.timedelta(days=7)
    response = client.post(
        page_url("session-create", public_id=c.teacher.public_id),
        {
            "held_on": today().isoformat(),
            "minutes": "45",
            "kind": "debrief",
            "focus": [str(comp.public_id)],
            "shared_notes": SHARED,
            "private_notes": PRIVATE,
            "next_steps": "",
            "follow_up_on": follow.isoformat(),
        },
    )
    session = CoachingSession.objects.get()
    assert response.status_code == 302
    assert response["Location"].endswith(f"?session={session.public_id}")
    assert (session.minutes, session.kind, session.follow_up_on) == (45, "debrief", follow)
    assert list(session.focus.all()) == [comp]

    # The follow-up form names the session and offers published modules.
    rec_page = client.get(response["Location"])
    assert module.title in text(rec_page)
    rec = client.post(
        response["Location"],
        {"module": str(module.public_id), "note": "Start here", "session": str(session.public_id)},
    )
    assert rec.status_code == 302
    recommendation = Recommendation.objects.get()
    assert (recommendation.session, recommendation.note) == (session, "Start here")


def test_session_form_rejects_a_future_date(caseload, client):
    c = caseload
    client.force_login(c.coach)
    response = client.post(
        page_url("session-create", public_id=c.teacher.public_id),
        {
            "held_on": (today() + datetime.timedelta(days=3)).isoformat(),
            "minutes": "30",
            "kind": "other",
        },
    )
    assert response.status_code == 400
    assert "future date" in text(response)
    assert not CoachingSession.objects.exists()


def test_coach_attaches_shared_notes_never_private_to_a_waiting_submission(caseload, client):
    c = caseload
    s = submitted_for_coach_review(c)
    session = log(c, next_steps="Film the next lesson.")
    client.force_login(c.coach)
    page = text(client.get(page_url("teacher-detail", public_id=c.teacher.public_id)))
    assert "Attach this session's notes as reviewer evidence" in page
    assert s.badge_class.name in page
    response = client.post(
        page_url("session-attach", public_id=session.public_id), {"submission": str(s.public_id)}
    )
    assert response.status_code == 302
    note = ReviewerNote.objects.get(submission=s)
    assert SHARED in note.text
    assert "Film the next lesson." in note.text
    assert PRIVATE not in note.text
    # A submission that is not waiting on this coach is not offered: 404.
    other = UserFactory()
    assert (
        client.post(
            page_url("session-attach", public_id=session.public_id),
            {"submission": str(other.public_id)},
        ).status_code
        == 404
    )
