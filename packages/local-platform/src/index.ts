// The package's public surface: only what other packages import (scripts/, bench/, acceptance/, the
// web e2e, @shop/testing and @shop/ops). Everything else is internal to the steps of `npm start` and
// may change freely; export a name here when another package needs it. Biome keeps the lines sorted.

// @shop/testing starts moto for the test suites; the deploy smoke test leaves out what moto cannot deploy.
export { emulatorEnvironment, freePort, type RunningEmulator, startEmulator } from './emulator/emulator.ts';
export { typesTheEmulatorCannotDeploy } from './emulator/emulator-deploy.ts';
// @shop/ops checks the packaged templates' routes.
export { parseRouteKey, routeKeys } from './gateway/routes.ts';
// scripts/start.ts prints the steps and the requests.
export { requestLine, stepLine } from './logs/log-lines.ts';
// @shop/ops packages and deploys with the same framework runner and compose reading.
export { localPreload, offlineOslsEnvironment, packageService, runOsls } from './osls/osls.ts';
export {
  type ComposeService,
  deploymentOrder,
  paramArguments,
  placeholderFor,
  readCompose,
} from './packaging/compose.ts';
export { type PackagedService, packageServices } from './packaging/packaging.ts';
export { mapLimit } from './processes.ts';
// @shop/ops reads templates and function roles as the provisioner does.
export { evaluate, pseudoParameters } from './provisioning/intrinsics.ts';
export type { LocalFunction, PolicyStatement } from './provisioning/lambda.ts';
export type { CfnResource, CfnTemplate } from './provisioning/template.ts';
export { activeResources } from './provisioning/template.ts';
// The whole shop on loopback: npm start, the acceptance suite, the bench, the web e2e.
export { type LocalShop, startLocalShop } from './shop.ts';
