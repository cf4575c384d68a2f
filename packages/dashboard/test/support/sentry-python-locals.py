# A real sentry-python process (Debian's python3-sentry-sdk) for browser-event-story.test.ts:
# the DSN as argv[1]; a ZeroDivisionError raised where locals are set, captured with the
# frame's variables (`vars`, the SDK's default); prints the event id.
import sys

import sentry_sdk

sentry_sdk.init(dsn=sys.argv[1], release="ledger@3.0.0")


def split_bill(order_total, guests):
    per_guest_note = "<script>alert('vars')</script>"
    return order_total / guests


try:
    split_bill(120, 0)
except ZeroDivisionError as error:
    print(sentry_sdk.capture_exception(error))
sentry_sdk.flush(5)
