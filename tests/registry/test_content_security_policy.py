"""Every page carries a Content-Security-Policy without inline scripts, and no template
relies on what it forbids (inline scripts, on* handlers, javascript: links, style attributes)."""

import re
from pathlib import Path

import pytest

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"
FORBIDDEN = {
    "inline script": re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.I),
    "event handler attribute": re.compile(r"\son[a-z]+\s*=", re.I),
    "javascript: URL": re.compile(r"javascript:", re.I),
    "style attribute": re.compile(r"\sstyle\s*=", re.I),
}


def test_pages_carry_the_policy(client, users):
    client.force_login(users["staff"])
    for url in ("/accounts/login/", "/register/"):
        policy = client.get(url)["Content-Security-Policy"]
        directives = dict(d.strip().split(" ", 1) for d in policy.split(";") if d.strip())
        assert directives["default-src"] == "'self'"
        assert directives["script-src"] == "'self'"
        assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
        assert directives["frame-ancestors"] == "'none'"


@pytest.mark.parametrize("what", sorted(FORBIDDEN))
def test_no_template_needs_an_exception_to_the_policy(what):
    offending = [
        f"{path.relative_to(TEMPLATES)}: {match.group(0).strip()}"
        for path in sorted(TEMPLATES.rglob("*.html"))
        for match in FORBIDDEN[what].finditer(path.read_text(encoding="utf-8"))
    ]
    assert offending == []
