"""The consistency check every access policy's test runs over the demo district.

For each action, each demo person and each object:
    policy.allows(u, a, o)  ==  policy.queryset(u, a).filter(pk=o.pk).exists()
                            ==  u in policy.users(a, o)
the queryset as a UNION of branches (`union=True`, what big tables use) and as one OR
(`union=False`) hold the same rows, and every `expect` the test names (who may, who
may not) holds.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from io import StringIO

from django.core.management import call_command
from django.db import transaction

from accounts.models import User
from core.policies import Policy

DEMO_DOMAIN = "demo.cairn.test"


def seed_demo_district() -> dict[str, User]:
    """Seed the whole demo (district, evidence, modules, coaching, pathways) and return
    its people by key (admin, teacher, teacher2, coach, student, student2, mentor,
    supervisor, coach2, teacher3-8), with the roles the demo does not have added:

    - district_admin: an admin of the demo district who is not a superuser (the
      demo's admin@ is also the Django superuser);
    - employer_admin: an admin of the demo employer (Treasure Valley Fabrication);
    - college_admin: an admin of the demo college;
    - other_admin, other_teacher: an admin and a teacher of another district;
    - outsider: an account with no membership at all.
    """
    from accounts.models import Membership, Organization
    from demo.seed import COLLEGE, DISTRICT, EMPLOYER
    from tests.accounts.factories import MembershipFactory, SchoolFactory, UserFactory

    call_command("seed_demo", stdout=StringIO())
    people = {u.email.split("@")[0]: u for u in User.objects.filter(email__endswith=DEMO_DOMAIN)}
    admin = Membership.Role.ADMIN
    orgs = {o.slug: o for o in Organization.objects.filter(slug__in=[DISTRICT, EMPLOYER, COLLEGE])}
    for key, slug in (
        ("district_admin", DISTRICT),
        ("employer_admin", EMPLOYER),
        ("college_admin", COLLEGE),
    ):
        people[key] = MembershipFactory(organization=orgs[slug], role=admin).user
    elsewhere = SchoolFactory()
    people["other_admin"] = MembershipFactory(organization=elsewhere.parent, role=admin).user
    people["other_teacher"] = MembershipFactory(
        organization=elsewhere, role=Membership.Role.TEACHER
    ).user
    people["outsider"] = UserFactory()
    return people


def demo_seeded_once(django_db_blocker) -> Iterator[dict[str, int]]:
    """For a module-scoped fixture: `seed_demo_district` once for the module's tests
    (each test runs in a savepoint inside this transaction, so what one test changes is
    undone before the next), rolled back after the last; yields each person's pk by key.
    Tests get fresh instances from `demo_people` (a test may change a person)."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield {key: user.pk for key, user in seed_demo_district().items()}
        transaction.set_rollback(True)


def demo_people(keys: Mapping[str, int]) -> dict[str, User]:
    """The demo's people as `seed_demo_district` returns them, read afresh."""
    found = User.objects.in_bulk(list(keys.values()))
    return {key: found[pk] for key, pk in keys.items()}


def check_policy(
    policy: Policy,
    action: str,
    people: Mapping[str, User],
    objects: Iterable,
    *,
    expect: Iterable[tuple[str, object, bool]] = (),
) -> int:
    """Assert that the three answers of `policy` agree for `action` over every person
    and object, and that each (person key, object, allowed) in `expect` holds.
    Returns the number of pairs checked (a test asserts it checked something)."""
    objects = list(objects)
    assert objects, f"no objects to check {type(policy).__name__}.{action} on"
    checked = 0
    pks = [o.pk for o in objects]
    for key, user in people.items():
        visible = set(policy.queryset(user, action).filter(pk__in=pks).values_list("pk", flat=True))
        as_or, as_union = (
            set(
                policy.queryset(user, action, union=union)
                .filter(pk__in=pks)
                .values_list("pk", flat=True)
            )
            for union in (False, True)
        )
        assert as_or == as_union == visible, (
            f"{type(policy).__name__}.{action}: for {key} the UNION form holds "
            f"{sorted(as_union - as_or)} more and {sorted(as_or - as_union)} fewer than the OR"
        )
        holds = User.objects.filter(policy.holders_q(action), pk=user.pk).exists()
        assert holds == policy.exists_for(user, action), (
            f"{type(policy).__name__}.{action}: holders_q says {key} "
            f"{'may' if holds else 'may not'} act on something; exists_for disagrees"
        )
        for obj in objects:
            allowed = policy.allows(user, action, obj)
            assert allowed == (obj.pk in visible), (
                f"{type(policy).__name__}.{action}: allows({key}, {obj}) is {allowed} "
                "but the queryset says otherwise"
            )
            checked += 1
    for obj in objects:
        who = set(policy.users(action, obj).values_list("pk", flat=True))
        for key, user in people.items():
            assert (user.pk in who) == policy.allows(user, action, obj), (
                f"{type(policy).__name__}.{action}: users({obj}) and allows({key}) disagree"
            )
    for key, obj, allowed in expect:
        assert policy.allows(people[key], action, obj) is allowed, (
            f"{type(policy).__name__}.{action}: expected {key} {'may' if allowed else 'may not'} "
            f"on {obj}"
        )
    return checked
