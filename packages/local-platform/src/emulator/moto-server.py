"""moto's server, with five changes that make it behave (and keep up) like the AWS it stands for.

1. DynamoDB requests are taken one at a time. moto's operations are not isolated from each other's
   threads; real DynamoDB isolates every request, and serializing gives the same guarantee. Other
   services stay concurrent, so SQS long polls do not block anything.
2. TransactWriteItems checks every condition before it writes anything (moto snapshots and restores
   whole tables instead, which undid concurrent writes, replaced the tables' stream shards, and cost
   more the bigger a table grew).
3. Which backend a request goes to, and the methods of a response class, are worked out once.
4. CloudFormation templates are refused on cfn-lint errors only, as AWS does.
5. Cognito sign-up codes and sessions work as in Cognito: ConfirmSignUp checks the code it emailed
   and refuses an account that is not waiting for one; GetTokensFromRefreshToken, RevokeToken and
   DeleteUser exist; refresh tokens rotate where the app client asks for it.
"""

import base64
import copy
import functools
import json
import logging
import secrets
import sys
import threading
import time

from moto.cloudformation import models as cloudformation_models
from moto.cognitoidp.exceptions import (
    CodeMismatchException,
    InvalidParameterException,
    NotAuthorizedError,
    ResourceNotFoundError,
    UserNotFoundError,
)
from moto.cognitoidp.models import CognitoIdpBackend, UserStatus, cognitoidp_backends
from moto.cognitoidp.responses import CognitoIdpResponse
from moto.core import responses as core_responses
from moto.core.exceptions import JsonRESTError
from moto.core.responses import ActionResult, EmptyResult
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

# --- Cognito ---------------------------------------------------------------------------------------
# moto confirms any sign-up with any code (even a confirmed account, which Cognito refuses: that is how
# a confirmation tells who has an account), and has no GetTokensFromRefreshToken, RevokeToken or
# DeleteUser (a user deleting their own account with their access token). So a
# sign-up gets a code, answered in the `x-moto-sign-up-confirmation-code` header as moto does for
# ForgotPassword (Cognito would email it); refresh tokens rotate and can be revoked, with the access
# tokens they issued.

SIGN_UP_CODE_HEADER = "x-moto-sign-up-confirmation-code"


def _pool_and_client(client_id):  # type: ignore[no-untyped-def]
    """The user pool and app client of a client id, in whichever account and region hold it (the
    unauthenticated calls carry no region moto could route by)."""
    for account_backends in cognitoidp_backends.values():
        for region, backend in account_backends.items():
            if region == "global":
                continue
            for pool in backend.user_pools.values():
                if client_id in pool.clients:
                    return pool, pool.clients[client_id]
    raise ResourceNotFoundError(client_id)


def _rotation(client):  # type: ignore[no-untyped-def]
    """(rotates, grace seconds) of an app client's RefreshTokenRotation."""
    setting = client.extended_config.get("RefreshTokenRotation") or {}
    return setting.get("Feature") == "ENABLED", int(setting.get("RetryGracePeriodSeconds") or 0)


def _sign_up(self):  # type: ignore[no-untyped-def]
    user, delivery = self._get_region_agnostic_backend().sign_up(
        client_id=self._get_param("ClientId"),
        username=self._get_param("Username"),
        password=self._get_param("Password"),
        attributes=self._get_param("UserAttributes", []),
    )
    user.sign_up_code = f"{secrets.randbelow(1_000_000):06d}"
    self.response_headers[SIGN_UP_CODE_HEADER] = user.sign_up_code
    answer = {"UserConfirmed": user.status == UserStatus.CONFIRMED, "UserSub": user.id}
    if delivery:
        answer["CodeDeliveryDetails"] = delivery
    return ActionResult(answer)


def _confirm_sign_up(self):  # type: ignore[no-untyped-def]
    pool, client = _pool_and_client(self._get_param("ClientId"))
    user = pool._get_user(self._get_param("Username"))
    mismatch = CodeMismatchException("Invalid verification code provided, please try again.")
    if user is None:
        # With PreventUserExistenceErrors an unknown user looks like a wrong code.
        if client.extended_config.get("PreventUserExistenceErrors") == "ENABLED":
            raise mismatch
        raise UserNotFoundError("Username/client id combination not found.")
    if user.status != UserStatus.UNCONFIRMED:
        status = getattr(user.status, "value", user.status)
        raise NotAuthorizedError(f"User cannot be confirmed. Current status is {status}")
    if self._get_param("ConfirmationCode") != getattr(user, "sign_up_code", None):
        raise mismatch
    user.status = UserStatus.CONFIRMED
    user.sign_up_code = None
    return EmptyResult()


# Rotation and revocation bookkeeping (refresh tokens are unique across pools): the first token of each
# rotation chain, the origin_jti of every token of a chain (the access tokens it issued carry it), and
# when a rotated-out token stops being accepted.
_chain_of: dict = {}
_chain_jtis: dict = {}
_rotated_out_until: dict = {}


def _claims(token):  # type: ignore[no-untyped-def]
    try:
        part = token.split(".")[1]
        return json.loads(base64.urlsafe_b64decode(part + "=" * (-len(part) % 4)))
    except (IndexError, ValueError):
        return {}


def _get_tokens_from_refresh_token(self):  # type: ignore[no-untyped-def]
    client_id = self._get_param("ClientId")
    token = self._get_param("RefreshToken")
    pool, client = _pool_and_client(client_id)
    if client.generate_secret and self._get_param("ClientSecret") != client.secret:
        raise NotAuthorizedError("Client secret does not match.")
    until = _rotated_out_until.get(token)
    if until is not None and time.time() >= until:
        pool.refresh_tokens[token] = None
        raise JsonRESTError("RefreshTokenReuseException", "Refresh token has been rotated out.")
    owner = pool.refresh_tokens.get(token)
    if owner is None or owner[0] != client_id:
        raise NotAuthorizedError("Invalid Refresh Token.")
    _, username, origin_jti = owner
    user = pool._get_user(username)
    if not user or not user.enabled or user.status != UserStatus.CONFIRMED:
        raise NotAuthorizedError("Invalid Refresh Token.")
    answer = {"TokenType": "Bearer"}
    rotates, grace = _rotation(client)
    if rotates:
        chain = _chain_of.get(token, token)
        _chain_jtis.setdefault(chain, {origin_jti})
        fresh, origin_jti = pool.create_refresh_token(client_id, username)
        _chain_of[fresh] = chain
        _chain_jtis[chain].add(origin_jti)
        _rotated_out_until.setdefault(token, time.time() + grace)
        if grace == 0:
            pool.refresh_tokens[token] = None
        answer["RefreshToken"] = fresh
    access_token, expires_in = pool.create_access_token(client_id, username, origin_jti=origin_jti)
    id_token, _ = pool.create_id_token(client_id, username, origin_jti=origin_jti)
    answer.update({"AccessToken": access_token, "IdToken": id_token, "ExpiresIn": expires_in})
    return ActionResult({"AuthenticationResult": answer})


def _revoke_token(self):  # type: ignore[no-untyped-def]
    """Ends the refresh token's session: the token, every token rotated from the same sign-in, and
    the access and ID tokens they issued. An unknown token has nothing left to revoke."""
    client_id = self._get_param("ClientId")
    token = self._get_param("Token")
    pool, client = _pool_and_client(client_id)
    if client.extended_config.get("EnableTokenRevocation") is False:
        raise JsonRESTError("UnsupportedOperationException", "Token revocation is not enabled.")
    owner = pool.refresh_tokens.get(token)
    if owner is not None and owner[0] != client_id:
        raise JsonRESTError("UnauthorizedException", "The token was not issued to this client.")
    chain = _chain_of.get(token, token)
    jtis = set(_chain_jtis.get(chain, set()))
    for member, entry in list(pool.refresh_tokens.items()):
        if _chain_of.get(member, member) == chain:
            if entry is not None:
                jtis.add(entry[2])
            pool.refresh_tokens[member] = None
    for issued in (pool.access_tokens, pool.id_tokens):
        for jwt_token in list(issued):
            if _claims(jwt_token).get("origin_jti") in jtis:
                issued.pop(jwt_token)
    return EmptyResult()


def _delete_user(self):  # type: ignore[no-untyped-def]
    """A user deletes their own account with an access token: the account goes, and with it every
    token it was issued (Cognito refuses them all from then on)."""
    token = self._get_param("AccessToken")
    for account_backends in cognitoidp_backends.values():
        for region, backend in account_backends.items():
            if region == "global":
                continue
            for pool in backend.user_pools.values():
                if token not in pool.access_tokens:
                    continue
                _, username = pool.access_tokens[token]
                user = pool._get_user(username)
                if user is None:
                    raise NotAuthorizedError("User does not exist.")
                # Tokens name the user as they signed in (email or sub): end every one of theirs.
                names = {entry[1] for entry in pool.refresh_tokens.values() if entry}
                names |= {name for _, name in pool.access_tokens.values()}
                for name in names:
                    if pool._get_user(name) is user:
                        pool.sign_out(name)
                for group in user.groups:
                    group.users.remove(user)
                del pool.users[user.username]
                return EmptyResult()
    raise NotAuthorizedError("Invalid Access Token")


def _refuse_refresh_with_rotation(client_id, auth_flow):  # type: ignore[no-untyped-def]
    """REFRESH_TOKEN_AUTH is not allowed on an app client with refresh token rotation (Cognito: the
    flow must be disabled there; GetTokensFromRefreshToken is the way)."""
    if auth_flow in ("REFRESH_TOKEN_AUTH", "REFRESH_TOKEN") and _rotation(_pool_and_client(client_id)[1])[0]:
        raise InvalidParameterException(f"{auth_flow} flow not enabled for this client")


_initiate_auth = CognitoIdpBackend.initiate_auth
_admin_initiate_auth = CognitoIdpBackend.admin_initiate_auth


def _initiate_auth_checked(self, client_id, auth_flow, auth_parameters):  # type: ignore[no-untyped-def]
    _refuse_refresh_with_rotation(client_id, auth_flow)
    return _initiate_auth(self, client_id, auth_flow, auth_parameters)


def _admin_initiate_auth_checked(self, user_pool_id, client_id, auth_flow, auth_parameters):  # type: ignore[no-untyped-def]
    _refuse_refresh_with_rotation(client_id, auth_flow)
    return _admin_initiate_auth(self, user_pool_id, client_id, auth_flow, auth_parameters)


CognitoIdpResponse.sign_up = _sign_up
CognitoIdpResponse.confirm_sign_up = _confirm_sign_up
CognitoIdpResponse.get_tokens_from_refresh_token = _get_tokens_from_refresh_token
CognitoIdpResponse.revoke_token = _revoke_token
CognitoIdpResponse.delete_user = _delete_user
CognitoIdpBackend.initiate_auth = _initiate_auth_checked
CognitoIdpBackend.admin_initiate_auth = _admin_initiate_auth_checked

if __name__ == "__main__":
    main(sys.argv[1:])
