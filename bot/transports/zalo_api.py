"""A small client of the Zalo Bot API (httpx, no SDK): `POST {base}/bot{TOKEN}/{method}` with
a JSON body, answered `{"ok": true, "result": …}` or `{"ok": false, "error_code", …}`.

Errors never carry the request URL: it holds the token.
"""

from __future__ import annotations

from typing import Any

import httpx

# getUpdates long-polls this long; the HTTP read waits a little more.
POLL_TIMEOUT_SECONDS = 30
SEND_TIMEOUT_SECONDS = 30.0


class ZaloError(Exception):
    """Zalo answered, with an error."""

    def __init__(self, code: int, description: str) -> None:
        super().__init__(f"Zalo error {code}: {description}")
        self.code = code
        self.description = description

    @property
    def transient(self) -> bool:
        return self.code == 429 or self.code >= 500 or self.code == 408


class ZaloUnauthorized(ZaloError):
    """The token is refused (401): nothing to retry."""


class ZaloNetworkError(Exception):
    """No answer (connection refused, timeout): worth retrying."""


class ZaloClient:
    def __init__(
        self, base_url: str, token: str, *, transport: httpx.AsyncBaseTransport | None = None
    ) -> None:
        self._prefix = f"{base_url.rstrip('/')}/bot{token}/"
        self._http = httpx.AsyncClient(transport=transport)

    async def call(self, method: str, body: dict[str, Any], *, read_timeout: float) -> Any:
        """The `result` of one call; `ZaloError` / `ZaloNetworkError` otherwise."""
        try:
            response = await self._http.post(self._prefix + method, json=body, timeout=read_timeout)
        except httpx.HTTPError as exc:
            # Not `str(exc)`: httpx may put the URL (and so the token) in it.
            raise ZaloNetworkError(f"{method}: {type(exc).__name__}") from None
        try:
            data = response.json()
        except ValueError:
            data = None
        if isinstance(data, dict) and data.get("ok") is True:
            return data.get("result")
        code = response.status_code
        description = response.reason_phrase
        if isinstance(data, dict):
            code = int(data.get("error_code") or code)
            description = str(data.get("description") or description)
        if code == 401 or response.status_code == 401:
            raise ZaloUnauthorized(401, description)
        raise ZaloError(code, description)

    async def get_me(self) -> dict[str, Any]:
        result = await self.call("getMe", {}, read_timeout=SEND_TIMEOUT_SECONDS)
        return result if isinstance(result, dict) else {}

    async def get_update(self, wait: int = POLL_TIMEOUT_SECONDS) -> dict[str, Any] | None:
        """One update, or None when nothing came within `wait` seconds (Zalo answers 408)."""
        try:
            result = await self.call("getUpdates", {"timeout": wait}, read_timeout=wait + 10)
        except ZaloError as exc:
            if exc.code == 408:
                return None
            raise
        return result if isinstance(result, dict) else None

    async def send_message(self, chat_id: str, text: str) -> str | None:
        result = await self.call(
            "sendMessage", {"chat_id": chat_id, "text": text}, read_timeout=SEND_TIMEOUT_SECONDS
        )
        return _message_id(result)

    async def send_photo(self, chat_id: str, url: str, caption: str = "") -> str | None:
        body = {"chat_id": chat_id, "photo": url, "caption": caption}
        return _message_id(await self.call("sendPhoto", body, read_timeout=SEND_TIMEOUT_SECONDS))

    async def set_webhook(self, url: str, secret: str) -> None:
        body = {"url": url, "secret_token": secret}
        await self.call("setWebhook", body, read_timeout=SEND_TIMEOUT_SECONDS)

    async def delete_webhook(self) -> None:
        await self.call("deleteWebhook", {}, read_timeout=SEND_TIMEOUT_SECONDS)

    async def download(self, url: str, *, max_bytes: int) -> bytes | None:
        """A photo a person sent (Zalo gives a URL); None when it is larger than `max_bytes`."""
        try:
            async with self._http.stream("GET", url, timeout=SEND_TIMEOUT_SECONDS) as response:
                if response.status_code != 200:
                    raise ZaloError(response.status_code, "photo download failed")
                content = bytearray()
                async for chunk in response.aiter_bytes():
                    content.extend(chunk)
                    if len(content) > max_bytes:
                        return None
        except httpx.HTTPError as exc:
            raise ZaloNetworkError(f"download: {type(exc).__name__}") from None
        return bytes(content)

    async def aclose(self) -> None:
        await self._http.aclose()


def _message_id(result: Any) -> str | None:
    if isinstance(result, dict) and result.get("message_id") is not None:
        return str(result["message_id"])
    return None
