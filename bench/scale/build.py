"""Build the statewide data set: the demo district through the real services, then bulk
rows with PostgreSQL COPY (psycopg 3) and INSERT … SELECT generate_series.

Counts at SCALE=1: 650k learners, 5M assertions (7% revoked), 500k submissions (5k
waiting for the measured teacher), 100k coaching sessions, 200k enrollments, 1k modules.
Runs inside Django (bench.settings) against an empty, migrated database.
"""

from __future__ import annotations

import hashlib
import io
import uuid
from collections.abc import Iterator
from dataclasses import dataclass

from django.core.management import call_command
from django.db import connection

from .sql import bulk_session, copy_rows, run, scalar, timed

FULL = {
    "learners": 650_000,
    "assertions": 5_000_000,
    "submissions": 500_000,
    "sessions": 100_000,
    "enrollments": 200_000,
    "modules": 1_000,
}
WAITING = 5_000  # submitted, in the measured teacher's queue (at SCALE=1)
REVOKED_SHARE = 0.07
DOMAIN = "learners.scale.test"
NOW = "2026-11-30 12:00:00+00"


@dataclass
class Core:
    """Rows the demo seeding made that the bulk rows hang on."""

    district_id: int
    school_ids: list[int]
    admin_id: int
    teacher_id: int
    section_id: int
    badge_ids: list[int]  # every badge class (awarded in bulk)
    policy_badge_ids: list[int]  # with an approval policy (submitted in bulk)
    teacher_badge_ids: list[int]  # section-teacher review (the measured queue)
    coach_pairs: list[tuple[int, int, int]]  # (coach, teacher, school)
    module_ids: list[int]


def counts(scale: float) -> dict[str, int]:
    out = {k: max(1, int(v * scale)) for k, v in FULL.items()}
    out["waiting"] = max(50, int(WAITING * scale))
    return out


def seed_core() -> Core:
    """The demo district (real services: badges, policies, rubrics, reviewers, a coach,
    pathways, modules with steps), with two-factor sign-in not required (so the bench
    signs its admin in with a session; said in the README)."""
    from django.test.utils import override_settings

    from accounts.models import DistrictSettings, Membership, Organization, Section, User
    from badges.models import BadgeClass
    from coaching.models import CoachingAssignment
    from courses.models import Module

    quiet = "django.core.mail.backends.dummy.EmailBackend"
    with override_settings(EMAIL_BACKEND=quiet):
        call_command("seed_demo", allow_production=True, verbosity=0, stdout=io.StringIO())
    DistrictSettings.objects.update(require_mfa=False)
    district = Organization.objects.get(slug="snake-river-sd")
    teacher = User.objects.get(email="teacher@demo.cairn.test")
    section = Section.objects.filter(teachers=teacher, name__startswith="Welding").first()
    badges = list(BadgeClass.objects.order_by("pk"))
    policy = [b.pk for b in badges if hasattr(b, "approval_policy")]
    teacher_badges = [
        b.pk
        for b in badges
        if hasattr(b, "approval_policy") and b.approval_policy.allow_section_teacher
    ]
    if not Membership.objects.filter(user=teacher, role="teacher").exists():
        raise RuntimeError("the demo teacher has no teacher membership")
    return Core(
        district_id=district.pk,
        school_ids=list(
            Organization.objects.filter(kind="school", parent=district)
            .order_by("pk")
            .values_list("pk", flat=True)
        ),
        admin_id=User.objects.get(email="admin@demo.cairn.test").pk,
        teacher_id=teacher.pk,
        section_id=section.pk,
        badge_ids=[b.pk for b in badges],
        policy_badge_ids=policy,
        teacher_badge_ids=teacher_badges,
        coach_pairs=list(
            CoachingAssignment.objects.filter(ends_on__isnull=True).values_list(
                "coach_id", "teacher_id", "school_id"
            )
        ),
        module_ids=list(Module.objects.values_list("pk", flat=True)),
    )


# --- bulk rows ---------------------------------------------------------------------------


def _learners(n: int, first_id: int) -> Iterator[str]:
    # An unusable password ("!…", as set_unusable_password writes): they sign in by SSO.
    for i in range(n):
        minor = "t" if i % 10 else "f"  # 90% students under 18: private by default
        yield (
            f"{first_id + i}\t!scale\t\\N\tf\t{uuid.uuid4()}\tl{i}@{DOMAIN}\t"
            f"Learner {i}\t{minor}\tf\tf\tt\t{NOW}\n"
        )


def _assertions(n: int, core: Core, users: list[int], first_id: int) -> Iterator[str]:
    """Assertion i: user i mod U, badge i div U, so no (badge, recipient) repeats."""
    u = len(users)
    badges = core.badge_ids
    revoke_every = round(1 / REVOKED_SHARE)
    for i in range(n):
        user = users[i % u]
        badge = badges[(i // u) % len(badges)]
        email = f"l{user - users[0]}@{DOMAIN}"
        salt = uuid.uuid4().hex
        digest = hashlib.sha256((email + salt).encode()).hexdigest()
        day = 1 + i % 28
        if i % revoke_every == 3:
            revoked = f"2026-11-{day:02d} 09:00:00+00\tIssued in error.\t{core.admin_id}"
        else:
            revoked = "\\N\t\t\\N"
        yield (
            f"{first_id + i}\t{uuid.uuid4()}\t{badge}\t{user}\t{email}\t{salt}\tsha256${digest}\t"
            f"2026-{1 + i % 10:02d}-{day:02d} 10:00:00+00\t{core.admin_id}\t\t[]\t\\N\tf\t"
            f"{revoked}\t\\N\t\\N\t{NOW}\n"
        )


ASSERTION_COLUMNS = [
    "id",
    "public_id",
    "badge_class_id",
    "recipient_id",
    "recipient_email",
    "salt",
    "recipient_hash",
    "issued_on",
    "awarded_by_id",
    "narrative",
    "evidence",
    "expires_at",
    "is_public",
    "revoked_at",
    "revocation_reason",
    "revoked_by_id",
    "superseded_at",
    "claimed_at",
    "created_at",
]


def build(scale: float) -> list[tuple[str, int, float]]:
    n = counts(scale)
    report: list[tuple[str, int, float]] = []
    print(f"building at SCALE={scale}: {n}", flush=True)
    core_holder: list[Core] = []
    timed("core (seed_demo)", report, lambda: core_holder.append(seed_core()) or 1)
    core = core_holder[0]

    with bulk_session(report):
        first_user = scalar("SELECT max(id) + 1 FROM accounts_user")
        timed(
            "accounts_user",
            report,
            lambda: copy_rows(
                "accounts_user",
                [
                    "id",
                    "password",
                    "last_login",
                    "is_superuser",
                    "public_id",
                    "email",
                    "name",
                    "is_minor",
                    "profile_public",
                    "is_staff",
                    "is_active",
                    "date_joined",
                ],
                _learners(n["learners"], first_user),
            ),
        )
        users = list(range(first_user, first_user + n["learners"]))
        schools = core.school_ids
        timed(
            "accounts_membership",
            report,
            lambda: run(
                "INSERT INTO accounts_membership (user_id, organization_id, role, created_at) "
                "SELECT u, (%s::bigint[])[1 + (u %% %s)], 'student', %s "
                "FROM generate_series(%s::bigint, %s::bigint) u",
                [schools, len(schools), NOW, users[0], users[-1]],
            ),
        )
        waiting_students = max(10, n["waiting"] // len(core.teacher_badge_ids))
        timed(
            "accounts_section_students",
            report,
            lambda: run(
                "INSERT INTO accounts_section_students (section_id, user_id) "
                "SELECT %s, u FROM generate_series(%s::bigint, %s::bigint) u",
                [core.section_id, users[0], users[0] + waiting_students - 1],
            ),
        )

        first_assertion = scalar("SELECT coalesce(max(id), 0) + 1 FROM badges_assertion")
        timed(
            "badges_assertion",
            report,
            lambda: copy_rows(
                "badges_assertion",
                ASSERTION_COLUMNS,
                _assertions(n["assertions"], core, users, first_assertion),
            ),
        )
        timed(
            "badges_statuslistentry",
            report,
            lambda: run(
                "WITH last AS (SELECT issuer_id, max(index) AS m FROM badges_statuslistentry"
                "  GROUP BY issuer_id) "
                "INSERT INTO badges_statuslistentry (assertion_id, issuer_id, index, created_at) "
                "SELECT a.id, b.issuer_id, coalesce(last.m, -1)"
                "  + row_number() OVER (PARTITION BY b.issuer_id ORDER BY a.id), %s "
                "FROM badges_assertion a JOIN badges_badgeclass b ON b.id = a.badge_class_id "
                "LEFT JOIN last ON last.issuer_id = b.issuer_id "
                "WHERE a.id >= %s",
                [NOW, first_assertion],
            ),
        )
        timed("submissions (+versions, reviews)", report, lambda: _submissions(core, n, users))
        timed("courses_module (+steps)", report, lambda: _modules(core, n["modules"]))
        timed("courses_enrollment", report, lambda: _enrollments(n["enrollments"], users))
        timed("coaching_coachingsession", report, lambda: _sessions(core, n["sessions"]))
    timed("rebuild_search_vectors", report, lambda: call_command("rebuild_search_vectors") or 1)
    timed(
        "rebuild_revocation_documents",
        report,
        lambda: call_command("rebuild_revocation_documents") or 1,
    )
    timed("VACUUM ANALYZE", report, _vacuum)
    timed(
        "refresh_dashboards",
        report,
        lambda: call_command("refresh_dashboards", stdout=io.StringIO()) or 1,
    )
    return report


def _vacuum() -> int:
    with connection.cursor() as cur:
        cur.execute("VACUUM ANALYZE")
    return 1


def _submissions(core: Core, n: dict[str, int], users: list[int]) -> int:
    """The teacher's queue (submitted, section students × the section-teacher badges),
    then one submission per other learner over every policy badge, in realistic
    statuses; one version each; a review for each decided one."""
    waiting_students = max(10, n["waiting"] // len(core.teacher_badge_ids))
    tb = core.teacher_badge_ids
    made = run(
        "INSERT INTO evidence_submission (public_id, earner_id, badge_class_id, status, version,"
        " submitted_by_id, evidence_public, created_at, updated_at, submitted_at) "
        "SELECT gen_random_uuid(), u, b, 'submitted', 1, u, false,"
        " timestamptz '2026-11-01' + (u %% 600) * interval '1 hour',"
        " timestamptz '2026-11-01' + (u %% 600) * interval '1 hour',"
        " timestamptz '2026-11-01' + (u %% 600) * interval '1 hour' "
        "FROM generate_series(%s::bigint, %s::bigint) u, unnest(%s::bigint[]) b",
        [users[0], users[0] + waiting_students - 1, tb],
    )
    rest = max(0, n["submissions"] - made)
    pb = core.policy_badge_ids
    # Statuses by j mod 20: 12 approved, 2 declined, 1 changes requested, 1 withdrawn,
    # 2 draft, 2 in review by someone else's route (submitted, coach/admin badges).
    made += run(
        "INSERT INTO evidence_submission (public_id, earner_id, badge_class_id, status, version,"
        " submitted_by_id, evidence_public, created_at, updated_at, submitted_at, decided_at) "
        "SELECT gen_random_uuid(), u, b, st, 1, u, false, t, t + interval '2 days',"
        " CASE WHEN st = 'draft' THEN NULL ELSE t END,"
        " CASE WHEN st IN ('approved', 'declined') THEN t + interval '2 days' END "
        "FROM (SELECT %s::bigint + (j %% %s) AS u,"
        "   (%s::bigint[])[1 + (j / %s) %% %s] AS b,"
        "   CASE WHEN j %% 20 < 12 THEN 'approved' WHEN j %% 20 < 14 THEN 'declined'"
        "        WHEN j %% 20 = 14 THEN 'changes_requested' WHEN j %% 20 = 15 THEN 'withdrawn'"
        "        WHEN j %% 20 < 18 THEN 'draft' ELSE 'submitted' END AS st,"
        "   timestamptz '2025-09-01' + (j %% 400) * interval '1 day'"
        "     + (j %% 1440) * interval '1 minute' AS t"
        "  FROM generate_series(0, %s - 1) j) s "
        # open ones of the section-teacher badges would join the measured queue
        "WHERE NOT (st IN ('submitted', 'draft', 'changes_requested') AND b = ANY(%s::bigint[])"
        "           AND u < %s::bigint + %s)",
        [
            users[0] + waiting_students,
            len(users) - waiting_students,
            pb,
            len(users) - waiting_students,
            len(pb),
            rest,
            tb,
            users[0],
            waiting_students,
        ],
    )
    run(
        "INSERT INTO evidence_submissionversion (submission_id, number, created_at, submitted_at)"
        " SELECT id, 1, created_at, submitted_at FROM evidence_submission"
        " WHERE earner_id >= %s",
        [users[0]],
    )
    run(
        "INSERT INTO evidence_review (public_id, submission_id, version_id, reviewer_id,"
        " acting_as, decision, scores, feedback, created_at) "
        "SELECT gen_random_uuid(), s.id, v.id, %s, 'admin',"
        " CASE s.status WHEN 'approved' THEN 'approve' WHEN 'declined' THEN 'decline'"
        " ELSE 'changes' END, '{}'::jsonb, 'Reviewed.', s.updated_at "
        "FROM evidence_submission s JOIN evidence_submissionversion v ON v.submission_id = s.id "
        "WHERE s.earner_id >= %s AND s.status IN ('approved', 'declined', 'changes_requested')",
        [core.admin_id, users[0]],
    )
    return made


def _modules(core: Core, total: int) -> int:
    add = max(0, total - len(core.module_ids))
    subjects = ["welding", "literacy", "mathematics", "science", "technology", "safety"]
    words = [
        "assessment",
        "feedback",
        "inquiry",
        "discourse",
        "scaffolding",
        "routines",
        "modeling",
    ]
    rows = []
    for i in range(add):
        s = subjects[i % len(subjects)]
        w = words[i % len(words)]
        title = f"{w.title()} in {s} {i}"
        summary = f"Short module on {w} for {s} teachers, part {i}."
        rows.append(
            f"{uuid.uuid4()}\t{uuid.uuid4()}\t1\tscale-{i}\t{title}\t{summary}\t{10 + i % 50}\t"
            f'micro\t[]\t["{s}"]\t\t{s}\t{title} {summary}\tpublished\t{NOW}\t{NOW}\t'
            f"{core.admin_id}\t{core.district_id}\n"
        )
    copy_rows(
        "courses_module",
        [
            "public_id",
            "family",
            "version",
            "slug",
            "title",
            "summary",
            "minutes",
            "format",
            "grade_bands",
            "subjects",
            "grade_bands_key",
            "subjects_key",
            "search_text",
            "status",
            "created_at",
            "published_at",
            "author_id",
            "organization_id",
        ],
        iter(rows),
    )
    run(
        "INSERT INTO courses_step (public_id, position, kind, title, body, video_url,"
        " transcript, prompt, pass_mark, module_id) "
        "SELECT gen_random_uuid(), p, 'read', 'Step ' || p, 'Read about ' || m.title || '.',"
        " '', '', '', 80, m.id "
        "FROM courses_module m, generate_series(1, 3) p WHERE m.slug LIKE 'scale-%%'"
    )
    return add


def _enrollments(total: int, users: list[int]) -> int:
    return run(
        "WITH m AS (SELECT id, family, row_number() OVER (ORDER BY id) - 1 AS k,"
        "  count(*) OVER () AS n FROM courses_module WHERE status = 'published') "
        "INSERT INTO courses_enrollment (public_id, learner_id, module_id, family, started_at,"
        " last_active_at, completed_at) "
        "SELECT gen_random_uuid(), %s::bigint + j, m.id, m.family,"
        " timestamptz '2026-01-05' + (j %% 300) * interval '1 day',"
        " timestamptz '2026-01-05' + (j %% 300) * interval '1 day' + interval '3 hours',"
        " CASE WHEN j %% 3 = 0 THEN timestamptz '2026-01-06' + (j %% 300) * interval '1 day' END "
        "FROM generate_series(0, %s - 1) j JOIN m ON m.k = j %% m.n",
        [users[0], min(total, len(users))],
    )


def _sessions(core: Core, total: int) -> int:
    pairs = core.coach_pairs
    kinds = ["observation", "co-planning", "modeling", "debrief", "feedback"]
    return run(
        "INSERT INTO coaching_coachingsession (public_id, coach_id, teacher_id, school_id,"
        " held_on, minutes, kind, shared_notes, private_notes, next_steps, created_at) "
        "SELECT gen_random_uuid(), (%s::bigint[])[1 + j %% %s], (%s::bigint[])[1 + j %% %s],"
        " (%s::bigint[])[1 + j %% %s], date '2026-11-30' - (j / %s %% 700)::int,"
        " 15 + j %% 60, (%s::text[])[1 + j %% 5], 'Shared notes.', '', 'Next steps.', %s "
        "FROM generate_series(0, %s - 1) j",
        [
            [p[0] for p in pairs],
            len(pairs),
            [p[1] for p in pairs],
            len(pairs),
            [p[2] for p in pairs],
            len(pairs),
            len(pairs),
            kinds,
            NOW,
            total,
        ],
    )
