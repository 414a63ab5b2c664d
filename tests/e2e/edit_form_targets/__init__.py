"""Which record each form of tests/e2e/edit_forms.py opens, found in the seed_demo data.

Each function returns a Target: the URL kwargs (and query), and the person who
opens the form when that depends on the record (a placement's own practice
educator). Where the demo holds no record in the state a form needs (a draft
supervision record, an unsigned final report), the function makes one through
the services, as the people would, and finds it again on a second call.
"""
