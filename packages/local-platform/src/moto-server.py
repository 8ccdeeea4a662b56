"""moto's server with DynamoDB requests taken one at a time.

moto's TransactWriteItems snapshots every table it touches and restores the snapshot when the
transaction is cancelled, so a write from another thread in between is silently undone, or the copy
fails with "dictionary changed size during iteration" (a 500). Real DynamoDB isolates transactions;
serializing DynamoDB calls here gives the same guarantee. Other services stay concurrent, so SQS long
polls do not block anything.
"""

import sys
import threading

from moto.dynamodb.responses import DynamoHandler
from moto.server import main

_dynamodb_lock = threading.Lock()
_call_action = DynamoHandler.call_action


def _serialized_call_action(self):  # type: ignore[no-untyped-def]
    with _dynamodb_lock:
        return _call_action(self)


DynamoHandler.call_action = _serialized_call_action

if __name__ == "__main__":
    main(sys.argv[1:])
