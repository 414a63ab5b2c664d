"""Data at a real university's scale, for measuring the portal (issue 20).

`python manage.py seed_scale --students N` writes N students' practice learning
and the casework, Life Story Books and programme referrals that go with it,
in proportion, straight into the tables with `bulk_create`. One module per area
(people, practice, reviews, supervision_records, casework, life_story,
referrals, activity); `run` puts them in order and holds the choice about
history rows. Like `seed_demo`, these modules are a
composition root: they may import every app (pyproject.toml, import-linter).

The shapes are ones the services could have written (a locked supervision
record carries both signatures; a passed placement has its countersigned
final report and the panel's ratification), but the services themselves are
not called: they are one row at a time, with history and notifications, and
2,000 students would take hours that way.
"""
