export * from './iam.ts';
export * from './redrive.ts';
export * from './templates.ts';
