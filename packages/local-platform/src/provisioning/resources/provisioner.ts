// What every resource kind's provisioner is given and answers: one module per kind beside this one,
// listed in registry.ts.
import type { EmulatorClients } from '../../emulator/clients.ts';
import type { ResourceProperties } from '../template.ts';

export interface ProvisioningContext {
  clients: EmulatorClients;
  region: string;
  /** The physical name: the template's own if it gives one, else one made up as CloudFormation does. */
  name(explicit: unknown): string;
}

/** How other resources see a created resource: its `Ref` value and its `Fn::GetAtt` attributes. */
export interface CreatedResource {
  ref: string;
  attributes: Record<string, string>;
}

/** Creates one resource in the emulator from its properties, every intrinsic already evaluated. */
export type Provisioner = (
  properties: ResourceProperties,
  context: ProvisioningContext,
) => Promise<CreatedResource>;

/** The listed properties that are set, as the strings the SNS and SQS APIs take for attributes. */
export function stringAttributes(
  properties: ResourceProperties,
  names: readonly string[],
): Record<string, string> {
  const attributes: Record<string, string> = {};
  for (const name of names) {
    const value = properties[name];
    if (value === undefined) continue;
    attributes[name] = typeof value === 'object' && value !== null ? JSON.stringify(value) : String(value);
  }
  return attributes;
}

/** A boolean property, which a template may give as `true` or as the string `"true"`. */
export const isTrue = (value: unknown) => value === true || value === 'true';
