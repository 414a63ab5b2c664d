"""What only the benchmark settings add to the portal (issue 20, `make bench`).

`portal.settings.bench_scale` puts `QueryCountMiddleware` first, so every
response says how many SQL queries it took; the benchmark itself lives in
scripts/bench (it reads every app's models to choose its pages).
"""
