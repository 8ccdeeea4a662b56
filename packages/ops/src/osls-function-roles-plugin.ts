import type { CfnTemplate } from '@shop/local-platform';
import { roleSharingFindings, sharedRoleId } from './iam.ts';

interface Serverless {
  service: { provider: { compiledCloudFormationTemplate: CfnTemplate } };
}

/**
 * Listed after serverless-iam-roles-per-function, which gives each function that declares
 * `iamRoleStatements` a role of its own but leaves the framework's shared role behind, holding every
 * event source's permissions. This drops that role once no function uses it, and fails the packaging
 * when a function still does (it forgot its `iamRoleStatements`) or two functions share one.
 */
export default class FunctionRolesPlugin {
  hooks: Record<string, () => void>;
  constructor(serverless: Serverless) {
    this.hooks = {
      'before:package:finalize': () => {
        const template = serverless.service.provider.compiledCloudFormationTemplate;
        const { [sharedRoleId]: shared, ...others } = template.Resources;
        if (shared && !JSON.stringify({ others, outputs: template.Outputs }).includes(`"${sharedRoleId}"`))
          template.Resources = others;
        const findings = roleSharingFindings(template);
        if (findings.length > 0)
          throw new Error(
            `each function needs a role of its own (iamRoleStatements): ${findings.join('; ')}`,
          );
      },
    };
  }
}
