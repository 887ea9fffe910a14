"""Access policies: who may do what to which object, written once.

A policy (one per resource, in its app's `permissions.py`) lists, for each action,
the *rules* that let a user take it. A rule is a function of `who` returning a `Q`
over the policy's model: "objects this user relates to in this way". From those rules
alone the policy answers the three questions every page, API, admin and menu asks
(the manner of Wagtail's permission policies):

- `allows(user, action, obj)`: may this user do it to this object?
- `queryset(user, action)`: which objects may they do it to?
- `users(action, obj)`: who may do it to this object?

`who` stands for the user: one known user (`queryset`, `allows`), or, for `users`,
each row of the user table in turn. A rule refers to the user only through
`who.at(depth)`: at depth 0 on the policy's model itself (`Q(earner=who.at(0))`), at
depth 1 inside one subquery (`Exists(Section.objects.filter(teachers=who.at(1), ...))`),
and so on. That is what lets the same rule filter objects for a user and users for an
object.

Conditions on the user alone (an active account, a verified e-mail address) are the
policy's `actor_q(action)`, a `Q` over the user model, applied in all three answers.
Superusers may take the actions in `superuser_actions` on every object.

Each policy has a consistency test over the demo's roles and objects:
`allows(u, a, o) == queryset(u, a).filter(pk=o.pk).exists()` and
`u in users(a, o)` agree.

**Big tables** (`union_actions`): an OR of subqueries is one filter PostgreSQL
checks row by row over the whole table. A policy over a big table answers `queryset`
instead as `pk IN (branch UNION branch …)`, one branch per rule (and per arm of a rule
that is itself an OR: `branches`), so each is planned on its own from an index
(`earner_id = 7`, `badge_class_id IN (…)`). The rows are the same (the consistency tests
compare both forms, `queryset(..., union=False)`); `allows`, `users` and `reasons` keep
the one-`Q` form, which is cheap for one object.
"""

from __future__ import annotations

import functools
import operator
from collections.abc import Callable, Iterable, Mapping
from typing import Any, ClassVar, Generic, TypeVar

from django.contrib.auth import get_user_model
from django.db import connections, models
from django.db.models import BooleanField, Exists, ExpressionWrapper, OuterRef, Q, QuerySet
from django.db.models.expressions import RawSQL

M = TypeVar("M", bound=models.Model)

NOTHING = Q(pk__in=[])


class Who:
    """The user a rule is about: a known user, or the outer row of the user table."""

    __slots__ = ("offset", "user_id")

    def __init__(self, user_id: int | None, offset: int = 0) -> None:
        self.user_id = user_id
        self.offset = offset

    def below(self, levels: int = 1) -> Who:
        """The same user for a policy whose model sits `levels` subqueries below this
        one's (one policy's rules used inside another's: "reviews of submissions I see")."""
        return Who(self.user_id, self.offset + levels)

    @property
    def known(self) -> bool:
        return self.user_id is not None

    def at(self, depth: int = 0) -> Any:
        """The user's primary key as seen `depth` subqueries below the policy's model."""
        if self.user_id is not None:
            return self.user_id
        ref: Any = OuterRef("pk")
        for _ in range(depth + self.offset):
            ref = OuterRef(ref)
        return ref


def as_who(user: Any) -> Who:
    """A `Who` for a user object, a primary key, or a `Who` already."""
    if isinstance(user, Who):
        return user
    if isinstance(user, int):
        return Who(user)
    return Who(user.pk)


Rule = Callable[[Who], Q]


def any_of(rules: Iterable[Q]) -> Q:
    found = list(rules)
    return functools.reduce(operator.or_, found) if found else NOTHING


MAX_BRANCHES = 24


def _arms(child: Any) -> list[Q]:
    """The branches of one child of a `Q`: a lookup or an expression is one."""
    return branches(child) if isinstance(child, Q) else [Q(child)]


def branches(q: Q) -> list[Q]:
    """`q` as a list of `Q`s whose OR it is, with no OR left at the top: an OR is its
    arms, an AND distributes over the ORs among its parts ((a | b) & c is a & c, b & c).
    A negated `Q` is one branch. Past `MAX_BRANCHES`, what is left stays whole."""
    if not isinstance(q, Q) or q.negated or not q.children:
        return [q]
    if q.connector == Q.OR:
        out = [b for child in q.children for b in _arms(child)]
        return out if len(out) <= MAX_BRANCHES else [q]
    combos: list[Q] = [Q()]
    for child in q.children:
        arms = _arms(child)
        if len(combos) * len(arms) > MAX_BRANCHES:
            arms = [child if isinstance(child, Q) else Q(child)]
        combos = [c & arm for c in combos for arm in arms]
    return combos


class Policy(Generic[M]):
    """The rules for one resource. Subclasses set `model` and `rules`."""

    model: ClassVar[type[models.Model]]
    # action -> {reason: rule}. The reasons name why a user may act ("coach", "admin").
    rules: ClassVar[Mapping[str, Mapping[str, Rule]]] = {}
    superuser_actions: ClassVar[frozenset[str]] = frozenset()
    # The actions whose `queryset` is a UNION of one indexed query per branch (big
    # tables; see the module's docstring).
    union_actions: ClassVar[frozenset[str]] = frozenset()

    # What the rules are made of ------------------------------------------------------

    def actor_q(self, action: str) -> Q:
        """Who may take `action` at all, as a `Q` over users: active accounts."""
        return Q(is_active=True)

    def rules_for(self, action: str) -> Mapping[str, Rule]:
        try:
            return self.rules[action]
        except KeyError:
            raise ValueError(f"{type(self).__name__} has no action {action!r}.") from None

    def scope(self, who: Who, action: str) -> Q:
        """The objects the rules of `action` give `who`, as one `Q` on the model."""
        return any_of(rule(who) for rule in self.rules_for(action).values())

    def _actor_ok(self, user: Any, action: str) -> bool:
        if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
            return False
        q = self.actor_q(action)
        if q == Q(is_active=True):
            return True
        return get_user_model()._default_manager.filter(q, pk=user.pk).exists()

    def _is_superuser(self, user: Any, action: str) -> bool:
        return bool(user.is_superuser) and action in self.superuser_actions

    def prefers_union(self, user: Any, action: str) -> bool:
        """Does `queryset` answer as a UNION for `user` unless told? The `union_actions`;
        a policy may choose per user (see `SubmissionPolicy`)."""
        return action in self.union_actions

    # The three answers ---------------------------------------------------------------

    def queryset(self, user: Any, action: str, *, union: bool | None = None) -> QuerySet[M]:
        """The objects `user` may take `action` on. `union` (default: `prefers_union`)
        answers as `pk IN (branch UNION …)`, the same rows."""
        manager = self.model._default_manager
        if not self._actor_ok(user, action):
            return manager.none()
        if self._is_superuser(user, action):
            return manager.all()
        scope = self.scope(Who(user.pk), action)
        if not (self.prefers_union(user, action) if union is None else union):
            return manager.filter(scope)
        parts = [manager.filter(b).order_by().values("pk") for b in branches(scope) if b != NOTHING]
        if len(parts) <= 1:
            return manager.filter(scope)
        union_qs = parts[0].union(*parts[1:])
        if connections[manager.db].vendor != "postgresql":
            return manager.filter(pk__in=union_qs)
        # `pk = ANY(ARRAY(…))`: the UNION runs once (an InitPlan) and its keys are read
        # from the primary key's index. As `pk IN (…)` PostgreSQL guesses the UNION's
        # size from the branches' estimates (badge_class_id IN a subquery: a share of
        # the table) and hash-joins it against a scan of the whole table.
        sql, params = union_qs.query.sql_with_params()
        # The SQL is what Django compiled from the querysets above, with its params.
        return manager.filter(pk__in=RawSQL(f"SELECT unnest(ARRAY({sql}))", params))  # noqa: S611

    def allows(self, user: Any, action: str, obj: M) -> bool:
        """May `user` take `action` on `obj`?"""
        if obj is None or obj.pk is None:
            return False
        return self.queryset(user, action, union=False).filter(pk=obj.pk).exists()

    def users(self, action: str, obj: M) -> QuerySet[Any]:
        """Everyone who may take `action` on `obj`."""
        inner = self.model._default_manager.filter(pk=obj.pk).filter(self.scope(Who(None), action))
        granted = Q(Exists(inner))
        if action in self.superuser_actions:
            granted |= Q(is_superuser=True)
        return get_user_model()._default_manager.filter(self.actor_q(action)).filter(granted)

    def reasons(self, user: Any, action: str, obj: M) -> list[str]:
        """Why `user` may take `action` on `obj`: the names of the rules that let them,
        in the policy's order (one query). Empty: they may not."""
        if obj is None or obj.pk is None or not self._actor_ok(user, action):
            return []
        rules = self.rules_for(action)
        if self._is_superuser(user, action) and not rules:
            return ["superuser"]
        who = Who(user.pk)
        flags = {
            f"_may_{i}": ExpressionWrapper(rule(who), output_field=BooleanField())
            for i, rule in enumerate(rules.values())
        }
        row = self.model._default_manager.filter(pk=obj.pk).annotate(**flags).values(*flags).first()
        found = [name for i, name in enumerate(rules) if row and row[f"_may_{i}"]]
        if not found and self._is_superuser(user, action):
            return ["superuser"]
        return found

    def holders_q(self, action: str) -> Q:
        """Users (a `Q` over the user model) who may take `action` on at least one object:
        the same rules, read the other way. Menus put several of these in one query.
        For `union_actions`, one EXISTS per branch (each can use an index and stops at
        its first row) rather than one EXISTS of the OR, which scans the big table to its
        end for someone it grants nothing."""
        manager = self.model._default_manager
        scope = self.scope(Who(None), action)
        if action in self.union_actions:
            granted = any_of(Q(Exists(manager.filter(b))) for b in branches(scope) if b != NOTHING)
        else:
            granted = Q(Exists(manager.filter(scope)))
        if action in self.superuser_actions:
            granted |= Q(is_superuser=True)
        return self.actor_q(action) & granted

    def exists_for(self, user: Any, action: str) -> bool:
        """Is there any object `user` may take `action` on? (Menus ask this.)"""
        return self.queryset(user, action).exists()
