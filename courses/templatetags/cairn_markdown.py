from django import template
from django.utils.safestring import SafeString, mark_safe

from courses.markdown import render

register = template.Library()


@register.filter(name="markdown")
def markdown_filter(text: str) -> SafeString:
    """{{ step.body|markdown }}: sanitized HTML (see courses.markdown)."""
    return mark_safe(render(text))  # noqa: S308 - nh3 has sanitized it
