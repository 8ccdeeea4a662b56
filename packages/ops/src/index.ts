export * from './access-log.ts';
export * from './deploy-role.ts';
export * from './iam.ts';
export * from './redrive.ts';
export * from './role-coverage.ts';
export * from './smoke-deploy.ts';
export * from './stage-checks.ts';
export * from './templates.ts';
