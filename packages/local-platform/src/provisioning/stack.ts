import { type EmulatorTarget, emulatorClients } from '../emulator/clients.ts';
import { evaluate, type IntrinsicContext, IntrinsicError, pseudoParameters } from './intrinsics.ts';
import { type EventSourceTrigger, eventSourceTrigger, type LocalFunction, localFunction } from './lambda.ts';
import { planProvisioning, UnknownResourceTypeError } from './plan.ts';
import type { CreatedResource } from './resources/provisioner.ts';
import { provisioners } from './resources/registry.ts';
import { type CfnResource, type CfnTemplate, conditionHolds, type ResourceProperties } from './template.ts';

/** How other resources see a resource: its `Ref` value and its `Fn::GetAtt` attributes. */
export interface ResourceIdentity extends CreatedResource {
  type: string;
}

export interface ProvisionedStack {
  stackName: string;
  resources: Record<string, ResourceIdentity>;
  outputs: Record<string, string>;
  /**
   * Lambda functions by name, with their environment as AWS would set it and the statements of their
   * execution role's inline policies (intrinsics evaluated against the emulator).
   */
  functions: Record<string, LocalFunction>;
  triggers: EventSourceTrigger[];
}

/** Creates a packaged template's resources in the emulator, in dependency order. */
export async function provisionStack(
  template: CfnTemplate,
  stackName: string,
  target: EmulatorTarget,
): Promise<ProvisionedStack> {
  const region = target.region ?? 'us-east-1';
  const accountId = target.accountId ?? '123456789012';
  const clients = emulatorClients(target);
  const resources: Record<string, ResourceIdentity> = {};
  const identity = (logicalId: string): ResourceIdentity => {
    const found = resources[logicalId];
    if (!found) throw new IntrinsicError(`${stackName}: ${logicalId} is referenced but not (yet) known`);
    return found;
  };
  const context: IntrinsicContext = {
    pseudo: pseudoParameters(stackName, region, accountId),
    ref: (logicalId) => identity(logicalId).ref,
    getAtt: (logicalId, attribute) => {
      const value = identity(logicalId).attributes[attribute];
      if (value === undefined)
        throw new IntrinsicError(`${stackName}: ${logicalId} has no attribute ${attribute}`);
      return value;
    },
  };
  const stack: ProvisionedStack = { stackName, resources, outputs: {}, functions: {}, triggers: [] };
  const arn = (service: string, resource: string) => `arn:aws:${service}:${region}:${accountId}:${resource}`;

  for (const step of planProvisioning(template, stackName)) {
    const resource = template.Resources[step.logicalId] as CfnResource;
    const name = (explicit: unknown) =>
      typeof explicit === 'string' ? explicit : `${stackName}-${step.logicalId}`.slice(0, 80);
    if (step.action === 'provision') {
      const provision = provisioners[step.type];
      // The plan provisions only registered types; this guards the two lists drifting apart.
      if (!provision) throw new UnknownResourceTypeError(`${stackName}: no provisioner for ${step.type}`);
      const properties = (evaluate(resource.Properties ?? {}, context) ?? {}) as ResourceProperties;
      resources[step.logicalId] = {
        type: step.type,
        ...(await provision(properties, { clients, region, name })),
      };
      continue;
    }
    // Skipped resources still answer Ref/GetAtt, named as CloudFormation would name them.
    if (step.type === 'AWS::Lambda::Function') {
      const { functionName, definition } = localFunction(template, step.logicalId, context, name);
      stack.functions[functionName] = definition;
      resources[step.logicalId] = {
        type: step.type,
        ref: functionName,
        attributes: { Arn: arn('lambda', `function:${functionName}`) },
      };
    } else if (step.type === 'AWS::Lambda::EventSourceMapping') {
      stack.triggers.push(
        eventSourceTrigger(step.logicalId, evaluate(resource.Properties, context) as ResourceProperties),
      );
      resources[step.logicalId] = { type: step.type, ref: step.logicalId, attributes: {} };
    } else if (step.type === 'AWS::IAM::Role') {
      const roleName = name(resource.Properties?.RoleName);
      resources[step.logicalId] = {
        type: step.type,
        ref: roleName,
        attributes: { Arn: `arn:aws:iam::${accountId}:role/${roleName}`, RoleId: roleName },
      };
    } else {
      resources[step.logicalId] = { type: step.type, ref: step.logicalId, attributes: {} };
    }
  }
  for (const [key, output] of Object.entries(template.Outputs ?? {})) {
    if (output.Condition !== undefined && !conditionHolds(template, output.Condition)) continue;
    stack.outputs[key] = String(evaluate(output.Value, context));
  }
  return stack;
}
