"""What the coaching tests share: notes to look for, logging a session through the
service, more teachers on a caseload, and clients for the pages and the API."""

import datetime
import html
import uuid

from django.urls import reverse
from django.utils import timezone
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from accounts.models import Membership
from coaching import services
from coaching.models import CoachingSession
from courses import services as course_services
from evidence import services as evidence_services
from evidence.models import Submission
from tests.accounts.factories import MembershipFactory
from tests.evidence.factories import ApprovalPolicyFactory

PRIVATE = "Seemed exhausted; ask about the custody hearing."
SHARED = "Strong launch; the exit ticket showed two groups."
today = timezone.localdate


def log(c, teacher=None, **kw) -> CoachingSession:
    """A session logged through the service (set-up, not under test)."""
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


def add_teachers(c, n: int, coach=None) -> list:
    """`n` more teachers at the school on `coach`'s caseload (the caseload's coach)."""
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


def published_module(author, district, slug: str = "exit-tickets", **kw):
    module = course_services.module_create(
        actor=author,
        organization=district,
        slug=slug,
        title=kw.pop("title", "Exit tickets that drive tomorrow's lesson"),
        summary="Design a three-question exit ticket.",
        minutes=15,
        **kw,
    )
    course_services.step_add(actor=author, module=module, kind="read", title="Why", body="Short.")
    return course_services.module_publish(actor=author, module=module)


def submitted_for_coach_review(c) -> Submission:
    """The teacher's evidence for an educator badge their coach reviews, submitted."""
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
    return evidence_services.submission_submit(actor=c.teacher, submission=s)


# Pages ------------------------------------------------------------------------------------


def text(response) -> str:
    return html.unescape(response.content.decode())


def page_url(name: str, *args, **kwargs) -> str:
    return reverse(f"coaching:{name}", args=args, kwargs=kwargs)


# The API ----------------------------------------------------------------------------------


def api(user=None) -> APIClient:
    client = APIClient()
    if user is not None:
        token, _ = Token.objects.get_or_create(user=user)
        client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return client


def api_url(name: str, obj=None, **kwargs) -> str:
    if obj is not None:
        kwargs["public_id"] = getattr(obj, "public_id", obj)
    return reverse(f"api:coaching:{name}", kwargs=kwargs or None)


def session_payload(c, **kw) -> dict:
    return {
        "teacher": str(c.teacher.public_id),
        "held_on": str(today()),
        "minutes": 40,
        "kind": "debrief",
        "shared_notes": SHARED,
        "private_notes": PRIVATE,
        "next_steps": "Try a hinge question.",
        "follow_up_on": str(today() + datetime.timedelta(days=7)),
        **kw,
    }


def ids(response) -> list[str]:
    return [row["id"] for row in response.json()["results"]]


def assert_only_public_ids(data) -> None:
    """Every `id` in a response is a UUID: database ids never leave the API."""
    if isinstance(data, dict):
        for key, value in data.items():
            if key == "id":
                uuid.UUID(value)
            assert_only_public_ids(value)
    elif isinstance(data, list):
        for item in data:
            assert_only_public_ids(item)
