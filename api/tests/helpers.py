"""What the API's tests share: a token's header and the ids a list answers."""

from api.services import token_create


def bearer(user, *, valid_days: int = 30) -> dict:
    """The Authorization header of a fresh token of `user`, as the test client's extra."""
    _token, raw = token_create(user=user, name=f"test {user.pk}", valid_days=valid_days)
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


def listed_ids(client, path: str, headers: dict, key: str = "id") -> set:
    """Every id of a list, following `_links.next` to the end."""
    url = path + ("&" if "?" in path else "?") + "page_size=1000"
    ids = set()
    while url:
        response = client.get(url, **headers)
        assert response.status_code == 200, (url, response.status_code, response.content[:300])
        body = response.json()
        ids |= {item[key] for item in body["results"]}
        url = body["_links"].get("next", {}).get("href")
    return ids
