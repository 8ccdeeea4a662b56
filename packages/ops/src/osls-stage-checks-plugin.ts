import { localStageFindings, type StageSettings, stageSettingFindings } from './stage-checks.ts';

interface Serverless {
  service: { service: string; custom?: { stage?: StageSettings; stageChecks?: { settings?: boolean } } };
  getProvider(name: string): { getStage(): string };
  /** osls's own error: printed as a message, without a stack trace. */
  classes?: { Error?: new (message: string, code?: string) => Error };
}

/**
 * osls plugin (`plugins: ['@shop/ops/osls-stage-checks']`, every service): before a package or a
 * deploy, refuses the local stage off the emulator and a stage whose settings (custom.stage, from
 * stages.yml) would trip a deploy or leave it unwatched. Each service checks the whole stage, so
 * osls compose stops at the first one, before any stack has changed.
 */
export default class StageChecksPlugin {
  hooks: Record<string, () => void>;
  constructor(serverless: Serverless) {
    const check = () => {
      const stage = serverless.getProvider('aws').getStage();
      const { stage: settings, stageChecks } = serverless.service.custom ?? {};
      // A stack that reads no stage settings (the web stack) opts out of their checks, never of the local rule.
      const checksSettings = stageChecks?.settings !== false;
      const findings = [
        ...localStageFindings(stage, process.env),
        ...(!checksSettings
          ? []
          : settings
            ? stageSettingFindings(stage, settings)
            : ['custom.stage is not set: read the stage settings from stages.yml']),
      ];
      if (findings.length === 0) return;
      const message = `${serverless.service.service} cannot be packaged for the ${stage} stage:\n  - ${findings.join('\n  - ')}`;
      const OslsError = serverless.classes?.Error ?? Error;
      throw new OslsError(message, 'SHOP_STAGE_SETTINGS');
    };
    this.hooks = {
      'before:package:cleanup': check,
      // A deploy from an existing package, and a single function's deploy, skip the package lifecycle.
      'before:deploy:deploy': check,
      'before:deploy:function:initialize': check,
    };
  }
}
