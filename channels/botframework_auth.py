"""Bot Framework authentication: the checks on the tokens Microsoft sends, and our own token.

Two jobs, apart from the Teams channel that uses them (``channels/teams.py``):

- ``BotFrameworkAuth`` checks the JWT on every activity fully (RS256 signature from
  the published keys, issuer, audience = our app id, expiry, the ``serviceUrl``
  claim matching the activity, the key's channel endorsement). Keys are fetched when
  first needed and on rotation, not at start-up, so the coach starts offline.
- ``TokenSource`` gets the bot's own access token (client credentials, from the
  bot's tenant for single-tenant bots) to post replies, cached until shortly
  before it expires.

Both addresses can be pointed elsewhere, which is how the offline tests play
Microsoft's side.
"""

from __future__ import annotations

import json
import logging
import time
from typing import Any, Dict

import aiohttp
import jwt
from jwt.algorithms import RSAAlgorithm

logger = logging.getLogger(__name__)

OPENID_METADATA_URL = "https://login.botframework.com/v1/.well-known/openidconfiguration"
LOGIN_URL = "https://login.microsoftonline.com"
ISSUER = "https://api.botframework.com"
SCOPE = "https://api.botframework.com/.default"
CLOCK_SKEW = 300  # seconds of clock difference tolerated, as Microsoft's SDKs do
KEYS_MAX_AGE = 24 * 3600
KEYS_MIN_REFRESH = 300  # an unknown key id refreshes the keys, at most this often
TIMEOUT = aiohttp.ClientTimeout(total=20)


class AuthError(Exception):
    """The request's token is missing or not valid; the message says why."""


class BotFrameworkAuth:
    """Checks the bearer token the Bot Framework puts on every activity it sends us."""

    def __init__(self, app_id: str, metadata_url: str = OPENID_METADATA_URL) -> None:
        self.app_id = app_id
        self.metadata_url = metadata_url
        self.keys: Dict[str, Dict[str, Any]] = {}
        self.keys_fetched_at = 0.0

    async def check(self, authorization: str | None, activity: Dict[str, Any]) -> None:
        if not authorization or not authorization.startswith("Bearer "):
            raise AuthError("No bearer token.")
        token = authorization[len("Bearer "):].strip()
        try:
            header = jwt.get_unverified_header(token)
        except jwt.PyJWTError as error:
            raise AuthError(f"Unreadable token: {error}") from None
        if header.get("alg") != "RS256":
            raise AuthError("Token not signed with RS256.")
        key = await self._key(header.get("kid"))
        try:
            claims = jwt.decode(token, RSAAlgorithm.from_jwk(json.dumps(key)),
                                algorithms=["RS256"], audience=self.app_id, issuer=ISSUER,
                                leeway=CLOCK_SKEW,
                                options={"require": ["exp", "iss", "aud"]})
        except jwt.PyJWTError as error:
            raise AuthError(f"Token rejected: {error}") from None
        if claims.get("serviceUrl") != activity.get("serviceUrl"):
            raise AuthError("Token's serviceUrl does not match the activity's.")
        endorsements = key.get("endorsements")
        if endorsements is not None and activity.get("channelId") not in endorsements:
            raise AuthError("Signing key not endorsed for this channel.")

    async def _key(self, key_id: str | None) -> Dict[str, Any]:
        age = time.monotonic() - self.keys_fetched_at
        if not self.keys or age > KEYS_MAX_AGE or (key_id not in self.keys
                                                   and age > KEYS_MIN_REFRESH):
            await self._fetch_keys()
        if key_id not in self.keys:
            raise AuthError("Token signed with an unknown key.")
        return self.keys[key_id]

    async def _fetch_keys(self) -> None:
        try:
            async with aiohttp.ClientSession(timeout=TIMEOUT) as session:
                async with session.get(self.metadata_url) as reply:
                    reply.raise_for_status()
                    jwks_uri = (await reply.json(content_type=None))["jwks_uri"]
                async with session.get(jwks_uri) as reply:
                    reply.raise_for_status()
                    keys = (await reply.json(content_type=None))["keys"]
        except (aiohttp.ClientError, KeyError, ValueError, TimeoutError) as error:
            logger.error("Could not fetch the Bot Framework signing keys from %s: %r",
                         self.metadata_url, error)
            return  # keep the keys we had; the request is judged with them
        self.keys = {key["kid"]: key for key in keys if "kid" in key}
        self.keys_fetched_at = time.monotonic()


class TokenSource:
    """The bot's own access token for posting replies, cached until shortly before expiry."""

    def __init__(self, app_id: str, app_password: str, tenant: str, login_url: str) -> None:
        self.app_id = app_id
        self.app_password = app_password
        self.url = f"{login_url.rstrip('/')}/{tenant}/oauth2/v2.0/token"
        self._token: str | None = None
        self._expires_at = 0.0

    async def token(self, session: aiohttp.ClientSession) -> str | None:
        if self._token and time.monotonic() < self._expires_at:
            return self._token
        form = {"grant_type": "client_credentials", "client_id": self.app_id,
                "client_secret": self.app_password, "scope": SCOPE}
        async with session.post(self.url, data=form) as reply:
            if reply.status != 200:
                logger.error("Could not get a Bot Framework token (%s): %s", reply.status,
                             (await reply.text())[:300])
                return None
            data = await reply.json(content_type=None)
        self._token = data["access_token"]
        self._expires_at = time.monotonic() + int(data.get("expires_in", 3600)) - 300
        return self._token
