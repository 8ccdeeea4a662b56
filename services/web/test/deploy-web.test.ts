import { spawnSync } from 'node:child_process';
import {
  chmodSync,
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';

const script = fileURLToPath(new URL('../deploy-web.sh', import.meta.url));

// A stand-in `aws` on PATH: answers the stack outputs it is asked for and logs every call, so the
// script runs end to end without an account.
const fakeAws = `#!/usr/bin/env bash
echo "$*" >> "$AWS_LOG"
if [ "$1" = cloudformation ]; then
  case "$*" in
    *shop-edge-prod*ApiBaseUrl*) echo "\${EDGE_API_URL}" ;;
    *shop-web-prod*WebBucketName*) echo shop-web-prod-bucket ;;
    *shop-web-prod*WebDistributionId*) echo E123 ;;
    *) echo None ;;
  esac
fi
if [ "$1" = s3 ] && [ "$2" = cp ] && [ "$3" = - ]; then cat > "$AWS_LOG.config"; fi
`;

let dir: string;
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function deploy(env: Record<string, string>) {
  dir = mkdtempSync(join(tmpdir(), 'deploy-web-'));
  copyFileSync(script, join(dir, 'deploy-web.sh'));
  mkdirSync(join(dir, 'dist', 'assets'), { recursive: true });
  writeFileSync(join(dir, 'dist', 'index.html'), '<!doctype html>');
  mkdirSync(join(dir, 'bin'));
  writeFileSync(join(dir, 'bin', 'aws'), fakeAws);
  chmodSync(join(dir, 'bin', 'aws'), 0o755);
  const log = join(dir, 'aws.log');
  const result = spawnSync('bash', [join(dir, 'deploy-web.sh'), 'prod'], {
    encoding: 'utf8',
    env: { PATH: `${join(dir, 'bin')}:${process.env.PATH}`, AWS_LOG: log, ...env },
  });
  const read = (file: string) => {
    try {
      return readFileSync(file, 'utf8');
    } catch {
      return '';
    }
  };
  return { ...result, calls: read(log), config: read(`${log}.config`) };
}

describe('deploy-web.sh', () => {
  it("points the app at the stage's public base URL, the edge stack's ApiBaseUrl, read in us-east-1", () => {
    const run = deploy({ EDGE_API_URL: 'https://d111111abcdef8.cloudfront.net', AWS_REGION: 'eu-west-1' });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(JSON.parse(run.config)).toEqual({
      apiBaseUrl: 'https://d111111abcdef8.cloudfront.net',
    });
    expect(run.calls).toMatch(/describe-stacks --region us-east-1 --stack-name shop-edge-prod/);
    expect(run.calls).toContain('s3://shop-web-prod-bucket');
    expect(run.calls).toMatch(/create-invalidation .*E123/);
  });

  it('takes API_BASE_URL instead when given', () => {
    const run = deploy({ API_BASE_URL: 'https://api.shop.example', EDGE_API_URL: 'https://other.example' });
    expect(run.status).toBe(0);
    expect(JSON.parse(run.config)).toEqual({ apiBaseUrl: 'https://api.shop.example' });
    expect(run.calls).not.toContain('ApiBaseUrl');
  });

  it('stops before uploading anything when the stage has no API', () => {
    const run = deploy({ EDGE_API_URL: 'None' });
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/not a plain http\(s\) URL: 'None'.*deploy the shop to prod/);
    expect(run.calls).not.toContain('s3 ');
  });
});
