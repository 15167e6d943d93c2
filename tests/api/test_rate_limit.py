"""The API limits how fast one token (or one anonymous address) may call it; the limit answers 429."""

import pytest
from django.conf import settings

from accounts.services import api_token_issue


@pytest.mark.django_db
def test_a_token_that_calls_too_fast_is_told_to_wait(client, persona):
    limit = int(settings.API_RATE_AUTH.split("/")[0])
    headers = {"Authorization": f"Bearer {api_token_issue(user=persona('focal'))}"}
    answers = [client.get("/api/v1/indicators", headers=headers).status_code for _ in range(limit + 1)]
    assert answers[:limit] == [200] * limit and answers[-1] == 429
    other = {"Authorization": f"Bearer {api_token_issue(user=persona('ministry_officer'))}"}
    assert client.get("/api/v1/indicators", headers=other).status_code == 200  # counted per token's user
