#!/usr/bin/env bash
# Uploads the built app (dist/) to a stage's web bucket and points it at that stage's API.
#   npm run build -w @shop/web
#   API_BASE_URL=https://api.example.com npm run deploy:web -w @shop/web -- prod
# Needs the AWS CLI and credentials for the stage's account, and the shop-web-<stage> stack deployed
# (`cd services/web && npx serverless deploy --stage <stage>`). One build serves every stage: only
# config.json differs. WEB_BUCKET / WEB_DISTRIBUTION_ID skip the stack lookup.
set -euo pipefail

stage="${1:-${STAGE:-dev}}"
region="${AWS_REGION:-${AWS_DEFAULT_REGION:-us-east-1}}"
api="${API_BASE_URL:?set API_BASE_URL to the API base URL of the stage, e.g. https://api.example.com}"
if ! [[ "$api" =~ ^https?://[A-Za-z0-9.:/_~%-]+$ ]]; then
  echo "deploy-web: API_BASE_URL is not a plain http(s) URL: $api" >&2
  exit 1
fi
dist="$(cd "$(dirname "$0")" && pwd)/dist"
if [ ! -f "$dist/index.html" ]; then
  echo "deploy-web: no build in $dist; run npm run build -w @shop/web first" >&2
  exit 1
fi

output() {
  aws cloudformation describe-stacks --region "$region" --stack-name "shop-web-$stage" \
    --query "Stacks[0].Outputs[?OutputKey=='$1'].OutputValue" --output text
}
bucket="${WEB_BUCKET:-$(output WebBucketName)}"
distribution="${WEB_DISTRIBUTION_ID:-$(output WebDistributionId)}"
echo "deploy-web: $stage -> s3://$bucket (distribution $distribution), API $api"

# Hashed assets first, cached for a year, so a new index.html never names a file not yet uploaded.
# Old assets are kept: a browser holding the previous index.html may still ask for them.
aws s3 sync "$dist/assets" "s3://$bucket/assets" --region "$region" --only-show-errors \
  --cache-control "public, max-age=31536000, immutable"
# Then the rest (index.html, ...), always revalidated; files gone from the build are removed.
aws s3 sync "$dist" "s3://$bucket" --region "$region" --delete --only-show-errors \
  --exclude "assets/*" --exclude "config.json" --cache-control "no-cache"
# The stage's own config.json: the one thing that differs between stages.
printf '{"apiBaseUrl":"%s"}\n' "$api" | aws s3 cp - "s3://$bucket/config.json" --region "$region" --only-show-errors \
  --content-type "application/json" --cache-control "no-cache"

if [ "$distribution" != "none" ]; then
  aws cloudfront create-invalidation --distribution-id "$distribution" --paths "/" "/index.html" "/config.json" >/dev/null
  echo "deploy-web: invalidated /, /index.html and /config.json"
fi
echo "deploy-web: done"
