import { referencedIds } from './intrinsics.ts';
import { provisionedTypes } from './resources/registry.ts';
import { activeResources, type CfnResource, type CfnTemplate } from './template.ts';

/**
 * Resource types that need nothing in the emulator, each with the reason. Anything neither here nor
 * in the provisioners' registry stops the start-up: a resource must never go silently missing.
 */
export const skippedTypes: Readonly<Record<string, string>> = {
  // Code: serverless-offline runs the functions from the same serverless.yml.
  'AWS::Lambda::Function': 'run by serverless-offline',
  'AWS::Lambda::Version': 'serverless-offline always runs the latest code',
  'AWS::Lambda::Alias': 'serverless-offline always runs the latest code',
  'AWS::Lambda::Permission': 'nothing checks invoke permissions locally',
  'AWS::Lambda::EventSourceMapping': "fed by @shop/local-platform's SQS poller",
  'AWS::Lambda::EventInvokeConfig': 'async invoke retries are not emulated',
  // Only schedule rules (see scheduleOnly below): serverless-offline runs `schedule` events itself.
  'AWS::Events::Rule': 'serverless-offline runs schedule events',
  // HTTP: the local gateway builds its route table from the Route resources.
  'AWS::ApiGatewayV2::Api': 'the local gateway serves every route on one base URL',
  'AWS::ApiGatewayV2::Stage': 'the local gateway has no stages',
  'AWS::ApiGatewayV2::Integration': 'the local gateway proxies to serverless-offline',
  'AWS::ApiGatewayV2::Route': 'read by the local gateway for its route table',
  'AWS::ApiGatewayV2::Authorizer': 'handlers verify tokens themselves (see STACK.md)',
  // Permissions and deployment plumbing: the emulator enforces no IAM and needs no artifacts.
  'AWS::IAM::Role': 'the emulator enforces no IAM',
  'AWS::IAM::Policy': 'the emulator enforces no IAM',
  'AWS::IAM::ManagedPolicy': 'the emulator enforces no IAM',
  'AWS::SQS::QueuePolicy': 'the emulator delivers SNS to SQS without a queue policy',
  'AWS::SNS::TopicPolicy': 'the emulator enforces no resource policies',
  'AWS::S3::Bucket': 'only the deployment bucket so far; nothing runs from artifacts locally',
  'AWS::S3::BucketPolicy': 'the emulator enforces no resource policies',
  // Observability: logs go to the terminal locally.
  'AWS::Logs::LogGroup': 'serverless-offline logs to the terminal',
  'AWS::Logs::SubscriptionFilter': 'serverless-offline logs to the terminal',
  'AWS::CloudWatch::Alarm': 'no metrics locally',
  'AWS::CloudWatch::Dashboard': 'no metrics locally',
};

/** An EventBridge rule that matches events (not a schedule) would need a bus: not supported locally. */
function scheduleOnly(resource: CfnResource): boolean {
  if (resource.Type !== 'AWS::Events::Rule') return true;
  return (
    resource.Properties?.ScheduleExpression !== undefined && resource.Properties?.EventPattern === undefined
  );
}

export interface ProvisioningStep {
  logicalId: string;
  type: string;
  action: 'provision' | 'skip';
}

export class UnknownResourceTypeError extends Error {
  override name = 'UnknownResourceTypeError';
}

/**
 * Orders a template's resources so each comes after what it refers to (Ref, GetAtt, Sub,
 * DependsOn) and says which to create; a resource whose condition does not hold is left out, as
 * CloudFormation leaves it. Throws on unknown resource types and on cycles.
 */
export function planProvisioning(template: CfnTemplate, stackLabel = 'template'): ProvisioningStep[] {
  const resources = activeResources(template);
  const unknown = Object.entries(resources)
    .filter(([, resource]) => !provisionedTypes.has(resource.Type) && !(resource.Type in skippedTypes))
    .concat(Object.entries(resources).filter(([, resource]) => !scheduleOnly(resource)))
    .map(([id, resource]) => `${id} (${resource.Type})`);
  if (unknown.length > 0) {
    throw new UnknownResourceTypeError(
      `${stackLabel}: no local support for ${unknown.join(', ')}. Add a provisioner for it to ` +
        'provisioning/resources/registry.ts or, if it needs nothing locally, to skippedTypes with the reason.',
    );
  }
  const steps: ProvisioningStep[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (logicalId: string, trail: string[]) => {
    const resource = resources[logicalId];
    if (!resource || state.get(logicalId) === 'done') return;
    if (state.get(logicalId) === 'visiting') {
      throw new Error(`${stackLabel}: circular reference ${[...trail, logicalId].join(' -> ')}`);
    }
    state.set(logicalId, 'visiting');
    const dependencies = referencedIds(resource.Properties);
    for (const id of [resource.DependsOn ?? []].flat()) dependencies.add(id);
    for (const id of [...dependencies].sort()) visit(id, [...trail, logicalId]);
    state.set(logicalId, 'done');
    steps.push({
      logicalId,
      type: resource.Type,
      action: provisionedTypes.has(resource.Type) ? 'provision' : 'skip',
    });
  };
  for (const logicalId of Object.keys(resources)) visit(logicalId, []);
  return steps;
}
