export * from './iam.ts';
export * from './templates.ts';
