"""Who must use two-factor authentication, and whether this session has.

**Required** (`mfa_reasons`, `mfa_required`): in a district whose settings require it
(`DistrictSettings.require_mfa`),

- its admins (an admin membership of the district or of one of its schools);
- everyone who may review or see its minors' evidence: teachers of a section at one of
  its schools with a minor in it, coaches whose current caseload includes one of its
  minors, mentors and supervisors of one of its minors' current placements, and anyone
  else the evidence app's view rules let see a minor's submission (reviewer groups,
  issuer admins, whoever reviewed it), the earner themselves excepted;
- Cairn's operators (superusers) whenever any district requires it: their reach
  includes every district's minors' evidence and the Django admin.

"Its minors" are minors with a membership in the district or one of its schools, or
enrolled in a section at one of its schools.

The answer costs two queries (the districts that require it; then one query with a
flag per reason) and is worked out at each sign-in and kept in the session
(`receivers`), so a change takes effect at the person's next sign-in.

**Passed** (`session_passed_mfa`): this session signed in or re-authenticated with a
Cairn second factor (allauth records the method "mfa"), enrolled one in this very
session as their first one (a code or a key was checked to do so), or signed in through
a district identity provider that reported a multi-factor sign-in where the district
trusts it (`accounts.sso.SESSION_IDP_MFA`). That flag is bound to the sign-in that set
it (`bind_idp_mfa`, at allauth's `pre_login`): it counts only for that user and while
that single sign-on is the last one allauth recorded in the session (`idp_mfa_counts`).
"""

from __future__ import annotations

from typing import Any

from allauth.account.authentication import get_authentication_records
from allauth.mfa.models import Authenticator
from django.db.models import BooleanField, Exists, ExpressionWrapper, OuterRef, Q, QuerySet
from django.http import HttpRequest

from accounts.models import DistrictSettings, Membership, Organization, Placement, Section, User
from accounts.scopes import current_placements
from accounts.sso import SESSION_IDP_MFA
from coaching.permissions import on_caseload_q
from core.policies import Who, any_of
from evidence.models import Submission
from evidence.permissions import submissions

# Session keys: whether the signed-in person must use a second factor (worked out at
# sign-in), and whether they enrolled one in this session.
SESSION_REQUIRED = "cairn_mfa_required"
SESSION_ENROLLED = "cairn_mfa_enrolled"
# The sign-in SESSION_IDP_MFA belongs to: {"user": the user's pk as text, "record":
# allauth's authentication record of that single sign-on}.
SESSION_IDP_MFA_SIGN_IN = "cairn_mfa_idp_sign_in"
# The authenticators that are a second factor (recovery codes only back them up).
SECOND_FACTORS = (Authenticator.Type.TOTP, Authenticator.Type.WEBAUTHN)

SCHOOL = Organization.Kind.SCHOOL


def districts_requiring_mfa() -> list[int]:
    """The primary keys of the districts whose settings require two-factor sign-in."""
    return list(
        DistrictSettings.objects.filter(require_mfa=True).values_list("district_id", flat=True)
    )


def _in_districts(path: str, ids: list[int]) -> Q:
    """Rows whose organization at `path` is one of the districts `ids` or their schools."""
    return Q(**{f"{path}_id__in": ids}) | Q(
        **{f"{path}__kind": SCHOOL, f"{path}__parent_id__in": ids}
    )


def minors_of(ids: list[int]) -> QuerySet[User]:
    """Minors with a membership in, or a section at a school of, the districts `ids`."""
    member = Membership.objects.filter(_in_districts("organization", ids), user=OuterRef("pk"))
    enrolled = Section.students.through.objects.filter(
        _in_districts("section__school", ids), user_id=OuterRef("pk")
    )
    return User.objects.filter(Q(Exists(member)) | Q(Exists(enrolled)), is_minor=True)


def _reason_rules(user_id: int, ids: list[int]) -> dict[str, Q]:
    minors = minors_of(ids)
    who = Who(user_id)
    sees_evidence = any_of(
        rule(who) for name, rule in submissions.rules_for("view").items() if name != "earner"
    )
    return {
        "admin": Q(
            Exists(
                Membership.objects.filter(
                    _in_districts("organization", ids),
                    user_id=user_id,
                    role=Membership.Role.ADMIN,
                )
            )
        ),
        "teacher": Q(
            Exists(
                Section.objects.filter(
                    _in_districts("school", ids),
                    teachers=user_id,
                    students__is_minor=True,
                )
            )
        ),
        "coach": Q(Exists(minors.filter(on_caseload_q(user_id, "pk")))),
        "placement": Q(
            Exists(
                Placement.objects.filter(
                    current_placements(),
                    Q(mentor_id=user_id) | Q(supervisor_id=user_id),
                    student__in=minors,
                )
            )
        ),
        "evidence": Q(
            Exists(
                Submission.objects.filter(sees_evidence, earner__in=minors).exclude(
                    earner_id=user_id
                )
            )
        ),
    }


def mfa_reasons(user: Any) -> list[str]:
    """Why `user` must use two-factor authentication ("operator", "admin", "teacher",
    "coach", "placement", "evidence"); empty: they need not. Two queries at most."""
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return []
    ids = districts_requiring_mfa()
    if not ids:
        return []
    found = ["operator"] if user.is_superuser else []
    rules = _reason_rules(user.pk, ids)
    flags = {
        f"_mfa_{name}": ExpressionWrapper(rule, output_field=BooleanField())
        for name, rule in rules.items()
    }
    row = User.objects.filter(pk=user.pk).annotate(**flags).values(*flags).first() or {}
    found += [name for name in rules if row.get(f"_mfa_{name}")]
    return found


def mfa_required(user: Any) -> bool:
    """Must `user` use two-factor authentication? (See the module docstring.)"""
    return bool(mfa_reasons(user))


def second_factors(user: Any) -> set[str]:
    """The kinds of second factor `user` has enrolled ("totp", "webauthn"); one query."""
    return set(
        Authenticator.objects.filter(user_id=user.pk, type__in=SECOND_FACTORS).values_list(
            "type", flat=True
        )
    )


def _binding(user: Any, record: dict) -> dict:
    return {"user": str(user.pk), "record": dict(record)}


def bind_idp_mfa(request: HttpRequest, user: Any) -> None:
    """At a sign-in (allauth's `pre_login`, after the single sign-on has set or cleared
    SESSION_IDP_MFA): bind a set flag to this sign-in, the single sign-on allauth has
    just recorded for `user`; with no flag, or no such record, no binding."""
    records = get_authentication_records(request, user)
    if request.session.get(SESSION_IDP_MFA) and records[-1:]:
        last = records[-1]
        if last.get("method") == "socialaccount":
            request.session[SESSION_IDP_MFA_SIGN_IN] = _binding(user, last)
            return
    request.session.pop(SESSION_IDP_MFA_SIGN_IN, None)


def idp_mfa_counts(request: HttpRequest, user: Any, *, last_step: bool = False) -> bool:
    """Does the trusted provider's multi-factor sign-in count for `user` in this session?
    Only when the flag is set and bound to `user` and to the last single sign-on allauth
    recorded in this session (`last_step`: the very last step recorded, the sign-in
    under way). A flag left from another person or an older sign-in counts for nothing."""
    if user is None or user.pk is None or not request.session.get(SESSION_IDP_MFA):
        return False
    records = get_authentication_records(request, user)
    sso = [record for record in records if record.get("method") == "socialaccount"]
    if not sso or (last_step and records[-1] is not sso[-1]):
        return False
    return request.session.get(SESSION_IDP_MFA_SIGN_IN) == _binding(user, sso[-1])


def session_passed_mfa(request: HttpRequest) -> bool:
    """Did this session pass a second factor? (See the module docstring.)"""
    records = get_authentication_records(request, request.user)
    if any(record.get("method") == "mfa" for record in records):
        return True
    if request.session.get(SESSION_ENROLLED):
        return True
    return idp_mfa_counts(request, request.user)


def required_in_session(request: HttpRequest) -> bool:
    """Must the signed-in person use a second factor? Worked out at sign-in and kept in
    the session; worked out here for a session signed in before this was kept."""
    required = request.session.get(SESSION_REQUIRED)
    if required is None:
        required = request.session[SESSION_REQUIRED] = mfa_required(request.user)
    return bool(required)
