"""Calling the API as a fixture login, with a personal token (as an outside system would)."""

from rest_framework.test import APIClient

from registry.api.tokens import token_create


def token_client(user) -> APIClient:
    _token, secret = token_create(user=user, name="test", days=30)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {secret}")
    return client
