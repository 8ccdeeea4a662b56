#!/usr/bin/env bash
# Uploads the built app (dist/) to a stage's web bucket and points it at that stage's API.
#   npm run build -w @shop/web
#   npm run deploy:web -w @shop/web -- prod
# Needs the AWS CLI and credentials for the stage's account, the shop deployed to that stage and the
# shop-web-<stage> stack (`cd services/web && npx serverless deploy --stage <stage>`). One build serves
# every stage: only config.json differs. The API is the stage's public base URL, the edge stack's
# ApiBaseUrl output (CloudFront and its WAF in front of the HTTP API), unless API_BASE_URL names
# another (a custom domain, say). WEB_BUCKET / WEB_DISTRIBUTION_ID skip the web stack lookup.
set -euo pipefail

stage="${1:-${STAGE:-dev}}"
# The edge and web stacks live in us-east-1 whatever the stage's region (CloudFront's own region).
region="us-east-1"
output() {
  aws cloudformation describe-stacks --region "$region" --stack-name "$1" \
    --query "Stacks[0].Outputs[?OutputKey=='$2'].OutputValue" --output text
}
api="${API_BASE_URL:-$(output "shop-edge-$stage" ApiBaseUrl)}"
if ! [[ "$api" =~ ^https?://[A-Za-z0-9.:/_~%-]+$ ]]; then
  echo "deploy-web: the API base URL is not a plain http(s) URL: '$api' (deploy the shop to $stage, or set API_BASE_URL)" >&2
  exit 1
fi
dist="$(cd "$(dirname "$0")" && pwd)/dist"
if [ ! -f "$dist/index.html" ]; then
  echo "deploy-web: no build in $dist; run npm run build -w @shop/web first" >&2
  exit 1
fi

bucket="${WEB_BUCKET:-$(output "shop-web-$stage" WebBucketName)}"
distribution="${WEB_DISTRIBUTION_ID:-$(output "shop-web-$stage" WebDistributionId)}"
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
