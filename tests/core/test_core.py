"""The core building blocks on their own: the policy base, the workflow helper, the one
error model with its DRF handler and page helper, the audit writer, unique slugs."""

import pytest
from django.contrib.messages.storage.fallback import FallbackStorage
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.test import RequestFactory
from rest_framework.exceptions import NotFound as DRFNotFound

from accounts.models import Organization, User
from core.api import exception_handler
from core.audit import AuditAction, audit_record, audit_record_many
from core.errors import Forbidden, InvalidTransition, NotFound, ServiceError
from core.models import AuditEntry, Transition
from core.policies import Policy, Who
from core.slugs import unique_slug
from core.views import run_service
from core.workflow import Move, Workflow, history_of
from tests.accounts.factories import DistrictFactory, OrganizationFactory, UserFactory

pytestmark = pytest.mark.django_db


# Policies ------------------------------------------------------------------------------


class OwnOrgPolicy(Policy[Organization]):
    """A toy policy: you may 'see' organizations you belong to; superusers may 'see' all."""

    model = Organization
    rules = {
        "see": {
            "member": lambda who: Q(memberships__in=[]) | Q(pk__in=_member_orgs(who)),
        }
    }
    superuser_actions = frozenset({"see"})


def _member_orgs(who: Who):
    from accounts.models import Membership

    return Membership.objects.filter(user_id=who.at(1)).values("organization_id")


def test_policy_answers_three_ways_from_one_rule():
    from accounts.models import Membership

    policy = OwnOrgPolicy()
    mine, other = DistrictFactory(), DistrictFactory()
    user, stranger = UserFactory(), UserFactory()
    Membership.objects.create(user=user, organization=mine, role=Membership.Role.TEACHER)
    assert policy.allows(user, "see", mine)
    assert not policy.allows(user, "see", other)
    assert list(policy.queryset(user, "see")) == [mine]
    assert list(policy.users("see", mine)) == [user]
    assert not policy.users("see", other).exists()
    assert policy.reasons(user, "see", mine) == ["member"]
    assert policy.reasons(stranger, "see", mine) == []


def test_policy_refuses_inactive_and_anonymous_and_lets_superusers_through():
    from django.contrib.auth.models import AnonymousUser

    policy = OwnOrgPolicy()
    org = DistrictFactory()
    inactive = UserFactory(is_active=False)
    assert not policy.allows(inactive, "see", org)
    assert not policy.allows(AnonymousUser(), "see", org)
    root = User.objects.create_superuser(email="root@example.org", password="x" * 12)
    assert policy.allows(root, "see", org)
    assert root in policy.users("see", org)
    with pytest.raises(ValueError, match="no action"):
        policy.queryset(root, "fly")


def test_who_refers_to_the_outer_user_at_each_depth():
    from django.db.models import OuterRef

    who = Who(None)
    assert who.at(0) == OuterRef("pk")
    assert who.at(2) == OuterRef(OuterRef(OuterRef("pk")))
    assert who.below().at(0) == OuterRef(OuterRef("pk"))
    assert Who(7).at(3) == 7


# Workflow -------------------------------------------------------------------------------


FLOW = Workflow(
    "organization",
    Organization.Kind,
    [
        Move("accredit", Organization.Kind.COLLEGE, frm=[Organization.Kind.EMPLOYER]),
        Move("hire", Organization.Kind.EMPLOYER, frm=[Organization.Kind.COLLEGE]),
    ],
    field="kind",
)


def test_workflow_checks_lists_and_records_each_move():
    org = OrganizationFactory(kind="employer")
    assert [m.name for m in FLOW.available("employer")] == ["accredit"]
    assert FLOW.available("district") == []
    with pytest.raises(InvalidTransition, match="school district cannot become college"):
        FLOW.check("district", "college")
    actor = UserFactory()
    FLOW.apply(org, to="college", actor=actor, reason="for the test")
    org.refresh_from_db()
    assert org.kind == "college"
    (row,) = history_of(org)
    assert (row.from_status, row.to_status, row.move, row.actor, row.reason) == (
        "employer",
        "college",
        "accredit",
        actor,
        "for the test",
    )
    assert Transition.objects.count() == 1


def test_workflow_refuses_a_table_naming_unknown_states_or_two_moves_per_edge():
    with pytest.raises(ValueError, match="unknown states"):
        Workflow("x", Organization.Kind, [Move("a", "nowhere", frm=["district"])])
    with pytest.raises(ValueError, match="two moves"):
        Workflow(
            "x",
            Organization.Kind,
            [Move("a", "school", frm=["district"]), Move("b", "school", frm=["district"])],
        )


# Errors -----------------------------------------------------------------------------------


def test_the_api_answers_every_service_error_with_its_status_and_code():
    class Cycle(ServiceError):
        code = "cycle"

    for exc, status, code in [
        (ServiceError("No."), 400, "refused"),
        (Cycle("Loops."), 400, "cycle"),
        (Forbidden("Not you."), 403, "forbidden"),
        (NotFound("Gone."), 404, "not_found"),
        (InvalidTransition("Not from here."), 400, "invalid_transition"),
    ]:
        response = exception_handler(exc, {})
        assert response.status_code == status
        assert response.data == {"detail": str(exc), "code": code}
    plain = exception_handler(PermissionDenied("Nope."), {})
    assert (plain.status_code, plain.data["detail"]) == (403, "Nope.")
    assert exception_handler(DRFNotFound(), {}).status_code == 404


def test_forbidden_is_djangos_permission_denied():
    assert isinstance(Forbidden(), PermissionDenied)
    assert ServiceError().message == "This request cannot be carried out."
    assert ServiceError("x", code="custom").code == "custom"


def _request():
    request = RequestFactory().post("/")
    request.session = {}
    request._messages = FallbackStorage(request)
    return request


def test_run_service_redirects_404s_or_shows_the_refusal():
    request = _request()
    done = run_service(request, lambda: 5, done="Done.", then=lambda n: f"/n/{n}", refused=None)
    assert (done.status_code, done["Location"]) == (302, "/n/5")

    def refuse():
        raise ServiceError("Try again.")

    shown = run_service(
        request, refuse, done="", then="/", refused=lambda e: HttpResponse(e.message, status=400)
    )
    assert (shown.status_code, shown.content) == (400, b"Try again.")

    def forbid():
        raise Forbidden("Not yours.")

    with pytest.raises(Http404):
        run_service(request, forbid, done="", then="/", refused=lambda e: HttpResponse())
    told = run_service(
        request,
        forbid,
        done="",
        then="/",
        refused=lambda e: HttpResponse(),
        forbidden=lambda e: HttpResponse(str(e), status=400),
    )
    assert told.content == b"Not yours."


# Audit and slugs -----------------------------------------------------------------------------


def test_audit_takes_only_named_actions():
    org = DistrictFactory()
    entry = audit_record(actor=None, action=AuditAction.ISSUER_CREATE, target=org)
    assert (entry.actor_label, entry.action, entry.target_type) == (
        "system",
        "issuer.create",
        "accounts.Organization",
    )
    assert entry.target_id == str(org.public_id)
    with pytest.raises(ValueError, match="is not a valid AuditAction"):
        audit_record(actor=None, action="made.up", target=org)
    assert AuditEntry.objects.count() == 1


@pytest.mark.parametrize("count", [1, 3])
def test_audit_many_writes_what_audit_record_writes_for_each(count):
    actor = UserFactory()
    orgs = [DistrictFactory() for _ in range(count)]
    details = [
        {"n": i, "note": 'quoted "text", \\ and ünïcode', "none": None} for i in range(count)
    ]
    audit_record_many(
        actor=actor,
        action=AuditAction.ISSUER_CREATE,
        targets=list(zip(orgs, details, strict=True)),
        actor_label="import\tof a \\ file",
    )
    rows = AuditEntry.objects.order_by("data__n")
    assert [
        (e.actor, e.actor_label, e.action, e.target_type, e.target_id, e.data) for e in rows
    ] == [
        (
            actor,
            "import\tof a \\ file",
            "issuer.create",
            "accounts.Organization",
            str(o.public_id),
            d,
        )
        for o, d in zip(orgs, details, strict=True)
    ]
    assert all(e.created_at is not None for e in rows)
    with pytest.raises(ValueError, match="is not a valid AuditAction"):
        audit_record_many(actor=None, action="made.up", targets=[(orgs[0], {})])


def test_unique_slug_adds_a_number_and_stays_short():
    DistrictFactory(slug="snake-river")
    assert unique_slug(Organization, "Snake River", fallback="org") == "snake-river-2"
    assert unique_slug(Organization, "!!!", fallback="org") == "org"
    long = unique_slug(Organization, "x" * 200, fallback="org", max_length=80)
    assert len(long) == 80
