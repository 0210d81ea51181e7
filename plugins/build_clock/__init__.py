# `sources` is read by tools/schedule.py without Pelican installed (a CI's
# first step runs on the system Python): Pelican is imported on register only.


def register():
    from .build_clock import register as connect

    connect()
