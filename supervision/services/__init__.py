"""Every write to supervision records and observations (views, API, tasks call these).

workflow: applying the transition tables, signing and locking, amendments;
sessions: writing supervision records and their actions, moving and cancelling;
schedule: sessions generated from the agreement's weekly slot;
observations: booking and recording direct observations;
calendar: the iCalendar feed addresses;
reminders: the daily reminder digest.
"""
