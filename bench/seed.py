#!/usr/bin/env python3
"""Benchmark fixtures that take many HTTP calls (standard library only). Prints one value a line.

  seed.py sessions   --base URL --internal-token T --tenant T --subject S --count N
      opens N JIT SSO sessions through POST /internal/v1/sessions; prints the session ids.
  seed.py kc-refresh --base URL --realm R --basic B64 --username U --password P --count N
      N Keycloak password grants (scope=openid: N user sessions); prints the refresh tokens.

Exits non-zero on the first failure, with the answer that failed.
"""
import argparse
import json
import sys
import urllib.error
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor


def post(url, data, headers):
    req = urllib.request.Request(url, data=data, headers=headers, method="POST")
    try:
        with urllib.request.urlopen(req, timeout=30) as resp:
            return json.loads(resp.read())
    except urllib.error.HTTPError as e:
        sys.exit(f"POST {url} answered HTTP {e.code}: {e.read()[:500]!r}")


def open_session(a, i):
    body = json.dumps({"tenant_id": a.tenant, "subject": a.subject, "amr": ["pwd"]}).encode()
    out = post(a.base + "/internal/v1/sessions", body,
               {"Authorization": "Bearer " + a.internal_token, "Content-Type": "application/json"})
    return out["session_id"]


def kc_refresh(a, i):
    body = urllib.parse.urlencode({"grant_type": "password", "username": a.username, "password": a.password,
                                   "scope": "openid"}).encode()
    out = post(f"{a.base}/realms/{a.realm}/protocol/openid-connect/token", body,
               {"Authorization": "Basic " + a.basic, "Content-Type": "application/x-www-form-urlencoded"})
    return out["refresh_token"]


def main():
    p = argparse.ArgumentParser()
    p.add_argument("what", choices=["sessions", "kc-refresh"])
    p.add_argument("--base", required=True)
    p.add_argument("--count", type=int, required=True)
    p.add_argument("--workers", type=int, default=8)
    p.add_argument("--internal-token")
    p.add_argument("--tenant")
    p.add_argument("--subject", default="bench-user")
    p.add_argument("--realm")
    p.add_argument("--basic")
    p.add_argument("--username")
    p.add_argument("--password")
    a = p.parse_args()
    fn = open_session if a.what == "sessions" else kc_refresh
    with ThreadPoolExecutor(a.workers) as ex:
        for value in ex.map(lambda i: fn(a, i), range(a.count)):
            print(value)


if __name__ == "__main__":
    main()
