"""`make bench` and `make bench-queries` (issue 20): what each page costs at a
university's scale, on PostgreSQL and Redis, served by gunicorn.

Modules: `prepare` (inside Django: database, scale data, sessions, tokens and
the list of pages), `server` (gunicorn and its workers' CPU time), `load` (the
load client), `stats` and `report` (pure arithmetic, targets, table and
results.json), `queries` (query counts at two scales, no load), `__main__`.
"""
