"""Form fields every app shares: choosing prepared objects by their public id."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from django import forms


class ObjectChoiceField(forms.ChoiceField):
    """A <select> over objects the view prepared, by public id; cleans to the object.

    The view (or form) calls `set_objects` with already-loaded objects, so rendering
    the field makes no query.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.objects: dict[str, Any] = {}

    def set_objects(
        self, objects: Iterable[Any], *, label: Callable[[Any], str] = str, blank: Any = None
    ) -> None:
        self.objects = {str(o.public_id): o for o in objects}
        choices = [(key, label(o)) for key, o in self.objects.items()]
        self.choices = [("", blank), *choices] if blank is not None else choices

    def clean(self, value: Any) -> Any:
        value = super().clean(value)
        return self.objects.get(value) if value else None


class ObjectMultipleChoiceField(forms.MultipleChoiceField):
    """Several prepared objects, by public id; cleans to a list of objects. `choices`
    may be given (e.g. grouped by framework); otherwise they are made with `label`."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.objects: dict[str, Any] = {}

    def set_objects(
        self,
        objects: Iterable[Any],
        choices: list | None = None,
        *,
        label: Callable[[Any], str] = str,
    ) -> None:
        self.objects = {str(o.public_id): o for o in objects}
        self.choices = (
            choices if choices is not None else [(key, label(o)) for key, o in self.objects.items()]
        )

    def clean(self, value: Any) -> list[Any]:
        return [self.objects[key] for key in super().clean(value)]
