"""A minor's public profile: off by default; switched on at once where the district asks
for no approval, else a request its admins decide (approve: the profile goes on;
decline: with a reason the student reads). Allowed and denied cases of the policy."""

import pytest

from accounts import permissions
from accounts.models import DistrictSettings, Membership, ProfileRequest
from accounts.selectors import profile_approval_of, profile_requests_to_decide
from accounts.services import (
    InvalidInput,
    district_settings_update,
    profile_request_decide,
    user_set_profile_public,
)
from core.errors import NotFound
from core.models import AuditEntry, Notification
from tests.accounts.factories import MembershipFactory, SchoolFactory, UserFactory

pytestmark = pytest.mark.django_db
Approval = DistrictSettings.MinorProfileApproval
Role = Membership.Role


@pytest.fixture
def school():
    return SchoolFactory()


@pytest.fixture
def admin(school):
    return MembershipFactory(organization=school.parent, role=Role.ADMIN).user


def student_of(school, **kw):
    return MembershipFactory(
        organization=school, role=Role.STUDENT, user=UserFactory(is_minor=True, **kw)
    ).user


def set_approval(admin, school, value):
    district_settings_update(actor=admin, district=school.parent, minor_profile_approval=value)


def test_profiles_are_off_by_default(school):
    assert not student_of(school).profile_public
    assert not UserFactory().profile_public


def test_an_adult_switches_on_and_off_at_once():
    adult = UserFactory()
    assert user_set_profile_public(actor=adult, public=True).profile_public
    assert not user_set_profile_public(actor=adult, public=False).profile_public
    assert not ProfileRequest.objects.exists()
    assert AuditEntry.objects.filter(action="user.profile_public", actor=adult).count() == 2


def test_a_minor_where_the_district_asks_for_nothing_switches_on_at_once(admin, school):
    set_approval(admin, school, Approval.NONE)
    student = student_of(school)
    assert user_set_profile_public(actor=student, public=True).profile_public


def test_a_minor_asks_and_the_district_admin_is_told(admin, school):
    student = student_of(school)  # the default: an admin approves
    user = user_set_profile_public(actor=student, public=True)
    assert not user.profile_public
    request = ProfileRequest.objects.get(user=student)
    assert request.status == ProfileRequest.Status.PENDING
    assert request.district == school.parent
    assert request.approval == Approval.ADMIN
    assert Notification.objects.filter(user=admin, link="/console/profile-requests/").exists()
    assert AuditEntry.objects.filter(action="profile_request.create", actor=student).exists()
    # Asking twice makes one request.
    user_set_profile_public(actor=student, public=True)
    assert ProfileRequest.objects.filter(user=student).count() == 1


def test_approving_switches_the_profile_on_and_tells_the_student(admin, school):
    student = student_of(school)
    user_set_profile_public(actor=student, public=True)
    request = ProfileRequest.objects.get(user=student)
    decided = profile_request_decide(actor=admin, request=request, approve=True)
    assert decided.status == ProfileRequest.Status.APPROVED
    student.refresh_from_db()
    assert student.profile_public
    assert Notification.objects.filter(user=student).exists()
    assert AuditEntry.objects.filter(action="profile_request.decide", actor=admin).exists()


def test_declining_needs_a_reason_and_keeps_the_profile_off(admin, school):
    student = student_of(school)
    user_set_profile_public(actor=student, public=True)
    request = ProfileRequest.objects.get(user=student)
    with pytest.raises(InvalidInput):
        profile_request_decide(actor=admin, request=request, approve=False, reason=" ")
    assert ProfileRequest.objects.get(pk=request.pk).status == ProfileRequest.Status.PENDING
    profile_request_decide(actor=admin, request=request, approve=False, reason="Not yet.")
    student.refresh_from_db()
    assert not student.profile_public
    assert ProfileRequest.objects.get(pk=request.pk).reason == "Not yet."


def test_guardian_consent_is_confirmed_by_the_admin(admin, school):
    set_approval(admin, school, Approval.GUARDIAN)
    student = student_of(school)
    assert profile_approval_of(user=student).required == Approval.GUARDIAN
    user_set_profile_public(actor=student, public=True)
    request = ProfileRequest.objects.get(user=student)
    assert request.approval == Approval.GUARDIAN
    with pytest.raises(InvalidInput):
        profile_request_decide(actor=admin, request=request, approve=True)
    student.refresh_from_db()
    assert not student.profile_public
    profile_request_decide(actor=admin, request=request, approve=True, guardian_confirmed=True)
    student.refresh_from_db()
    assert student.profile_public


def test_switching_off_withdraws_the_waiting_request(school):
    student = student_of(school)
    user_set_profile_public(actor=student, public=True)
    user_set_profile_public(actor=student, public=False)
    assert ProfileRequest.objects.get(user=student).status == ProfileRequest.Status.WITHDRAWN


def test_only_the_students_district_admins_decide(admin, school):
    student = student_of(school)
    user_set_profile_public(actor=student, public=True)
    request = ProfileRequest.objects.get(user=student)
    other_admin = MembershipFactory(organization=SchoolFactory().parent, role=Role.ADMIN).user
    teacher = MembershipFactory(organization=school, role=Role.TEACHER).user
    policy = permissions.profile_requests
    assert policy.allows(admin, "decide", request)  # allowed
    for denied in (other_admin, teacher, student):
        assert not policy.allows(denied, "decide", request)
        assert request not in profile_requests_to_decide(user=denied)
        with pytest.raises(NotFound):
            profile_request_decide(actor=denied, request=request, approve=True)
    assert list(profile_requests_to_decide(user=admin)) == [request]
    assert policy.allows(student, "own", request)
    assert not policy.allows(admin, "own", request)


def test_a_minor_in_no_district_is_decided_by_the_operators():
    minor = UserFactory(is_minor=True)
    operator = UserFactory(is_superuser=True, is_staff=True)
    user_set_profile_public(actor=minor, public=True)
    request = ProfileRequest.objects.get(user=minor)
    assert request.district is None
    assert Notification.objects.filter(user=operator).exists()
    profile_request_decide(actor=operator, request=request, approve=True)
    minor.refresh_from_db()
    assert minor.profile_public
