"""Pathways: trees (pure), completion and auto-award (all-of, N-of, nested, once, also
concurrently), revoked constituents and the admins' decision, cycles, progress pages,
the builder and who may use it."""

import threading
from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection, connections
from django.urls import reverse
from django.utils import timezone

from accounts.models import Membership
from badges import hosting
from badges.models import Assertion, BadgeClass
from badges.services import assertions
from core.errors import InvalidTransition
from core.models import AuditEntry
from pathways import services as sp
from pathways import trees as pathways
from pathways.models import Pathway, PathwayAlert, PathwayRequirement
from tests.accounts.factories import DistrictFactory, MembershipFactory, UserFactory
from tests.badges.factories import AssertionFactory, BadgeClassFactory, IssuerFactory

Kind = PathwayRequirement.Kind

# The tree tests below need no database; the rest do.
pytestmark = pytest.mark.django_db

# The pure tree code -------------------------------------------------------------------


def cte_tree() -> pathways.Node:
    """Welding Safety (badge 1) plus 3 of the skill badges 11..15."""
    rows = [
        pathways.Row(id=1, parent_id=None, kind="all"),
        pathways.Row(id=2, parent_id=1, kind="badge", position=0, badge_class_id=1, label="Safety"),
        pathways.Row(id=3, parent_id=1, kind="n_of", position=1, n=3, label="Skills"),
    ] + [
        pathways.Row(
            id=10 + i, parent_id=3, kind="badge", position=i, badge_class_id=10 + i, label=f"S{i}"
        )
        for i in range(1, 6)
    ]
    return pathways.build_tree(reversed(rows))


def test_tree_is_built_in_position_order():
    root = cte_tree()
    assert root.kind == "all"
    assert [c.label for c in root.children] == ["Safety", "Skills"]
    assert [c.label for c in root.children[1].children] == ["S1", "S2", "S3", "S4", "S5"]
    assert pathways.problems(root) == []


def test_all_of_and_n_of_progress_counts_and_next_steps():
    root = cte_tree()
    nothing = pathways.evaluate(root, set())
    assert (nothing.met, nothing.done, nothing.needed) == (False, 0, 4)
    assert [n.label for n in nothing.next_steps()] == ["Safety", "S1", "S2"]

    some = pathways.evaluate(root, {1, 12, 14})
    assert (some.met, some.done, some.needed) == (False, 3, 4)
    assert [n.label for n in some.next_steps()] == ["S1", "S3", "S5"]

    skills_only = pathways.evaluate(root, {11, 12, 13, 14, 15})
    assert not skills_only.met  # 5 of 5 skills but no safety badge
    assert [n.label for n in skills_only.next_steps()] == ["Safety"]

    done = pathways.evaluate(root, {1, 11, 12, 13})
    assert (done.met, done.done, done.needed) == (True, 4, 4)
    assert done.next_steps() == []
    assert sorted(n.badge_class_id for n in done.met_leaves()) == [1, 11, 12, 13]


def test_empty_groups_are_never_met_and_block_activation():
    root = pathways.build_tree([pathways.Row(id=1, parent_id=None, kind="all", label="Core")])
    assert not pathways.evaluate(root, {1, 2}).met
    assert pathways.problems(root) == ["“Core” is empty: add badges or pathways to it."]
    assert pathways.problems(None) == ["The pathway has no requirements yet."]
    short = pathways.build_tree(
        [
            pathways.Row(id=1, parent_id=None, kind="n_of", n=3),
            pathways.Row(id=2, parent_id=1, kind="badge", badge_class_id=5),
        ]
    )
    assert "needs 3 but holds only 1" in pathways.problems(short)[0]


def test_nested_pathway_leaf_is_met_by_its_badge_and_shows_nested_progress():
    inner = pathways.build_tree(
        [
            pathways.Row(id=1, parent_id=None, kind="all"),
            pathways.Row(id=2, parent_id=1, kind="badge", badge_class_id=1, label="A"),
            pathways.Row(id=3, parent_id=1, kind="badge", badge_class_id=2, label="B"),
        ]
    )
    outer = pathways.build_tree(
        [
            pathways.Row(id=10, parent_id=None, kind="all"),
            pathways.Row(
                id=11, parent_id=10, kind="pathway", badge_class_id=99, nested_pathway_id=1
            ),
            pathways.Row(id=12, parent_id=10, kind="badge", badge_class_id=3, label="C"),
        ]
    )
    trees = {1: inner, 2: outer}
    progress = pathways.evaluate(outer, {1, 3}, trees)
    assert not progress.met
    assert (progress.children[0].nested.done, progress.children[0].nested.needed) == (1, 2)
    assert pathways.evaluate(outer, {99, 3}, trees).met
    assert pathways.touching(trees, {1}) == {1, 2}  # nested: started through the inner one
    assert pathways.touching(trees, {3}) == {2}
    assert pathways.touching(trees, {42}) == set()


def test_cycle_detection():
    graph = {1: {2}, 2: {3}, 3: set(), 4: set()}
    assert pathways.cycle_through(graph, 3, 1) == [3, 1, 2, 3]
    assert pathways.cycle_through(graph, 2, 1) == [2, 1, 2]
    assert pathways.cycle_through(graph, 1, 1) == [1, 1]
    assert pathways.cycle_through(graph, 1, 3) is None
    assert pathways.cycle_through(graph, 4, 1) is None


def test_evaluation_survives_a_cycle_in_the_data():
    a = pathways.build_tree(
        [
            pathways.Row(id=1, parent_id=None, kind="all"),
            pathways.Row(id=2, parent_id=1, kind="pathway", badge_class_id=20, nested_pathway_id=2),
        ]
    )
    b = pathways.build_tree(
        [
            pathways.Row(id=3, parent_id=None, kind="all"),
            pathways.Row(id=4, parent_id=3, kind="pathway", badge_class_id=10, nested_pathway_id=1),
        ]
    )
    assert not pathways.evaluate(a, set(), {1: a, 2: b}, frozenset({1})).met


# With the database ---------------------------------------------------------------------


def admin_of(organization):
    return MembershipFactory(organization=organization, role=Membership.Role.ADMIN).user


def build(issuer, name, leaves, *, n=None, status=Pathway.Status.ACTIVE, actor=None):
    """A pathway of `leaves` (badge classes or pathways): all of them, or n of them."""
    pathway = sp.pathway_create(
        actor=actor,
        badge_class=BadgeClassFactory(issuer=issuer, name=f"{name} badge"),
        slug=name.lower().replace(" ", "-"),
        name=name,
        root_kind=Kind.N_OF if n else Kind.ALL,
        root_n=n,
    )
    root = pathway.requirements.get(parent=None)
    for leaf in leaves:
        add_leaf(pathway, root, leaf)
    if status == Pathway.Status.ACTIVE:
        sp.pathway_activate(actor=None, pathway=pathway)
    pathway.refresh_from_db()
    return pathway


def add_leaf(pathway, parent, leaf, actor=None):
    if isinstance(leaf, Pathway):
        return sp.pathway_requirement_add(
            actor=actor, pathway=pathway, parent=parent, kind=Kind.PATHWAY, nested_pathway=leaf
        )
    return sp.pathway_requirement_add(
        actor=actor, pathway=pathway, parent=parent, kind=Kind.BADGE, badge_class=leaf
    )


@pytest.fixture
def cte(db):
    """“CTE Program Completer”: Welding Safety plus 3 of 5 skill badges."""
    issuer = IssuerFactory()
    safety = BadgeClassFactory(issuer=issuer, name="Welding Safety")
    skills = [BadgeClassFactory(issuer=issuer, name=f"Skill {i}") for i in range(1, 6)]
    pathway = sp.pathway_create(
        actor=None,
        badge_class=BadgeClassFactory(issuer=issuer, name="CTE Program Completer"),
        slug="cte-completer",
        name="CTE Program Completer",
    )
    root = pathway.requirements.get(parent=None)
    add_leaf(pathway, root, safety)
    group = sp.pathway_requirement_add(
        actor=None, pathway=pathway, parent=root, kind=Kind.N_OF, n=3, label="Skill badges"
    )
    for skill in skills:
        add_leaf(pathway, group, skill)
    sp.pathway_activate(actor=None, pathway=pathway)
    pathway.refresh_from_db()
    return {"issuer": issuer, "pathway": pathway, "safety": safety, "skills": skills}


def give(person, *badges):
    for badge in badges:
        sp.assertion_award(actor=None, badge_class=badge, recipient=person)


def pathway_assertions(pathway, person):
    return Assertion.objects.filter(badge_class=pathway.badge_class, recipient=person)


def test_n_of_completion_awards_the_pathway_badge_once_with_evidence(cte):
    student = UserFactory()
    give(student, cte["safety"], *cte["skills"][:2])
    assert not pathway_assertions(cte["pathway"], student).exists()

    give(student, cte["skills"][2])
    (awarded,) = pathway_assertions(cte["pathway"], student)
    held = {
        a.badge_class_id: a
        for a in Assertion.objects.filter(recipient=student).exclude(pk=awarded.pk)
    }
    assert awarded.evidence == [
        {"url": hosting.assertion_url(a), "narrative": "", "name": a.badge_class.name}
        for a in (held[cte["safety"].pk], *(held[s.pk] for s in cte["skills"][:3]))
    ]
    assert awarded.narrative == "Completed the pathway “CTE Program Completer”."
    entry = AuditEntry.objects.get(action="assertion.award", target_id=str(awarded.public_id))
    assert entry.actor is None
    assert entry.actor_label == "pathway completion"

    give(student, cte["skills"][3])  # a fourth skill changes nothing
    assert sp.pathway_check_and_award(earner=student) == []
    assert pathway_assertions(cte["pathway"], student).count() == 1


def test_all_of_needs_every_badge():
    issuer = IssuerFactory()
    a, b = BadgeClassFactory(issuer=issuer), BadgeClassFactory(issuer=issuer)
    pathway = build(issuer, "Both", [a, b])
    person = UserFactory()
    give(person, a)
    assert not pathway_assertions(pathway, person).exists()
    give(person, b)
    assert pathway_assertions(pathway, person).count() == 1


def test_nested_pathways_award_inner_then_outer_once():
    issuer = IssuerFactory()
    a, b, c = (BadgeClassFactory(issuer=issuer) for _ in range(3))
    inner = build(issuer, "Inner", [a, b])
    outer = build(issuer, "Outer", [inner, c])
    person = UserFactory()
    give(person, c, a)
    assert not Assertion.objects.filter(
        recipient=person, badge_class__in=[inner.badge_class, outer.badge_class]
    ).exists()

    awards = sp.pathway_check_and_award(earner=person)
    assert awards == []
    award = assertions.assertion_issue(actor=None, badge_class=b, recipient=person)
    awards = sp.pathway_check_and_award(earner=person)
    assert [x.assertion.badge_class_id for x in awards] == [
        inner.badge_class_id,
        outer.badge_class_id,
    ]
    assert all(x.created for x in awards)
    inner_assertion = pathway_assertions(inner, person).get()
    outer_assertion = pathway_assertions(outer, person).get()
    assert hosting.assertion_url(award.assertion) in [e["url"] for e in inner_assertion.evidence]
    assert hosting.assertion_url(inner_assertion) in [e["url"] for e in outer_assertion.evidence]

    assert sp.pathway_check_and_award(earner=person) == []
    give(person, b)
    assert pathway_assertions(inner, person).count() == 1
    assert pathway_assertions(outer, person).count() == 1


def test_expired_and_revoked_constituents_do_not_count():
    issuer = IssuerFactory()
    a, b = BadgeClassFactory(issuer=issuer), BadgeClassFactory(issuer=issuer)
    pathway = build(issuer, "Current only", [a, b])
    person = UserFactory()
    AssertionFactory(badge_class=a, recipient=person, expires_at=timezone.now() - timedelta(days=1))
    AssertionFactory(badge_class=b, recipient=person)
    assert sp.pathway_check_and_award(earner=person) == []
    assertions.assertion_issue(actor=None, badge_class=a, recipient=person)  # renews
    assert len(sp.pathway_check_and_award(earner=person)) == 1
    assert pathway_assertions(pathway, person).count() == 1


def test_draft_and_archived_pathways_award_nothing():
    issuer = IssuerFactory()
    a = BadgeClassFactory(issuer=issuer)
    draft = build(issuer, "Draft", [a], status=Pathway.Status.DRAFT)
    archived = build(issuer, "Old", [a])
    sp.pathway_archive(actor=None, pathway=archived)
    person = UserFactory()
    give(person, a)
    assert not Assertion.objects.filter(
        recipient=person, badge_class__in=[draft.badge_class, archived.badge_class]
    ).exists()


def test_activation_awards_those_who_already_complete_it():
    issuer = IssuerFactory()
    a, b = BadgeClassFactory(issuer=issuer), BadgeClassFactory(issuer=issuer)
    done, half = UserFactory(), UserFactory()
    give(done, a, b)
    give(half, a)
    pathway = build(issuer, "Late", [a, b])
    assert pathway_assertions(pathway, done).count() == 1
    assert not pathway_assertions(pathway, half).exists()


def test_a_pathway_badge_revoked_by_an_admin_is_not_reawarded_until_earned_again():
    issuer = IssuerFactory()
    a, b = BadgeClassFactory(issuer=issuer), BadgeClassFactory(issuer=issuer)
    pathway = build(issuer, "Again", [a, b])
    person = UserFactory()
    give(person, a, b)
    first = pathway_assertions(pathway, person).get()
    assertions.assertion_record_revocation(actor=None, assertion=first, reason="Awarded in error.")
    give(person, a)
    assert sp.pathway_check_and_award(earner=person) == []
    b_now = Assertion.objects.get(badge_class=b, recipient=person)
    assertions.assertion_record_revocation(
        actor=None, assertion=b_now, reason="Redo the assessment."
    )
    give(person, b)  # earned again after the revocation
    assert pathway_assertions(pathway, person).filter(revoked_at__isnull=True).count() == 1


def test_pathway_badge_is_not_awarded_to_a_deactivated_account(cte):
    person = UserFactory()
    give(person, cte["safety"], *cte["skills"][:3])
    other = UserFactory(is_active=False)
    for badge in (cte["safety"], *cte["skills"][:3]):
        AssertionFactory(badge_class=badge, recipient=other)
    assert sp.pathway_check_and_award(earner=other) == []


# Concurrency (PostgreSQL) -------------------------------------------------------------


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_last_constituents_award_the_pathway_exactly_once():
    issuer = IssuerFactory()
    badges = [BadgeClassFactory(issuer=issuer) for _ in range(4)]
    pathway = build(issuer, "Race", badges)
    person = UserFactory()
    give(person, badges[0], badges[1])
    barrier = threading.Barrier(4)
    errors = []

    def work(action):
        try:
            barrier.wait(timeout=10)
            action()
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            connections.close_all()

    actions = [
        lambda: give(person, badges[2]),
        lambda: give(person, badges[3]),
        lambda: sp.pathway_check_and_award(earner=person),
        lambda: sp.pathway_check_and_award(earner=person),
    ]
    threads = [threading.Thread(target=work, args=(a,)) for a in actions]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert pathway_assertions(pathway, person).count() == 1
    assert connection.vendor == "postgresql"


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_checks_award_once():
    issuer = IssuerFactory()
    badges = [BadgeClassFactory(issuer=issuer) for _ in range(2)]
    pathway = build(issuer, "Race two", badges)
    person = UserFactory()
    for badge in badges:
        assertions.assertion_issue(actor=None, badge_class=badge, recipient=person)
    barrier = threading.Barrier(4)
    results, errors = [], []

    def check():
        try:
            barrier.wait(timeout=10)
            results.extend(sp.pathway_check_and_award(earner=person))
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=check) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert pathway_assertions(pathway, person).count() == 1
    assert sum(r.created for r in results) == 1


# Revoked constituents -----------------------------------------------------------------


def completed(cte, *, skills=3):
    student = UserFactory(name="Maya Reyes")
    give(student, cte["safety"], *cte["skills"][:skills])
    return student


def test_revoked_constituent_raises_an_alert_and_does_not_revoke_the_pathway_badge(cte):
    student = completed(cte)
    skill = Assertion.objects.get(badge_class=cte["skills"][0], recipient=student)
    sp.assertion_revoke(actor=None, assertion=skill, reason="Plagiarised evidence.")
    pathway_badge = pathway_assertions(cte["pathway"], student).get()
    assert pathway_badge.revoked_at is None
    alert = PathwayAlert.objects.get()
    assert alert.is_open
    assert (alert.pathway, alert.earner, alert.revoked_assertion) == (
        cte["pathway"],
        student,
        skill,
    )
    assert alert.pathway_assertion == pathway_badge
    assert alert.still_complete is False
    assert AuditEntry.objects.filter(action="pathway.alert").count() == 1
    # Idempotent: asking again adds no second alert.
    sp.pathway_constituent_revoked(assertion=skill)
    assert PathwayAlert.objects.count() == 1


def test_alert_says_when_other_badges_still_complete_the_pathway(cte):
    student = completed(cte, skills=4)
    skill = Assertion.objects.get(badge_class=cte["skills"][0], recipient=student)
    sp.assertion_revoke(actor=None, assertion=skill, reason="Issued twice.")
    assert PathwayAlert.objects.get().still_complete is True


def test_revoking_a_badge_outside_any_held_pathway_raises_no_alert(cte):
    student = UserFactory()
    give(student, cte["safety"])
    sp.assertion_revoke(
        actor=None,
        assertion=Assertion.objects.get(recipient=student),
        reason="Issued in error.",
    )
    assert not PathwayAlert.objects.exists()


def test_admin_keeps_the_pathway_badge(cte, client):
    admin = admin_of(cte["issuer"].organization)
    student = completed(cte)
    skill = Assertion.objects.get(badge_class=cte["skills"][0], recipient=student)
    sp.assertion_revoke(actor=admin, assertion=skill, reason="Plagiarised evidence.")
    alert = PathwayAlert.objects.get()
    client.force_login(admin)
    page = client.get(reverse("pathways:alert-list")).content.decode()
    assert "Maya Reyes" in page
    assert "Plagiarised evidence." in page
    response = client.post(
        reverse("pathways:alert-resolve", kwargs={"public_id": alert.public_id}),
        {f"{alert.public_id}-resolution": "keep"},
    )
    assert response.status_code == 302
    alert.refresh_from_db()
    assert (alert.resolution, alert.resolved_by) == ("keep", admin)
    assert alert.resolved_at is not None
    assert pathway_assertions(cte["pathway"], student).get().revoked_at is None
    assert "No open alerts" in client.get(reverse("pathways:alert-list")).content.decode()


def test_admin_revokes_the_pathway_badge_with_a_reason(cte, client):
    admin = admin_of(cte["issuer"].organization)
    student = completed(cte)
    for skill in cte["skills"][:2]:
        sp.assertion_revoke(
            actor=admin,
            assertion=Assertion.objects.get(badge_class=skill, recipient=student),
            reason="Plagiarised evidence.",
        )
    first, second = PathwayAlert.objects.order_by("pk")
    client.force_login(admin)
    url = reverse("pathways:alert-resolve", kwargs={"public_id": first.public_id})
    missing_reason = client.post(url, {f"{first.public_id}-resolution": "revoke"})
    assert missing_reason.status_code == 400
    assert "Give a reason" in missing_reason.content.decode()
    response = client.post(
        url,
        {
            f"{first.public_id}-resolution": "revoke",
            f"{first.public_id}-reason": "Constituent badges were revoked.",
        },
    )
    assert response.status_code == 302
    pathway_badge = pathway_assertions(cte["pathway"], student).get()
    assert pathway_badge.revoked_at is not None
    assert pathway_badge.revocation_reason == "Constituent badges were revoked."
    assert pathway_badge.revoked_by == admin
    second.refresh_from_db()
    assert second.resolution == "revoke"  # the earner's other alert on it is closed too
    with pytest.raises(sp.PathwayError):
        sp.pathway_alert_resolve(actor=admin, alert=first, resolution="keep")


def test_revoking_an_inner_pathway_badge_alerts_the_outer_pathway():
    issuer = IssuerFactory()
    a, c = BadgeClassFactory(issuer=issuer), BadgeClassFactory(issuer=issuer)
    inner = build(issuer, "Inner", [a])
    outer = build(issuer, "Outer", [inner, c])
    person = UserFactory()
    give(person, a, c)
    assert pathway_assertions(outer, person).exists()
    sp.assertion_revoke(
        actor=None, assertion=pathway_assertions(inner, person).get(), reason="Audit."
    )
    assert PathwayAlert.objects.get().pathway == outer


def test_another_districts_admin_cannot_resolve(cte, client):
    student = completed(cte)
    sp.assertion_revoke(
        actor=None,
        assertion=Assertion.objects.get(badge_class=cte["skills"][0], recipient=student),
        reason="Audit.",
    )
    alert = PathwayAlert.objects.get()
    stranger = admin_of(DistrictFactory())
    with pytest.raises(PermissionDenied):
        sp.pathway_alert_resolve(actor=stranger, alert=alert, resolution="keep")
    client.force_login(stranger)
    assert "Maya Reyes" not in client.get(reverse("pathways:alert-list")).content.decode()
    response = client.post(
        reverse("pathways:alert-resolve", kwargs={"public_id": alert.public_id}),
        {f"{alert.public_id}-resolution": "keep"},
    )
    assert response.status_code == 404
    alert.refresh_from_db()
    assert alert.is_open


# Cycles -------------------------------------------------------------------------------


def test_cycles_are_refused():
    issuer = IssuerFactory()
    a = BadgeClassFactory(issuer=issuer)
    p1 = build(issuer, "One", [a], status=Pathway.Status.DRAFT)
    p2 = build(issuer, "Two", [p1], status=Pathway.Status.DRAFT)
    p3 = build(issuer, "Three", [p2], status=Pathway.Status.DRAFT)
    root1 = p1.requirements.get(parent=None)

    with pytest.raises(sp.PathwayCycleError, match="A pathway cannot contain itself"):
        add_leaf(p1, root1, p1)
    with pytest.raises(sp.PathwayCycleError, match="own badge"):
        add_leaf(p1, root1, p1.badge_class)
    with pytest.raises(sp.PathwayCycleError) as direct:
        add_leaf(p1, root1, p2)
    assert "“Two” already contains “One”" in str(direct.value)
    with pytest.raises(sp.PathwayCycleError) as deep:
        add_leaf(p1, root1, p3)
    assert "One → Three → Two → One" in str(deep.value)
    # A badge leaf that is another pathway's badge links the pathways too.
    with pytest.raises(sp.PathwayCycleError):
        add_leaf(p1, root1, p3.badge_class)
    assert p1.requirements.count() == 2  # the root and badge a: nothing was added


def test_requirements_change_only_while_draft():
    issuer = IssuerFactory()
    a, b = BadgeClassFactory(issuer=issuer), BadgeClassFactory(issuer=issuer)
    pathway = build(issuer, "Fixed", [a])
    with pytest.raises(sp.PathwayError, match="Only a draft"):
        add_leaf(pathway, pathway.requirements.get(parent=None), b)
    with pytest.raises(InvalidTransition, match="active cannot become active"):
        sp.pathway_activate(actor=None, pathway=pathway)


def test_activation_refuses_an_incomplete_pathway():
    issuer = IssuerFactory()
    draft_badge = BadgeClassFactory(issuer=issuer, status=BadgeClass.Status.DRAFT, name="Later")
    pathway = build(issuer, "Not yet", [], status=Pathway.Status.DRAFT)
    with pytest.raises(sp.PathwayError, match="is empty"):
        sp.pathway_activate(actor=None, pathway=pathway)
    add_leaf(pathway, pathway.requirements.get(parent=None), draft_badge)
    with pytest.raises(sp.PathwayError, match="“Later” is still a draft badge"):
        sp.pathway_activate(actor=None, pathway=pathway)
    pathway.refresh_from_db()
    assert pathway.status == Pathway.Status.DRAFT


# Progress page ------------------------------------------------------------------------


def test_progress_page_shows_done_of_needed_and_next(cte, client):
    student = UserFactory()
    give(student, cte["safety"], cte["skills"][1], cte["skills"][3])
    client.force_login(student)
    html = client.get(reverse("pathways:pathway-mine")).content.decode()
    assert "CTE Program Completer" in html
    assert "3 of 4" in html
    assert "next: Skill 1, Skill 3, Skill 5" in html


def test_progress_page_lists_only_started_pathways_and_completed_ones(cte, client):
    other = build(cte["issuer"], "Unrelated", [BadgeClassFactory(issuer=cte["issuer"])])
    student = completed(cte)
    client.force_login(student)
    html = client.get(reverse("pathways:pathway-mine")).content.decode()
    assert "CTE Program Completer" in html
    assert "Complete" in html
    assert other.name not in html
    client.force_login(UserFactory())
    assert "not started a pathway" in client.get(reverse("pathways:pathway-mine")).content.decode()


def test_progress_page_query_count_does_not_grow(cte, client, django_assert_max_num_queries):
    student = UserFactory()
    give(student, cte["safety"])
    client.force_login(student)
    # Session, user, my assertions, every active requirement row, the menu.
    with django_assert_max_num_queries(6) as few:
        client.get(reverse("pathways:pathway-mine"))
    # Many more badges and pathways, nested ones included.
    issuer = cte["issuer"]
    extra = [BadgeClassFactory(issuer=issuer) for _ in range(12)]
    inner = build(issuer, "Inner", extra[:4])
    build(issuer, "Outer", [inner, *extra[4:8]], n=3)
    build(issuer, "Wide", extra, n=6)
    give(student, cte["skills"][0], *extra[:3], extra[5], extra[9])
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(reverse("pathways:pathway-mine"))
    html = response.content.decode()
    for name in ("CTE Program Completer", "Inner", "Outer", "Wide"):
        assert name in html


def test_progress_page_needs_sign_in(client):
    response = client.get(reverse("pathways:pathway-mine"))
    assert response.status_code == 302


# The builder --------------------------------------------------------------------------


@pytest.fixture
def district_setup(db):
    district = DistrictFactory()
    issuer = IssuerFactory(organization=district)
    return {
        "district": district,
        "issuer": issuer,
        "admin": admin_of(district),
        "award": BadgeClassFactory(issuer=issuer, name="Educator Pathway Badge"),
        "a": BadgeClassFactory(issuer=issuer, name="Formative Assessment"),
        "b": BadgeClassFactory(issuer=issuer, name="Data-Driven Planning"),
    }


def test_admin_builds_and_activates_a_pathway_in_the_app(client, district_setup):
    s = district_setup
    client.force_login(s["admin"])
    response = client.post(
        reverse("pathways:pathway-create"),
        {
            "name": "Educator Foundations",
            "slug": "educator-foundations",
            "badge_class": str(s["award"].public_id),
            "root_kind": "all",
        },
    )
    assert response.status_code == 302
    pathway = Pathway.objects.get(slug="educator-foundations")
    assert pathway.issuer == s["issuer"]
    root = pathway.requirements.get(parent=None)
    add_url = reverse("pathways:requirement-add", kwargs={"public_id": pathway.public_id})
    response = client.post(
        add_url,
        {"parent": str(root.public_id), "kind": "n_of", "n": "1", "label": "Assessment"},
    )
    assert response.status_code == 302
    group = pathway.requirements.get(kind="n_of")
    for badge in (s["a"], s["b"]):
        response = client.post(
            add_url,
            {"parent": str(group.public_id), "kind": "badge", "badge_class": str(badge.public_id)},
        )
        assert response.status_code == 302
    bad = client.post(add_url, {"parent": str(group.public_id), "kind": "badge"})
    assert bad.status_code == 400
    assert "Choose the badge to add." in bad.content.decode()

    page = client.get(reverse("pathways:pathway-edit", kwargs={"public_id": pathway.public_id}))
    html = page.content.decode()
    assert page.status_code == 200
    assert 'class="pathway-outline"' in html
    assert "1 of 2: Assessment" in html
    assert html.index("1 of 2: Assessment") < html.index("Formative Assessment")
    assert "Review and activate" in html

    response = client.post(
        reverse("pathways:pathway-activate", kwargs={"public_id": pathway.public_id}),
        {"confirm": "yes"},
    )
    assert response.status_code == 302
    pathway.refresh_from_db()
    assert pathway.status == Pathway.Status.ACTIVE
    assert AuditEntry.objects.filter(action="pathway.status", data__to="active").exists()


def test_builder_refuses_a_cycle_with_a_message(client, district_setup):
    s = district_setup
    inner = build(s["issuer"], "Inner", [s["a"]], status=Pathway.Status.DRAFT, actor=s["admin"])
    outer = build(s["issuer"], "Outer", [inner], status=Pathway.Status.DRAFT, actor=s["admin"])
    client.force_login(s["admin"])
    response = client.post(
        reverse("pathways:requirement-add", kwargs={"public_id": inner.public_id}),
        {
            "parent": str(inner.requirements.get(parent=None).public_id),
            "kind": "pathway",
            "nested_pathway": str(outer.public_id),
        },
    )
    assert response.status_code == 400
    assert "a pathway would contain itself" in response.content.decode()


def test_another_districts_admin_gets_404_on_the_builder(client, district_setup):
    s = district_setup
    pathway = build(s["issuer"], "Mine", [s["a"]], status=Pathway.Status.DRAFT)
    stranger = admin_of(DistrictFactory())
    IssuerFactory(organization=stranger.memberships.get().organization)
    client.force_login(stranger)
    kwargs = {"public_id": pathway.public_id}
    assert client.get(reverse("pathways:pathway-edit", kwargs=kwargs)).status_code == 404
    root = pathway.requirements.get(parent=None)
    response = client.post(
        reverse("pathways:requirement-add", kwargs=kwargs),
        {"parent": str(root.public_id), "kind": "badge", "badge_class": str(s["b"].public_id)},
    )
    assert response.status_code == 404
    assert client.post(reverse("pathways:pathway-activate", kwargs=kwargs)).status_code == 404
    assert pathway.name not in client.get(reverse("pathways:pathway-list")).content.decode()
    with pytest.raises(PermissionDenied):
        add_leaf(pathway, root, s["b"], actor=stranger)


def test_teachers_get_404_on_the_builder(client, district_setup):
    teacher = MembershipFactory(organization=district_setup["district"]).user
    client.force_login(teacher)
    assert client.get(reverse("pathways:pathway-list")).status_code == 404
    assert client.get(reverse("pathways:pathway-create")).status_code == 404
    assert client.get(reverse("pathways:alert-list")).status_code == 404


def test_admin_sees_the_list_and_the_builder(client, district_setup):
    s = district_setup
    pathway = build(s["issuer"], "Listed", [s["a"]])
    client.force_login(s["admin"])
    html = client.get(reverse("pathways:pathway-list")).content.decode()
    assert "Listed" in html
    edit = client.get(reverse("pathways:pathway-edit", kwargs={"public_id": pathway.public_id}))
    assert edit.status_code == 200
    assert "Archive the pathway" in edit.content.decode()


def test_admin_site_lists_and_shows_the_new_models(client, cte):
    from badges.models import CreditAgreement, Endorsement

    student = completed(cte)
    sp.assertion_revoke(
        actor=None,
        assertion=Assertion.objects.get(badge_class=cte["skills"][0], recipient=student),
        reason="Audit.",
    )
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    for model in (Pathway, PathwayRequirement, PathwayAlert, CreditAgreement, Endorsement):
        opts = model._meta
        url = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
        assert client.get(url).status_code == 200, url
    change = reverse("admin:pathways_pathway_change", args=[cte["pathway"].pk])
    assert client.get(change).status_code == 200
    alert = reverse("admin:pathways_pathwayalert_change", args=[PathwayAlert.objects.get().pk])
    assert client.get(alert).status_code == 200
