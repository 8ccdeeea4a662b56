"""moto's server, with four changes that make it behave (and keep up) like the AWS it stands for.

1. DynamoDB requests are taken one at a time. moto's operations are not isolated from each other's
   threads; real DynamoDB isolates every request, and serializing gives the same guarantee. Other
   services stay concurrent, so SQS long polls do not block anything.
2. TransactWriteItems checks every condition before it writes anything (moto snapshots and restores
   whole tables instead, which undid concurrent writes, replaced the tables' stream shards, and cost
   more the bigger a table grew).
3. Which backend a request goes to, and the methods of a response class, are worked out once.
4. CloudFormation templates are refused on cfn-lint errors only, as AWS does.
"""

import copy
import functools
import logging
import sys
import threading

from moto.cloudformation import models as cloudformation_models
from moto.core import responses as core_responses
from moto.dynamodb.comparisons import get_filter_expression
from moto.dynamodb.exceptions import (
    ConditionalCheckFailed,
    MockValidationException,
    MultipleTransactionsException,
    TooManyTransactionsException,
    TransactionCanceledException,
    TransactWriteSingleOpException,
)
from moto.dynamodb.models import DynamoDBBackend
from moto.dynamodb.models.dynamo_type import DynamoType
from moto.dynamodb.responses import DynamoHandler
from moto.moto_server.werkzeug_app import DomainDispatcherApplication
from moto.server import main

_dynamodb_lock = threading.Lock()
_call_action = DynamoHandler.call_action


def _serialized_call_action(self):  # type: ignore[no-untyped-def]
    with _dynamodb_lock:
        return _call_action(self)


DynamoHandler.call_action = _serialized_call_action


def _transact_write_items(self, transact_items):  # type: ignore[no-untyped-def]
    """All or nothing, as in DynamoDB, without moto's snapshots: moto deep-copies every table a
    transaction touches, stream records included, so each transaction cost grew with the table (the
    acceptance suite's checkouts slowed to seconds each). Here every condition is checked first and
    only then are the writes applied; a write that still fails puts back the few items written before
    it and their stream records. Safe because DynamoDB calls are serialized (above)."""
    if len(transact_items) > 100:
        raise TooManyTransactionsException()
    targets: set = set()
    plan = []
    errors = []
    for entry in transact_items:
        if len(entry) > 1:
            raise TransactWriteSingleOpException
        op_type, op = next(iter(entry.items()))
        old_image = None
        try:
            if op_type not in {"ConditionCheck", "Put", "Delete", "Update"}:
                raise ValueError("Unsupported transaction operation")
            table_name = op["TableName"]
            table = self.get_table(table_name)
            if op_type == "Put":
                key = {table.hash_key_attr: op["Item"][table.hash_key_attr]}
                if table.range_key_attr is not None:
                    key[table.range_key_attr] = op["Item"][table.range_key_attr]
            else:
                key = op["Key"]
            target = (str(table_name), str(dict(sorted(key.items()))))
            if target in targets:
                raise MultipleTransactionsException()
            targets.add(target)
            current = self.get_item(table_name, key)
            condition = op.get("ConditionExpression")
            if condition is not None:
                holds = get_filter_expression(
                    condition, op.get("ExpressionAttributeNames"), op.get("ExpressionAttributeValues")
                ).expr(current)
                if not holds:
                    if op.get("ReturnValuesOnConditionCheckFailure") == "ALL_OLD" and current:
                        old_image = current.to_json()["Attributes"]
                    raise ConditionalCheckFailed(item=old_image)
            plan.append((op_type, op, table, key, current))
            errors.append((None, None, None))
        except (MultipleTransactionsException, MockValidationException):
            raise
        except ConditionalCheckFailed as error:
            errors.append(("ConditionalCheckFailed", str(error.message), old_image))
        except Exception as error:  # noqa: BLE001 (reported per item, as DynamoDB does)
            errors.append((type(error).__name__, str(error), old_image))
    if any(code is not None for code, _, _ in errors):
        raise TransactionCanceledException(errors)

    shards = {id(t): (t.stream_shard, len(t.stream_shard.items)) for _, _, t, _, _ in plan if t.stream_shard}
    applied = []
    for index, (op_type, op, table, key, current) in enumerate(plan):
        if op_type == "ConditionCheck":
            continue
        # An Update changes the stored item in place: keep a copy to put back.
        before = copy.deepcopy(current)
        try:
            if op_type == "Put":
                self.put_item(table.name, op["Item"])
            elif op_type == "Delete":
                self.delete_item(table.name, key)
            elif op_type == "Update":
                self.update_item(
                    table.name,
                    key,
                    update_expression=op["UpdateExpression"],
                    expression_attribute_names=op.get("ExpressionAttributeNames"),
                    expression_attribute_values=op.get("ExpressionAttributeValues"),
                )
            applied.append((table, key, before))
        except Exception as error:
            for written_table, written_key, original in applied:
                _put_back(written_table, written_key, original)
            for shard, length in shards.values():
                del shard.items[length:]
            if isinstance(error, MockValidationException):
                raise
            reasons = [(None, None, None)] * len(plan)
            reasons[index] = (type(error).__name__, str(error), None)
            raise TransactionCanceledException(reasons) from error


def _put_back(table, key, original):  # type: ignore[no-untyped-def]
    """Restores one item as it was before a transaction wrote it (None: it did not exist)."""
    hash_value = DynamoType(key[table.hash_key_attr])
    if table.range_key_attr is None:
        if original is None:
            table.items.pop(hash_value, None)
        else:
            table.items[hash_value] = original
        return
    range_value = DynamoType(key[table.range_key_attr])
    if original is None:
        table.items[hash_value].pop(range_value, None)
    else:
        table.items[hash_value][range_value] = original


DynamoDBBackend.transact_write_items = _transact_write_items

# moto works out, on every request, which backend a host belongs to (a scan of every moto module and
# URL pattern) and which methods a response class has (inspect.getmembers): measured in-process, 40 %
# of a GetItem. Both answers never change while the server runs, so each is worked out once.
_backend_for_host = DomainDispatcherApplication.get_backend_for_host
_backends_by_host: dict = {}


def _remembered_backend_for_host(self, host):  # type: ignore[no-untyped-def]
    if host not in _backends_by_host:
        _backends_by_host[host] = _backend_for_host(self, host)
    return _backends_by_host[host]


DomainDispatcherApplication.get_backend_for_host = _remembered_backend_for_host
core_responses.method_names_from_class = functools.cache(core_responses.method_names_from_class)

# werkzeug logs every request to stderr under one lock that every request thread shares (with it, 4
# concurrent clients got ~10 % fewer calls through); only its warnings and errors are kept.
logging.getLogger("werkzeug").setLevel(logging.WARNING)

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
