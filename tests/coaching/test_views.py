"""The coaching pages: who may see what (404 otherwise), private notes, reports, queries."""

import csv
import datetime
import html
import io
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import Membership
from coaching import services
from coaching.models import CoachingAssignment, CoachingSession, Goal, Recommendation
from evidence import services as evidence_services
from evidence.models import ReviewerNote
from tests.accounts.factories import MembershipFactory, SchoolFactory, UserFactory
from tests.competencies.factories import CompetencyFactory
from tests.courses.conftest import build_module
from tests.evidence.factories import ApprovalPolicyFactory

pytestmark = pytest.mark.django_db

PRIVATE = "Seemed exhausted; ask about the custody hearing."
SHARED = "Strong launch; the exit ticket showed two groups."
today = timezone.localdate


def text(response) -> str:
    return html.unescape(response.content.decode())


def url(name: str, *args, **kwargs) -> str:
    return reverse(f"coaching:{name}", args=args, kwargs=kwargs)


def log(c, teacher=None, **kw):
    return services.session_log(
        actor=kw.pop("actor", c.coach),
        teacher=teacher or c.teacher,
        held_on=kw.pop("held_on", today()),
        minutes=kw.pop("minutes", 30),
        kind=kw.pop("kind", "observation"),
        shared_notes=kw.pop("shared_notes", SHARED),
        private_notes=kw.pop("private_notes", PRIVATE),
        **kw,
    )


def add_teachers(c, n: int, coach=None):
    teachers = []
    for _ in range(n):
        t = MembershipFactory(organization=c.school, role=Membership.Role.TEACHER).user
        services.assignment_create(
            actor=c.admin,
            coach=coach or c.coach,
            teacher=t,
            school=c.school,
            starts_on=today() - datetime.timedelta(days=30),
        )
        teachers.append(t)
    return teachers


@pytest.fixture
def module(caseload):
    return build_module(caseload.coach, caseload.district, competency=CompetencyFactory())


# The caseload dashboard -----------------------------------------------------------------


def test_dashboard_lists_only_my_caseload_with_follow_ups(caseload, client):
    c = caseload
    log(
        c,
        held_on=today() - datetime.timedelta(days=10),
        follow_up_on=today() - datetime.timedelta(days=2),
    )
    log(c, teacher=c.teacher2, follow_up_on=today() + datetime.timedelta(days=4))
    log(c, actor=c.other_coach, teacher=c.outsider_teacher)
    client.force_login(c.coach)
    page = text(client.get(url("caseload-dashboard")))
    assert c.teacher.name in page
    assert c.teacher2.name in page
    assert c.outsider_teacher.name not in page
    assert page.count(">overdue<") == 1  # said in words, not by colour alone
    assert url("session-create", public_id=c.teacher.public_id) in page
    assert url("teacher-detail", public_id=c.teacher2.public_id) in page
    assert PRIVATE not in page


def test_dashboard_links_waiting_submissions_to_the_review_queue(caseload, client):
    c = caseload
    policy = ApprovalPolicyFactory(
        badge_class__issuer__organization=c.district,
        badge_class__audience="educator",
        allow_section_teacher=False,
        allow_coach=True,
    )
    s = evidence_services.submission_start(
        actor=c.teacher, earner=c.teacher, badge_class=policy.badge_class
    )
    evidence_services.artifact_add_reflection(actor=c.teacher, submission=s, text="My lesson.")
    evidence_services.submission_submit(actor=c.teacher, submission=s)
    client.force_login(c.coach)
    page = text(client.get(url("caseload-dashboard")))
    assert "1 submission" in page
    assert reverse("evidence:review-queue") in page


def test_dashboard_is_for_coaches(caseload, client):
    client.force_login(caseload.teacher)
    assert client.get(url("caseload-dashboard")).status_code == 404
    client.logout()
    assert client.get(url("caseload-dashboard")).status_code == 302  # to sign in


def test_dashboard_queries_do_not_grow_with_teachers_or_sessions(
    caseload, client, django_assert_max_num_queries
):
    c = caseload
    log(c)
    client.force_login(c.coach)
    client.get(url("caseload-dashboard"))  # the session is warm for both counts
    counts = []
    for size in ("small", "larger"):
        if size == "larger":
            for t in add_teachers(c, 8):
                for days in range(3):
                    log(c, teacher=t, held_on=today() - datetime.timedelta(days=days))
                services.goal_create(actor=c.coach, teacher=t, statement="Exit tickets daily")
        with django_assert_max_num_queries(16) as ctx:
            response = client.get(url("caseload-dashboard"))
        assert response.content.decode().count('class="card caseload-row') == (
            2 if size == "small" else 10
        )
        counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[1], counts


# Teacher pages and private notes --------------------------------------------------------


def test_coach_sees_their_private_notes_the_teacher_never_does(caseload, client):
    c = caseload
    log(c, next_steps="Try the 3-2-1 exit ticket.")
    client.force_login(c.coach)
    coach_page = text(client.get(url("teacher-detail", public_id=c.teacher.public_id)))
    assert SHARED in coach_page
    assert PRIVATE in coach_page

    client.force_login(c.teacher)
    me = client.get(url("teacher-me"))
    assert me.status_code == 200
    assert SHARED in text(me)
    assert "Try the 3-2-1 exit ticket." in text(me)
    assert PRIVATE not in text(me)
    assert "exhausted" not in me.content.decode()
    # The teacher cannot open the coach's view of their own page.
    assert client.get(url("teacher-detail", public_id=c.teacher.public_id)).status_code == 404


def test_another_coach_gets_404_for_a_teacher_not_on_their_caseload(caseload, client, module):
    c = caseload
    session = log(c)
    goal = services.goal_create(actor=c.coach, teacher=c.teacher, statement="Exit tickets")
    client.force_login(c.other_coach)
    for name in ("teacher-detail", "session-create", "goal-create", "recommendation-create"):
        assert client.get(url(name, public_id=c.teacher.public_id)).status_code == 404, name
    assert client.post(url("session-create", public_id=c.teacher.public_id), {}).status_code == 404
    assert (
        client.post(url("goal-status", public_id=goal.public_id), {"status": "met"}).status_code
        == 404
    )
    assert client.post(url("session-attach", public_id=session.public_id), {}).status_code == 404
    page = text(client.get(url("caseload-dashboard")))
    assert c.teacher.name not in page
    # ... while their own teacher's page opens.
    assert (
        client.get(url("teacher-detail", public_id=c.outsider_teacher.public_id)).status_code == 200
    )


def test_teacher_pages_queries_do_not_grow_with_sessions_goals_or_recommendations(
    caseload, client, module, django_assert_max_num_queries
):
    c = caseload
    counts: dict[str, list[int]] = {"coach": [], "teacher": []}
    for n in (1, 5):
        for i in range(n):
            s = log(c)
            s.focus.add(CompetencyFactory())
            goal = services.goal_create(
                actor=c.coach, teacher=c.teacher, statement="Goal", modules=[module]
            )
            services.action_step_add(actor=c.coach, goal=goal, description="Step", owner=c.teacher)
            extra = build_module(c.coach, c.district, slug=f"m-{n}-{i}", title=f"Module {n}-{i}")
            services.recommendation_create(actor=c.coach, teacher=c.teacher, module=extra)
        for who, user, page in (
            ("coach", c.coach, url("teacher-detail", public_id=c.teacher.public_id)),
            ("teacher", c.teacher, url("teacher-me")),
        ):
            client.force_login(user)
            with django_assert_max_num_queries(30) as ctx:
                assert client.get(page).status_code == 200
            counts[who].append(len(ctx.captured_queries))
    assert counts["coach"][0] == counts["coach"][1], counts
    assert counts["teacher"][0] == counts["teacher"][1], counts


# Logging a session and recommending a module --------------------------------------------


def test_session_form_defaults_and_logging(caseload, client, module):
    c = caseload
    comp = module.competencies.first()
    client.force_login(c.coach)
    form = client.get(url("session-create", public_id=c.teacher.public_id))
    page = form.content.decode()
    assert f'value="{today():%Y-%m-%d}"' in page
    assert 'value="30"' in page
    assert 'inputmode="numeric"' in page
    assert 'type="date"' in page
    assert "Only you will see this" in page
    assert comp.statement in page  # the focus competencies of the educator framework

    follow = today() + datetime.timedelta(days=7)
    response = client.post(
        url("session-create", public_id=c.teacher.public_id),
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
        url("session-create", public_id=c.teacher.public_id),
        {
            "held_on": (today() + datetime.timedelta(days=3)).isoformat(),
            "minutes": "30",
            "kind": "other",
        },
    )
    assert response.status_code == 400
    assert "future date" in text(response)
    assert not CoachingSession.objects.exists()


def test_teacher_sees_and_dismisses_a_recommendation(caseload, client, module):
    c = caseload
    rec = services.recommendation_create(
        actor=c.coach, teacher=c.teacher, module=module, note="Try it"
    )
    client.force_login(c.teacher2)
    assert client.post(url("recommendation-dismiss", public_id=rec.public_id)).status_code == 404
    client.force_login(c.teacher)
    page = text(client.get(url("teacher-me")))
    assert "Recommended by your coach" in page
    assert module.title in page
    assert "Try it" in page
    assert client.post(url("recommendation-dismiss", public_id=rec.public_id)).status_code == 302
    rec.refresh_from_db()
    assert rec.dismissed_at is not None
    page = text(client.get(url("teacher-me")))
    assert "No recommendations right now." in page
    assert reverse("courses:module-detail", kwargs={"public_id": module.public_id}) not in page


# Goals ----------------------------------------------------------------------------------


def test_goals_created_by_the_coach_moved_and_stepped_by_both(caseload, client, module):
    c = caseload
    client.force_login(c.coach)
    response = client.post(
        url("goal-create", public_id=c.teacher.public_id),
        {"statement": "Use exit tickets daily", "modules": [str(module.public_id)]},
    )
    assert response.status_code == 302
    goal = Goal.objects.get()
    assert list(goal.modules.all()) == [module]
    teacher_page = text(client.get(url("teacher-detail", public_id=c.teacher.public_id)))
    assert f"Module not finished yet: {module.title}" in teacher_page

    client.force_login(c.teacher)
    assert (
        client.post(
            url("goal-status", public_id=goal.public_id), {"status": "in_progress"}
        ).status_code
        == 302
    )
    client.post(
        url("action-step-create", public_id=goal.public_id),
        {"description": "Draft three tickets", "owner": "teacher"},
    )
    step = goal.action_steps.get()
    assert step.owner == c.teacher
    client.post(url("action-step-done", public_id=step.public_id), {"done": "on"})
    step.refresh_from_db()
    assert step.done_at is not None
    goal.refresh_from_db()
    assert goal.status == Goal.Status.IN_PROGRESS
    # An illegal move is refused with its message, nothing changed.
    client.post(url("goal-status", public_id=goal.public_id), {"status": "met"})
    response = client.post(
        url("goal-status", public_id=goal.public_id), {"status": "not_started"}, follow=True
    )
    assert "cannot become" in text(response)
    goal.refresh_from_db()
    assert goal.status == Goal.Status.MET

    # Others: a teacher who is not theirs, and the coach of someone else.
    for outsider in (c.teacher2, c.other_coach):
        client.force_login(outsider)
        assert (
            client.post(
                url("goal-status", public_id=goal.public_id), {"status": "in_progress"}
            ).status_code
            == 404
        )
        assert client.post(url("action-step-done", public_id=step.public_id), {}).status_code == 404


def test_teacher_page_shows_goal_progress(caseload, client, module):
    c = caseload
    services.goal_create(
        actor=c.coach, teacher=c.teacher, statement="Exit tickets", modules=[module]
    )
    client.force_login(c.teacher)
    page = text(client.get(url("teacher-me")))
    assert "Exit tickets" in page
    assert f"Module not finished yet: {module.title}" in page


# Attaching a session to a submission ----------------------------------------------------


def test_coach_attaches_shared_notes_never_private_to_a_waiting_submission(caseload, client):
    c = caseload
    policy = ApprovalPolicyFactory(
        badge_class__issuer__organization=c.district,
        badge_class__audience="educator",
        allow_section_teacher=False,
        allow_coach=True,
    )
    s = evidence_services.submission_start(
        actor=c.teacher, earner=c.teacher, badge_class=policy.badge_class
    )
    evidence_services.artifact_add_reflection(actor=c.teacher, submission=s, text="My lesson.")
    evidence_services.submission_submit(actor=c.teacher, submission=s)
    session = log(c, next_steps="Film the next lesson.")
    client.force_login(c.coach)
    page = text(client.get(url("teacher-detail", public_id=c.teacher.public_id)))
    assert "Attach this session's notes as reviewer evidence" in page
    assert policy.badge_class.name in page
    response = client.post(
        url("session-attach", public_id=session.public_id), {"submission": str(s.public_id)}
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
            url("session-attach", public_id=session.public_id), {"submission": str(other.public_id)}
        ).status_code
        == 404
    )


# District admins: caseloads -------------------------------------------------------------


def test_only_admins_reach_caseloads_and_reports(caseload, client):
    c = caseload
    assignment = CoachingAssignment.objects.filter(teacher=c.teacher).get()
    for user in (c.coach, c.teacher):
        client.force_login(user)
        assert client.get(url("assignment-list")).status_code == 404
        assert client.get(url("report-detail")).status_code == 404
        assert client.get(url("report-export")).status_code == 404
        assert client.post(url("assignment-create"), {}).status_code == 404
        assert client.post(url("assignment-end", public_id=assignment.public_id)).status_code == 404
    client.force_login(c.admin)
    assert client.get(url("assignment-list")).status_code == 200
    assert client.get(url("report-detail")).status_code == 200
    # An admin of another district sees none of this one and cannot end its assignments.
    foreign = MembershipFactory(organization=SchoolFactory().parent, role="admin").user
    client.force_login(foreign)
    page = text(client.get(url("assignment-list")))
    assert c.teacher.name not in page
    assert client.post(url("assignment-end", public_id=assignment.public_id)).status_code == 404
    assignment.refresh_from_db()
    assert assignment.ends_on is None


def test_reassignment_keeps_history_visible(caseload, client):
    c = caseload
    log(c)
    client.force_login(c.admin)
    response = client.post(
        url("assignment-create"),
        {
            "teacher": str(c.teacher.public_id),
            "school": str(c.school.public_id),
            "coach": str(c.other_coach.public_id),
            "starts_on": today().isoformat(),
        },
    )
    assert response.status_code == 302
    history = list(CoachingAssignment.objects.filter(teacher=c.teacher).order_by("pk"))
    assert [a.coach for a in history] == [c.coach, c.other_coach]
    assert history[0].ends_on is not None
    assert history[1].ends_on is None
    page = text(client.get(url("assignment-list")))
    current, ended = page.split("Ended assignments")
    current = current.split("Current assignments")[1]
    assert re.search(rf"<td>{c.teacher.name}</td>\s*<td>{c.other_coach.name}</td>", current)
    assert re.search(rf"<td>{c.teacher.name}</td>\s*<td>{c.coach.name}</td>", ended)

    client.force_login(c.other_coach)
    new_coach_page = text(client.get(url("teacher-detail", public_id=c.teacher.public_id)))
    assert c.coach.name in new_coach_page  # the earlier coach, in the history
    assert PRIVATE not in new_coach_page  # the earlier coach's private notes stay theirs
    client.force_login(c.coach)
    assert client.get(url("teacher-detail", public_id=c.teacher.public_id)).status_code == 404

    client.force_login(c.admin)
    end = client.post(url("assignment-end", public_id=history[1].public_id))
    assert end.status_code == 302
    history[1].refresh_from_db()
    assert history[1].ends_on is not None


def test_admin_pages_and_django_admin_never_show_private_notes(caseload, client, admin_user):
    c = caseload
    session = log(c)
    client.force_login(c.admin)
    for name in ("assignment-list", "report-detail", "report-export"):
        assert PRIVATE not in text(client.get(url(name)))
    client.force_login(admin_user)
    change = client.get(reverse("admin:coaching_coachingsession_change", args=[session.pk]))
    assert change.status_code == 200
    assert SHARED in text(change)
    assert PRIVATE not in text(change)
    assert 'name="private_notes"' not in change.content.decode()
    listing = client.get(reverse("admin:coaching_coachingsession_changelist"))
    assert PRIVATE not in text(listing)


# District admins: reports ---------------------------------------------------------------


def test_report_suppresses_small_counts_on_the_page_and_in_the_csv(caseload, client):
    c = caseload
    log(c)
    log(c, teacher=c.teacher2, kind="debrief")
    client.force_login(c.admin)
    page = text(client.get(url("report-detail")))
    assert "fewer than 10 teachers" in page
    assert 'role="img"' in page
    assert "<title" in page
    assert "District totals are not shown" in page  # they would give the withheld school away

    response = client.get(url("report-export"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert response["Content-Disposition"].startswith("attachment; filename=")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0] == ["dimension", "group", "teachers", "sessions", "minutes"]
    school_rows = [r for r in rows if r[0] == "school"]
    assert school_rows == [["school", c.school.name, "<10", "suppressed", "suppressed"]]
    body = response.content.decode()
    assert PRIVATE not in body
    assert SHARED not in body


def test_report_shows_groups_of_ten_or_more(caseload, client):
    c = caseload
    for t in add_teachers(c, 10):
        log(c, teacher=t, minutes=20)
    client.force_login(c.admin)
    start = (today() - datetime.timedelta(days=7)).isoformat()
    page = text(client.get(url("report-detail"), {"start": start, "end": today().isoformat()}))
    assert "200 min" in page  # the bar's label
    assert "From " in page
    assert "10 sessions, 200 minutes" in page
    assert client.get(url("report-export"), {"start": start}).status_code == 400  # no end
    response = client.get(url("report-export"), {"start": start, "end": today().isoformat()})
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert ["school", c.school.name, "10", "10", "200"] in rows


def test_report_range_is_validated(caseload, client):
    client.force_login(caseload.admin)
    response = client.get(url("report-detail"), {"start": today().isoformat(), "end": "2000-01-01"})
    assert response.status_code == 400
    assert "before the start date" in text(response)
    assert client.get(url("report-export"), {"start": "x", "end": "y"}).status_code == 400


def test_report_queries_do_not_grow_with_sessions_or_teachers(
    caseload, client, django_assert_max_num_queries
):
    c = caseload
    comp = CompetencyFactory()
    client.force_login(c.admin)
    client.get(url("report-detail"))
    counts: dict[str, list[int]] = {"report-detail": [], "report-export": []}
    for teachers in ([c.teacher, c.teacher2], add_teachers(c, 10)):
        for t in teachers:
            for kind in ("observation", "debrief"):
                log(c, teacher=t, kind=kind, focus=[comp])
        for name, found in counts.items():
            with django_assert_max_num_queries(14) as ctx:
                assert client.get(url(name)).status_code == 200
            found.append(len(ctx.captured_queries))
    assert all(a == b for a, b in counts.values()), counts
