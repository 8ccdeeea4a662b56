/** What an intrinsic function can look up: other resources and the pseudo parameters. */
export interface IntrinsicContext {
  /** `Ref` of a resource or parameter. */
  ref(logicalId: string): string;
  /** `Fn::GetAtt` of a resource. */
  getAtt(logicalId: string, attribute: string): string;
  /** `AWS::Region`, `AWS::AccountId`, `AWS::Partition`, `AWS::URLSuffix`, `AWS::StackName`, ... */
  pseudo: Record<string, string>;
}

/** Marks a property that `Ref: AWS::NoValue` removed. */
const noValue = Symbol('AWS::NoValue');

export class IntrinsicError extends Error {
  override name = 'IntrinsicError';
}

/** Pseudo parameters for a stack in the emulator's account. */
export function pseudoParameters(
  stackName: string,
  region = 'us-east-1',
  accountId = '123456789012',
): Record<string, string> {
  return {
    'AWS::Region': region,
    'AWS::AccountId': accountId,
    'AWS::Partition': 'aws',
    'AWS::URLSuffix': 'amazonaws.com',
    'AWS::StackName': stackName,
    'AWS::StackId': `arn:aws:cloudformation:${region}:${accountId}:stack/${stackName}/local`,
    'AWS::NotificationARNs': '',
  };
}

/** Evaluates the intrinsic functions in a template value (Ref, GetAtt, Sub, Join, Select, Split). */
export function evaluate(value: unknown, context: IntrinsicContext): unknown {
  const result = evaluateValue(value, context);
  return result === noValue ? undefined : result;
}

function evaluateValue(value: unknown, context: IntrinsicContext): unknown {
  if (Array.isArray(value)) {
    return value.map((item) => evaluateValue(item, context)).filter((item) => item !== noValue);
  }
  if (value === null || typeof value !== 'object') return value;
  const entries = Object.entries(value);
  const [first] = entries;
  if (entries.length === 1 && first && (first[0] === 'Ref' || first[0].startsWith('Fn::'))) {
    return evaluateFunction(first[0], first[1], context);
  }
  const result: Record<string, unknown> = {};
  for (const [key, item] of entries) {
    const evaluated = evaluateValue(item, context);
    if (evaluated !== noValue) result[key] = evaluated;
  }
  return result;
}

function evaluateFunction(name: string, argument: unknown, context: IntrinsicContext): unknown {
  switch (name) {
    case 'Ref': {
      if (typeof argument !== 'string')
        throw new IntrinsicError(`Ref needs a name: ${JSON.stringify(argument)}`);
      if (argument === 'AWS::NoValue') return noValue;
      return argument in context.pseudo ? context.pseudo[argument] : context.ref(argument);
    }
    case 'Fn::GetAtt': {
      const [logicalId, ...attribute] =
        typeof argument === 'string' ? argument.split('.') : (evaluateValue(argument, context) as string[]);
      if (!logicalId || attribute.length === 0)
        throw new IntrinsicError(`bad Fn::GetAtt ${JSON.stringify(argument)}`);
      return context.getAtt(logicalId, attribute.join('.'));
    }
    case 'Fn::Sub':
      return substitute(argument, context);
    case 'Fn::Join': {
      const [delimiter, items] = argument as [string, unknown];
      const list = evaluateValue(items, context);
      if (!Array.isArray(list)) throw new IntrinsicError('Fn::Join needs a list');
      return list.map(String).join(delimiter);
    }
    case 'Fn::Select': {
      const [index, items] = argument as [unknown, unknown];
      const list = evaluateValue(items, context);
      const position = Number(evaluateValue(index, context));
      if (!Array.isArray(list) || !(position in list))
        throw new IntrinsicError('Fn::Select index out of range');
      return list[position];
    }
    case 'Fn::Split': {
      const [delimiter, source] = argument as [string, unknown];
      return String(evaluateValue(source, context)).split(delimiter);
    }
    case 'Fn::GetAZs':
      return ['a', 'b', 'c'].map((zone) => `${context.pseudo['AWS::Region']}${zone}`);
    default:
      // Fn::If, Fn::ImportValue, Fn::FindInMap... have no use in our templates yet: say so rather than guess.
      throw new IntrinsicError(`intrinsic ${name} is not supported locally`);
  }
}

function substitute(argument: unknown, context: IntrinsicContext): string {
  const [template, variables] = (Array.isArray(argument) ? argument : [argument, {}]) as [
    string,
    Record<string, unknown>,
  ];
  if (typeof template !== 'string') throw new IntrinsicError('Fn::Sub needs a string');
  return template.replace(/\$\{(!?)([^}]+)\}/g, (_match, literal: string, name: string) => {
    if (literal) return `\${${name}}`;
    if (name in variables) return String(evaluateValue(variables[name], context));
    if (name in context.pseudo) return context.pseudo[name] as string;
    const dot = name.indexOf('.');
    return dot === -1 ? context.ref(name) : context.getAtt(name.slice(0, dot), name.slice(dot + 1));
  });
}

/** Logical ids a value refers to through Ref, GetAtt or Sub (not pseudo parameters). */
export function referencedIds(value: unknown, found = new Set<string>()): Set<string> {
  if (Array.isArray(value)) {
    for (const item of value) referencedIds(item, found);
    return found;
  }
  if (value === null || typeof value !== 'object') return found;
  for (const [key, item] of Object.entries(value)) {
    if (key === 'Ref' && typeof item === 'string') {
      if (!item.startsWith('AWS::')) found.add(item);
    } else if (key === 'Fn::GetAtt') {
      const id = typeof item === 'string' ? item.split('.')[0] : Array.isArray(item) ? item[0] : undefined;
      if (typeof id === 'string') found.add(id);
    } else if (key === 'Fn::Sub') {
      const [template, variables] = (Array.isArray(item) ? item : [item, {}]) as [
        unknown,
        Record<string, unknown>,
      ];
      if (typeof template === 'string') {
        for (const match of template.matchAll(/\$\{([^!}][^}]*)\}/g)) {
          const name = (match[1] as string).split('.')[0] as string;
          if (!name.startsWith('AWS::') && !(name in (variables ?? {}))) found.add(name);
        }
      }
      referencedIds(variables, found);
    } else {
      referencedIds(item, found);
    }
  }
  return found;
}
