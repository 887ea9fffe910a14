"""Who must use two-factor authentication (config.mfa.requirement), and the middleware
that walks them into enrolment and keeps them off every other page until then."""

from __future__ import annotations

import datetime
import time
from dataclasses import dataclass

import pytest
from allauth.account.authentication import AUTHENTICATION_METHODS_SESSION_KEY
from allauth.account.internal.flows.login import _AUTHENTICATION_METHODS_USER_SESSION_KEY
from allauth.mfa.models import Authenticator
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import DistrictSettings, Membership, Organization, Section, User
from coaching.models import CoachingAssignment
from config.mfa.requirement import mfa_reasons, mfa_required
from evidence.services.artifacts import artifact_add_link
from evidence.services.submissions import submission_start, submission_submit
from tests.accounts.factories import (
    DistrictFactory,
    MembershipFactory,
    OrganizationFactory,
    PlacementFactory,
    SchoolFactory,
    SectionFactory,
    UserFactory,
)
from tests.evidence.factories import ApprovalPolicyFactory, ReviewerGroupFactory, link

REQUIRED = "/accounts/2fa/required/"
QUEUE = "/evidence/queue/"
CONSOLE = "/console/"


@dataclass
class World:
    district: Organization
    school: Organization
    admin: User
    teacher: User
    plain_teacher: User
    student: User
    section: Section


def require(district: Organization, on: bool = True) -> None:
    DistrictSettings.objects.update_or_create(district=district, defaults={"require_mfa": on})


def make_world(*, required: bool) -> World:
    school = SchoolFactory()
    district = school.parent
    if required:
        require(district)
    admin = MembershipFactory(organization=district, role=Membership.Role.ADMIN).user
    teacher = MembershipFactory(organization=school, role=Membership.Role.TEACHER).user
    plain_teacher = MembershipFactory(organization=school, role=Membership.Role.TEACHER).user
    student = MembershipFactory(
        organization=school, role=Membership.Role.STUDENT, user__is_minor=True
    ).user
    section = SectionFactory(school=school)
    section.teachers.add(teacher)
    section.students.add(student)
    adults = SectionFactory(school=school)  # a section with no minor in it
    adults.teachers.add(plain_teacher)
    adults.students.add(UserFactory(is_minor=False))
    return World(district, school, admin, teacher, plain_teacher, student, section)


@pytest.fixture
def world(db) -> World:
    return make_world(required=True)


# Who must use it -------------------------------------------------------------------------


def test_admins_and_teachers_of_minors_in_a_requiring_district(world):
    assert mfa_reasons(world.admin) == ["admin"]
    assert mfa_reasons(world.teacher) == ["teacher"]
    assert not mfa_required(world.plain_teacher)  # teaches no minor
    assert not mfa_required(world.student)  # the earner is no reviewer


def test_nobody_in_a_district_that_does_not_require_it(db):
    world = make_world(required=False)
    assert not mfa_required(world.admin)
    assert not mfa_required(world.teacher)
    require(world.district, on=False)
    assert not mfa_required(world.teacher)


def test_a_requiring_district_does_not_reach_another_districts_people(world):
    other = make_world(required=False)
    assert not mfa_required(other.admin)
    assert not mfa_required(other.teacher)


def test_mentors_and_supervisors_of_a_minors_current_placement(world):
    employer = OrganizationFactory(kind="employer")
    placement = PlacementFactory(student=world.student, organization=employer)
    assert mfa_reasons(placement.mentor) == ["placement"]
    assert mfa_reasons(placement.supervisor) == ["placement"]
    adult = MembershipFactory(organization=world.school, role=Membership.Role.STUDENT).user
    adult_placement = PlacementFactory(student=adult, organization=employer)
    assert not mfa_required(adult_placement.mentor)
    ended = PlacementFactory(
        student=world.student,
        organization=employer,
        starts_on=datetime.date(2020, 1, 1),
        ends_on=datetime.date(2020, 6, 1),
    )
    assert not mfa_required(ended.mentor)


def test_coaches_whose_current_caseload_includes_a_minor(world):
    coach = MembershipFactory(organization=world.school, role=Membership.Role.COACH).user
    CoachingAssignment.objects.create(
        coach=coach, teacher=world.plain_teacher, school=world.school, assigned_by=world.admin
    )
    assert not mfa_required(coach)  # coaching an adult teacher
    CoachingAssignment.objects.create(
        coach=coach, teacher=world.student, school=world.school, assigned_by=world.admin
    )
    assert mfa_reasons(coach) == ["coach"]


def test_a_reviewer_group_member_who_may_see_a_minors_submission(world):
    group = ReviewerGroupFactory(organization=world.district)
    member = UserFactory()
    group.members.add(member)
    policy = ApprovalPolicyFactory(
        badge_class__issuer__organization=world.district, reviewer_group=group
    )
    link(policy.badge_class, world.section)
    assert not mfa_required(member)  # nothing of a minor's to see yet
    submission = submission_start(
        actor=world.student, earner=world.student, badge_class=policy.badge_class
    )
    artifact_add_link(actor=world.student, submission=submission, url="https://example.org")
    submission_submit(actor=world.student, submission=submission)
    assert mfa_reasons(member) == ["evidence"]
    assert not mfa_required(world.student)


def test_operators_only_while_some_district_requires_it(db):
    operator = UserFactory(is_superuser=True, is_staff=True)
    assert not mfa_required(operator)
    require(DistrictFactory())
    assert mfa_reasons(operator) == ["operator"]


def test_the_answer_takes_two_queries_however_many_rows(world):
    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert mfa_required(world.teacher)
        return len(ctx.captured_queries)

    few = count()
    for _ in range(5):
        extra = make_world(required=True)
        section = SectionFactory(school=world.school)
        section.teachers.add(world.teacher)
        section.students.add(extra.student)
        PlacementFactory(student=extra.student, mentor=world.teacher)
    assert few == count() == 2
    elsewhere = make_world(required=False).teacher
    with CaptureQueriesContext(connection) as ctx:
        assert not mfa_required(elsewhere)
    assert len(ctx.captured_queries) == 2


# The middleware ---------------------------------------------------------------------------


def test_a_teacher_of_a_minor_is_sent_to_enrolment_at_sign_in(client, world):
    response = client.post(
        reverse("account_login"),
        {"login": world.teacher.email, "password": "correct-horse-battery"},
        follow=True,
    )
    assert response.redirect_chain[-1][0] == f"{REQUIRED}?next=%2F"
    page = response.content.decode()
    assert "Your district requires two-factor authentication for people who review" in page
    assert reverse("mfa_activate_totp") in page
    assert reverse("mfa_add_webauthn") in page


def test_the_queue_console_api_and_admin_are_refused_until_enrolled(client, world):
    client.force_login(world.teacher)
    for path in (QUEUE, CONSOLE, "/evidence/", "/admin/", "/badges/mine/"):
        response = client.get(path)
        assert response.status_code == 302, path
        assert response["Location"].startswith(f"{REQUIRED}?next="), path
    response = client.post(QUEUE, {})
    assert response.status_code == 302
    assert response["Location"] == REQUIRED
    api = client.get("/api/v1/queue/")
    assert api.status_code == 403
    assert api.json()["code"] == "mfa_required"
    assert REQUIRED in api.json()["detail"]


def test_an_admin_is_refused_the_console_with_the_admins_reason(client, world):
    client.force_login(world.admin)
    assert client.get(CONSOLE)["Location"].startswith(REQUIRED)
    page = client.get(REQUIRED).content.decode()
    assert "Your district requires two-factor authentication for its admins." in page
    assert "review students" not in page


def test_sign_out_the_mfa_pages_and_the_public_pages_stay_open(client, world):
    client.force_login(world.teacher)
    for name in ("mfa_index", "account_reauthenticate", "badges:verify"):
        assert client.get(reverse(name)).status_code == 200, name
    # Enrolling asks for the password again first (allauth), and that page is open too.
    for name in ("mfa_activate_totp", "mfa_add_webauthn"):
        assert client.get(reverse(name))["Location"].startswith(reverse("account_reauthenticate"))
    assert client.get("/ob/v3/did.json").status_code == 200
    assert client.get(reverse("api:verify")).status_code != 403
    assert client.get("/static/css/cairn.css").status_code in (200, 404)  # never redirected
    response = client.post(reverse("account_logout"))
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


def test_the_same_teacher_where_it_is_not_required_is_not_stopped(client, db):
    world = make_world(required=False)
    client.force_login(world.teacher)
    response = client.get(QUEUE)
    assert response.status_code == 200
    assert client.get(REQUIRED)["Location"] == reverse("home")
    assert client.get("/api/v1/queue/").status_code == 200


def test_the_requirement_is_read_at_sign_in(client, world):
    """Switching the setting on takes effect at the person's next sign-in."""
    other = make_world(required=False)
    client.force_login(other.teacher)
    require(other.district)
    assert client.get(QUEUE).status_code == 200
    client.logout()
    client.force_login(other.teacher)
    assert client.get(QUEUE)["Location"].startswith(REQUIRED)


def test_a_requirement_switched_off_frees_the_session_at_the_enrolment_page(client, world):
    client.force_login(world.teacher)
    require(world.district, on=False)
    assert client.get(QUEUE)["Location"].startswith(REQUIRED)  # as read at sign-in
    assert client.get(REQUIRED)["Location"] == reverse("home")
    assert client.get(QUEUE).status_code == 200


def _record_sign_in(client, user: User, method: str) -> None:
    """Write what allauth records at a sign-in of this kind into the client's session."""
    session = client.session
    session[AUTHENTICATION_METHODS_SESSION_KEY] = [{"method": method, "at": time.time()}]
    session[_AUTHENTICATION_METHODS_USER_SESSION_KEY] = str(user.pk)
    session.save()


def test_enrolled_but_not_passed_is_sent_to_reauthenticate(client, world):
    Authenticator.objects.create(user=world.teacher, type=Authenticator.Type.TOTP, data={})
    client.force_login(world.teacher)
    response = client.get(QUEUE)
    assert response["Location"] == f"{reverse('mfa_reauthenticate')}?next=%2Fevidence%2Fqueue%2F"
    # The enrolment page is one of the second-factor pages, closed to such a session.
    assert client.get(REQUIRED)["Location"].startswith(reverse("mfa_reauthenticate"))


def test_a_key_only_person_reauthenticates_with_the_key(client, world):
    Authenticator.objects.create(user=world.teacher, type=Authenticator.Type.WEBAUTHN, data={})
    client.force_login(world.teacher)
    location = client.get(QUEUE)["Location"]
    assert location.startswith(reverse("mfa_reauthenticate_webauthn"))


def test_a_passed_second_factor_opens_the_pages(client, world):
    client.force_login(world.teacher)
    _record_sign_in(client, world.teacher, "mfa")
    assert client.get(QUEUE).status_code == 200


def test_an_api_token_is_refused_to_a_person_who_must_use_a_second_factor(world):
    from rest_framework.authtoken.models import Token
    from rest_framework.test import APIClient

    def queue_with_token(user: User):
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=user).key}")
        return client.get("/api/v1/queue/")

    refused = queue_with_token(world.teacher)
    assert refused.status_code == 403
    assert "Two-factor authentication is required" in refused.json()["detail"]
    assert queue_with_token(make_world(required=False).teacher).status_code == 200


def test_no_api_token_is_issued_to_a_person_who_must_use_a_second_factor(world):
    from rest_framework.authtoken.models import Token
    from rest_framework.test import APIClient

    def ask(user: User):
        return APIClient().post(
            "/api/v1/auth/token",
            {"username": user.email, "password": "correct-horse-battery"},
            format="json",
        )

    refused = ask(world.teacher)
    assert refused.status_code == 400
    assert "Two-factor authentication is required" in refused.json()["non_field_errors"][0]
    assert not Token.objects.filter(user=world.teacher).exists()
    issued = ask(world.plain_teacher)  # teaches no minor: no second factor required
    assert issued.status_code == 200
    assert issued.json()["token"] == Token.objects.get(user=world.plain_teacher).key


def test_the_django_admin_is_behind_the_same_rule(client, db):
    operator = UserFactory(is_superuser=True, is_staff=True)
    client.force_login(operator)
    assert client.get("/admin/").status_code == 200  # no district requires it
    client.logout()
    require(DistrictFactory())
    client.force_login(operator)
    assert client.get("/admin/")["Location"] == f"{REQUIRED}?next=%2Fadmin%2F"
    page = client.get(REQUIRED).content.decode()
    assert "Cairn's operators must use two-factor authentication" in page


def test_the_api_tells_an_enrolled_session_to_confirm_its_second_factor(client, world):
    Authenticator.objects.create(user=world.teacher, type=Authenticator.Type.TOTP, data={})
    client.force_login(world.teacher)
    api = client.get("/api/v1/queue/")
    assert api.status_code == 403
    assert reverse("mfa_reauthenticate") in api.json()["detail"]
