"""moto's server with DynamoDB requests taken one at a time, and CloudFormation templates validated
as AWS does.

moto's TransactWriteItems snapshots every table it touches and restores the snapshot when the
transaction is cancelled, so a write from another thread in between is silently undone, or the copy
fails with "dictionary changed size during iteration" (a 500). Real DynamoDB isolates transactions;
serializing DynamoDB calls here gives the same guarantee. Other services stay concurrent, so SQS long
polls do not block anything.
"""

import sys
import threading

from moto.cloudformation import models as cloudformation_models
from moto.dynamodb.models import DynamoDBBackend
from moto.dynamodb.responses import DynamoHandler
from moto.server import main

_dynamodb_lock = threading.Lock()
_call_action = DynamoHandler.call_action


def _serialized_call_action(self):  # type: ignore[no-untyped-def]
    with _dynamodb_lock:
        return _call_action(self)


DynamoHandler.call_action = _serialized_call_action

_transact_write_items = DynamoDBBackend.transact_write_items


def _transact_keeping_streams(self, transact_items):  # type: ignore[no-untyped-def]
    live_shards = {
        name: (table, table.stream_shard, len(table.stream_shard.items))
        for name, table in self.tables.items()
        if table.stream_shard is not None
    }
    try:
        return _transact_write_items(self, transact_items)
    except Exception:
        for name, (before, shard, length) in live_shards.items():
            restored = self.tables.get(name)
            if restored is not None and restored is not before:
                del shard.items[length:]
                shard.table = restored
                restored.stream_shard = shard
        raise


DynamoDBBackend.transact_write_items = _transact_keeping_streams

# moto's ValidateTemplate runs cfn-lint and refuses a template on its first finding, warnings
# included (osls's own redundant DependsOn is W3005), so `osls deploy` against it failed. AWS refuses
# only invalid templates: keep cfn-lint's errors, drop its warnings and informational findings.
_validate_template_cfn_lint = cloudformation_models.validate_template_cfn_lint


def _errors_only(template):  # type: ignore[no-untyped-def]
    return [
        match
        for match in _validate_template_cfn_lint(template)
        if not str(getattr(getattr(match, "rule", None), "id", "E")).startswith(("W", "I"))
    ]


cloudformation_models.validate_template_cfn_lint = _errors_only

if __name__ == "__main__":
    main(sys.argv[1:])
