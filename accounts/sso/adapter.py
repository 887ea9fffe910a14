"""django-allauth's social account adapter for Cairn (skeleton; built in issue 11)."""

from allauth.socialaccount.adapter import DefaultSocialAccountAdapter


class SocialAccountAdapter(DefaultSocialAccountAdapter):
    pass
