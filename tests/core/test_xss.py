"""User data shown through django-dsfr components is escaped, never run as HTML."""

import pytest
from django.template import Context, Template

PAYLOAD = '<script>alert("xss")</script>'
ESCAPED = "&lt;script&gt;alert(&quot;xss&quot;)&lt;/script&gt;"


@pytest.mark.parametrize(
    "snippet",
    [
        '{% dsfr_alert title=value content=value type="info" %}',
        "{% dsfr_notice title=value description=value %}",
        "{% dsfr_highlight content=value %}",
        '{% dsfr_table caption="t" header=header content=rows %}',
        "{% dsfr_callout title=value text=value %}",
        "{% dsfr_badge label=value %}",
    ],
)
def test_dsfr_components_escape_a_script_payload(snippet):
    html = Template("{% load dsfr_tags %}" + snippet).render(
        Context({"value": PAYLOAD, "header": [PAYLOAD], "rows": [[PAYLOAD]]})
    )
    assert "<script>alert" not in html
    assert ESCAPED in html


@pytest.mark.django_db
def test_a_user_name_with_a_script_is_escaped_in_the_page_header(client, django_user_model):
    user = django_user_model.objects.create_user(
        email="mallory@example.fr",
        password="un-mot-de-passe-solide",
        first_name=PAYLOAD,
        email_verified=True,
    )
    client.force_login(user)
    response = client.get("/tableau-de-bord/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "<script>alert" not in html
    assert ESCAPED in html
