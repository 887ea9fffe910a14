from allauth.idp.oidc.adapter import DefaultOIDCAdapter

from .models import Person


class TestIdPAdapter(DefaultOIDCAdapter):
    def get_claims(self, purpose, user, client, scopes, email=None, **kwargs):
        claims = {"sub": self.get_user_sub(client, user)}
        person = Person.objects.filter(user=user).first()
        if person is not None:
            claims.update(person.claims)
            if purpose == "userinfo" and "userinfo_sub" in person.knobs:
                claims["sub"] = person.knobs["userinfo_sub"]
        return claims

    def populate_id_token(self, id_token, client, scopes, **kwargs):
        person = Person.objects.filter(user_id=id_token.get("sub")).first()
        if person is None:
            return
        for knob in ("aud", "iss"):
            if knob in person.knobs:
                id_token[knob] = person.knobs[knob]
