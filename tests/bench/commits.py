#!/usr/bin/env python3
"""The disk's limit for durable commits: single-row transactions on SQLite (WAL,
synchronous=FULL, as the gateway opens it) in one connection, for SECONDS.

    commits.py DB_FILE SECONDS    -> {"commits_per_s": ..., "commits": ..., "seconds": ...}
"""
import json
import sqlite3
import sys
import time

path, seconds = sys.argv[1], float(sys.argv[2])
db = sqlite3.connect(path, isolation_level=None)
db.execute("PRAGMA journal_mode=WAL")
db.execute("PRAGMA synchronous=FULL")
db.execute("CREATE TABLE IF NOT EXISTS t (id INTEGER PRIMARY KEY, v TEXT NOT NULL)")
n = 0
start = time.monotonic()
while time.monotonic() - start < seconds:
    db.execute("BEGIN")
    db.execute("INSERT INTO t (v) VALUES (?)", ("x" * 200,))
    db.execute("COMMIT")
    n += 1
took = time.monotonic() - start
print(json.dumps({"commits_per_s": round(n / took, 1), "commits": n, "seconds": round(took, 2)}))
