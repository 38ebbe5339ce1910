import re
from urllib.parse import urlencode

import pytest
from django.contrib.auth.models import Permission, User
from django.urls import reverse

from indicators.commentary import commentary_history, commentary_save
from indicators.models import Commentary

from .conftest import FEBRUARY, rows_of, team_key, text

pytestmark = pytest.mark.django_db


def commentary_url(world, scope="authority", month="2025-02") -> str:
    return reverse("indicators:commentary", args=[world.visits.pk]) + f"?scope={scope}&month={month}"


def test_a_team_manager_comments_on_their_teams_figure(world, client_for):
    scope = team_key(world.cast.team_a)

    manager = client_for(world.cast.manager_a)

    response = manager.post(commentary_url(world, scope), {"text": "  Two visits were late.  "})

    commentary = Commentary.objects.get()
    assert (commentary.indicator, commentary.month, commentary.scope_key) == (world.visits, FEBRUARY, scope)
    assert (commentary.text, commentary.author) == ("Two visits were late.", world.cast.manager_a)
    assert response.status_code == 302
    page = manager.get(response["Location"])
    assert "Comment on CP 13 for February 2025 saved" in text(page)
    assert "Two visits were late. Mo Ahmed" in text(page)


def test_editing_keeps_every_earlier_version_with_its_author(world, client_for):
    scope = team_key(world.cast.team_a)
    client_for(world.cast.manager_a).post(commentary_url(world, scope), {"text": "First thoughts."})
    client_for(world.cast.senior).post(commentary_url(world, scope), {"text": "Checked with the team: agreed."})
    client_for(world.cast.manager_a).post(commentary_url(world, scope), {"text": "Visits now booked."})

    response = client_for(world.cast.manager_a).get(commentary_url(world, scope))

    commentary = Commentary.objects.get()
    assert (commentary.text, commentary.author) == ("Visits now booked.", world.cast.manager_a)
    history = [(version.text, version.by, version.is_current) for version in commentary_history(commentary)]
    assert history == [
        ("Visits now booked.", "Mo Ahmed", True),
        ("Checked with the team: agreed.", "senior", False),
        ("First thoughts.", "Mo Ahmed", False),
    ]
    page = text(response)
    assert page.index("Mo Ahmed") < page.index("Visits now booked.") < page.index("senior")
    assert "First thoughts." in page and "(current)" in page


def test_saving_the_same_text_makes_no_new_version(world):
    commentary = commentary_save(
        indicator=world.visits, month=FEBRUARY, scope_key="authority", text="Same.", by=world.cast.senior
    )
    commentary_save(indicator=world.visits, month=FEBRUARY, scope_key="authority", text="Same.", by=world.cast.senior)

    assert len(commentary_history(commentary)) == 1


def test_an_empty_comment_is_refused_and_nothing_is_saved(world, client_for):
    response = client_for(world.cast.senior).post(commentary_url(world), {"text": "   "})

    assert response.status_code == 200
    assert "Enter a comment" in text(response)
    assert not Commentary.objects.exists()


def test_the_comment_appears_on_the_scorecard_for_its_scope_only(world, client_for):
    client_for(world.cast.senior).post(commentary_url(world, team_key(world.cast.team_a)), {"text": "Team A note."})
    scorecard = reverse("indicators:scorecard", args=[world.scorecard.slug])
    senior = client_for(world.cast.senior)

    team = senior.get(scorecard + f"?scope={team_key(world.cast.team_a)}")
    authority = senior.get(scorecard)

    assert rows_of(team, "scorecard")[4].startswith("Comment on CP 13 Team A note. senior,")
    assert "Team A note." not in text(authority)


def test_a_team_manager_reads_but_cannot_write_the_authority_comment(world, client_for):
    commentary_save(
        indicator=world.visits, month=FEBRUARY, scope_key="authority", text="Authority.", by=world.cast.senior
    )

    page = client_for(world.cast.manager_a).get(commentary_url(world))
    refused = client_for(world.cast.manager_a).post(commentary_url(world), {"text": "Changed."})

    assert "Comment history" in text(page)
    assert "<textarea" not in page.content.decode()
    assert refused.status_code == 403
    assert Commentary.objects.get().text == "Authority."


def scorecard_of(world, **query) -> str:
    url = reverse("indicators:scorecard", args=[world.scorecard.slug])
    return url + ("?" + urlencode(query) if query else "")


def test_a_first_comment_is_written_from_the_scorecard_row_and_saving_returns_to_the_scorecard(world, client_for):
    senior = client_for(world.cast.senior)
    scope = team_key(world.cast.team_a)
    scorecard = scorecard_of(world, scope=scope, month="2025-02")

    write = (
        reverse("indicators:commentary", args=[world.visits.pk])
        + "?"
        + urlencode({"scope": scope, "month": "2025-02", "next": scorecard})
    )

    page = senior.get(scorecard)
    add = re.search(r'<a [^>]*href="([^"]+)" data-testid="add-comment-CP 13">', page.content.decode())
    form = senior.get(write)
    saved = senior.post(write, {"text": "Visits booked for both children."})

    assert "Add a comment on CP 13 for February 2025" in text(page)
    assert add.group(1).replace("&amp;", "&") == write
    assert f'<a href="{scorecard.replace("&", "&amp;")}" class="govuk-back-link">Back</a>' in form.content.decode()
    assert saved.status_code == 302 and saved["Location"] == scorecard
    commentary = Commentary.objects.get()
    assert (commentary.indicator, commentary.month, commentary.scope_key) == (world.visits, FEBRUARY, scope)
    after = senior.get(saved["Location"])
    assert "Comment on CP 13 for February 2025 saved" in text(after)
    assert rows_of(after, "scorecard")[4].startswith("Comment on CP 13 Visits booked for both children. senior,")
    # Written: the row offers an edit (back to the scorecard) instead; 2.5 still offers a first comment.
    assert 'data-testid="add-comment-CP 13"' not in after.content.decode()
    assert 'data-testid="add-comment-2.5"' in after.content.decode()
    assert f'href="{write.replace("&", "&amp;")}">Edit' in after.content.decode()


def test_without_add_commentary_the_scorecard_offers_no_comment_link_and_nothing_can_be_written(world, client_for):
    reader = User.objects.create_user("reader")
    reader.user_permissions.add(Permission.objects.get(codename="view_all_kpis"))

    page = client_for(reader).get(scorecard_of(world))
    refused = client_for(reader).post(commentary_url(world), {"text": "Not mine to write."})

    assert "Add a comment" not in text(page)
    assert "add-comment-" not in page.content.decode()
    assert refused.status_code == 403
    assert not Commentary.objects.exists()


def test_saving_never_returns_to_another_site(world, client_for):
    senior = client_for(world.cast.senior)

    for elsewhere in ("https://evil.example/", "//evil.example/", "/\\evil.example/"):
        response = senior.post(commentary_url(world) + "&" + urlencode({"next": elsewhere}), {"text": "Noted."})

        assert response.status_code == 302
        assert response["Location"] == reverse("indicators:indicator", args=[world.visits.pk]) + (
            "?scope=authority&month=2025-02"
        )
