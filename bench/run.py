#!/usr/bin/env python
"""Benchmarks: median server time and query count per screen.

Runs against a database of its own per scale (<name>_bench_s10, created
and filled on first use, kept between runs) so the developer's demo data is
untouched and a figure always belongs to the scale it prints:

    make bench                      # scale 10
    make bench SCALE=50
    .venv/bin/python bench/run.py --scale 50 --repeat 50 --only pdf

The meeting packet (20 beslutsärenden with their applications; full and
incremental builds, peak memory) has its own: bench/motespaket.py.
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "samordning.settings")
# The developer's settings (DEBUG=1, as `make bench` sets); main() then runs the
# requests with DEBUG False, as production does.
os.environ.setdefault("DEBUG", "1")


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--scale", type=int, default=10)
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--only", help="run only scenarios whose name contains this")
    args = parser.parse_args()

    import django
    from django.conf import settings

    django.setup()
    from django.db import connection

    bench_db = f"{settings.DATABASES['default']['NAME']}_bench_s{args.scale}"
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [bench_db])
        if not cursor.fetchone():
            cursor.execute(f'CREATE DATABASE "{bench_db}"')
    connection.close()
    settings.DATABASES["default"]["NAME"] = bench_db
    settings.ALLOWED_HOSTS = ["testserver", *settings.ALLOWED_HOSTS]
    settings.DEBUG = False
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"  # demo receipts

    from django.core.management import call_command
    from django.db import connection as conn
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from bench.generate import fill
    from bench.scenarios import scenarios
    from samordning.models import User

    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    fill(args.scale)
    # Bulk-written rows have no planner statistics until autovacuum gets to
    # them; without them PostgreSQL picks nested loops that take seconds.
    with conn.cursor() as cursor:
        cursor.execute("ANALYZE")
    print(f"Databas {bench_db}, skala {args.scale} (fylld på {time.perf_counter() - started:.1f} s)")
    print(f"{'scenario':<46} {'median ms':>10} {'p90 ms':>8} {'frågor':>7}  status")

    for name, username, method, path, data in scenarios():
        if args.only and args.only not in name:
            continue
        client = Client()
        if username:
            client.force_login(User.objects.get(username=username))
        times = []
        queries = None
        status = None
        repeat = min(args.repeat, 5) if method == "post" else args.repeat
        for i in range(repeat + 3):
            if method == "post":
                client = Client()  # a logged-in client would skip the login
            with CaptureQueriesContext(conn) as ctx:
                t0 = time.perf_counter()
                if method == "call":  # a function, e.g. a PDF render without the cache
                    path()
                    status = "–"
                else:
                    request = getattr(client, method)
                    response = request(path, data) if data else request(path)
                    status = response.status_code
                elapsed = (time.perf_counter() - t0) * 1000
            if i >= 3:  # the first runs warm caches and templates
                times.append(elapsed)
                queries = len(ctx.captured_queries)
        times.sort()
        p90 = times[int(len(times) * 0.9) - 1] if len(times) >= 10 else times[-1]
        print(f"{name:<46} {statistics.median(times):>10.1f} {p90:>8.1f} {queries:>7}  {status}")


if __name__ == "__main__":
    main()
