"""Keep credentials out of everything recap shows, caches or writes.

Two kinds of secret reach recap: the API key and credentials inside the endpoint
URL (``http://user:secret@host/v1``, ``?api-key=...``). ``display_url`` is how a URL
is shown anywhere (doctor, progress, failure messages); a ``Redactor`` scrubs any
text (error messages, and the model's own output, which may echo the
``Authorization`` header) before it is shown, cached or written.

Import-light: the standard library only.
"""

from __future__ import annotations

import base64
import re
from collections.abc import Iterable
from urllib.parse import parse_qsl, unquote, urlsplit, urlunsplit

MASK = "***"
_SECRET_PARAM = re.compile(r"key|token|secret|password|passwd|pwd|sig|auth", re.IGNORECASE)
_MIN_SECRET = 4  # shorter strings are too common to replace in free text
_BEARER = re.compile(r"(Bearer\s+)[A-Za-z0-9._~+/=-]{8,}", re.IGNORECASE)


def display_url(url: str) -> str:
    """``url`` with its user info and secret query values replaced by ``***``."""
    try:
        parts = urlsplit(url)
        host = parts.hostname or ""
        port = parts.port
    except ValueError:  # not a URL we can parse: show nothing that could be a secret
        return re.sub(r"//[^/@]*@", f"//{MASK}@", url)
    netloc = parts.netloc
    if "@" in netloc:
        if ":" in host:
            host = f"[{host}]"
        netloc = f"{MASK}@{host}" + (f":{port}" if port is not None else "")
    query = parts.query
    if query:
        query = "&".join(
            f"{k}={MASK}" if _SECRET_PARAM.search(k) else (f"{k}={v}" if v else k)
            for k, v in parse_qsl(query, keep_blank_values=True))
    return urlunsplit((parts.scheme, netloc, parts.path, query, parts.fragment))


def url_secrets(url: str) -> list[str]:
    """The secret pieces of a URL: the password (and the whole user info), secret query values."""
    found: list[str] = []
    try:
        parts = urlsplit(url)
        password = parts.password
        netloc = parts.netloc
    except ValueError:
        return found
    if password:
        found += [password, unquote(password)]
    if "@" in netloc:
        userinfo = netloc.rsplit("@", 1)[0]
        plain = unquote(userinfo)
        # httpx sends URL credentials as Basic auth: a server may echo them base64-encoded.
        found += [userinfo, plain, base64.b64encode(plain.encode()).decode()]
    for k, v in parse_qsl(parts.query, keep_blank_values=True):
        if v and _SECRET_PARAM.search(k):
            found.append(v)
    return found


class Redactor:
    """Replaces every known secret (and long pieces of the API key) by ``***``."""

    def __init__(self, secrets: Iterable[str], *, key: str = "") -> None:
        pieces: set[str] = {s for s in secrets if s and len(s) >= _MIN_SECRET}
        if key:
            pieces.add(key)
            if len(key) >= 12:  # providers echo keys partly ("sk-abc...wxyz")
                pieces.update((key[:8], key[-6:]))
        # Longest first, so a piece never leaves half of a longer secret behind.
        self.pieces = sorted(pieces, key=len, reverse=True)
        self.pattern = (re.compile("|".join(re.escape(p) for p in self.pieces))
                        if self.pieces else None)

    def __call__(self, text: str) -> str:
        if not text:
            return text
        if self.pattern is not None:
            text = self.pattern.sub(MASK, text)
        return _BEARER.sub(lambda m: m.group(1) + MASK, text)

    def found_in(self, text: str) -> bool:
        return bool(self.pattern is not None and self.pattern.search(text))


def redactor_for(api_key: str, base_url: str) -> Redactor:
    return Redactor(url_secrets(base_url), key=api_key)
