// A packaged CloudFormation template as the local run reads it: its shape, and which of its
// resources CloudFormation would create.

/** A resource's properties, intrinsics not yet evaluated (or, once evaluated, their values). */
export type ResourceProperties = Record<string, unknown>;

export interface CfnResource {
  Type: string;
  Properties?: ResourceProperties;
  DependsOn?: string | string[];
  /** A condition of the template's Conditions: CloudFormation creates the resource only when it holds. */
  Condition?: string;
}

export interface CfnTemplate {
  Resources: Record<string, CfnResource>;
  Outputs?: Record<string, { Value: unknown; Description?: string; Condition?: string }>;
  Parameters?: Record<string, { Type?: string; Default?: unknown }>;
  Conditions?: Record<string, unknown>;
}

/**
 * Whether the template's condition `name` holds, every parameter at its default (osls passes none,
 * so a parameter's default is its value, fixed when packaging).
 */
export function conditionHolds(template: CfnTemplate, name: string, trail: string[] = []): boolean {
  if (trail.includes(name)) throw new Error(`circular condition ${[...trail, name].join(' -> ')}`);
  if (!(name in (template.Conditions ?? {}))) throw new Error(`no condition ${name} in the template`);
  const value = (node: unknown): unknown => {
    if (!node || typeof node !== 'object' || Array.isArray(node)) return node;
    const [entry] = Object.entries(node);
    const [key, argument] = entry ?? [];
    const list = (Array.isArray(argument) ? argument : [argument]) as unknown[];
    switch (key) {
      case 'Ref': {
        const parameter = template.Parameters?.[String(argument)];
        if (!parameter) throw new Error(`a condition refers to ${String(argument)}, which is no parameter`);
        return parameter.Default ?? '';
      }
      case 'Condition':
        return conditionHolds(template, String(argument), [...trail, name]);
      case 'Fn::Equals':
        return String(value(list[0])) === String(value(list[1]));
      case 'Fn::Not':
        return !value(list[0]);
      case 'Fn::And':
        return list.every((item) => value(item) === true);
      case 'Fn::Or':
        return list.some((item) => value(item) === true);
      default:
        throw new Error(`condition ${name}: ${String(key)} is not supported locally`);
    }
  };
  return value(template.Conditions?.[name]) === true;
}

/** The resources CloudFormation would create: those without a condition, or whose condition holds. */
export function activeResources(template: CfnTemplate): Record<string, CfnResource> {
  return Object.fromEntries(
    Object.entries(template.Resources ?? {}).filter(
      ([, resource]) => resource.Condition === undefined || conditionHolds(template, resource.Condition),
    ),
  );
}
