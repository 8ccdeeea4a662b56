/**
 * A self-contained page that renders the OpenAPI document at `specUrl` (no CDN, no build step): every
 * operation with its parameters, body and answers, schemas as JSON.
 */
export function docsPage(specUrl = 'openapi.json'): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Serverless Shop API</title>
<style>
  body { font: 15px/1.5 system-ui, sans-serif; margin: 0 auto; max-width: 60rem; padding: 1rem; color: #222; }
  h1 { margin-bottom: 0; } .muted { color: #666; }
  details { border: 1px solid #ddd; border-radius: 6px; margin: .4rem 0; }
  summary { cursor: pointer; padding: .5rem .7rem; }
  .body { padding: 0 .9rem .6rem; }
  .method { display: inline-block; min-width: 4.2rem; font-weight: 700; font-family: ui-monospace, monospace; }
  .GET { color: #0a6; } .POST { color: #06c; } .PUT, .PATCH { color: #a60; } .DELETE { color: #c22; }
  code, pre { font-family: ui-monospace, monospace; font-size: 13px; }
  pre { background: #f6f6f6; padding: .5rem; overflow: auto; border-radius: 4px; }
  .tag { font-size: 12px; background: #eee; border-radius: 3px; padding: 0 .3rem; margin-left: .4rem; }
</style>
</head>
<body>
<h1>Serverless Shop API</h1>
<p class="muted" id="about">Loading <a href="${specUrl}">${specUrl}</a>…</p>
<main id="operations"></main>
<script>
const text = (tag, content, className) => {
  const node = document.createElement(tag);
  if (className) node.className = className;
  node.textContent = content;
  return node;
};
const json = (value) => text('pre', JSON.stringify(value, null, 2));
fetch(${JSON.stringify(specUrl)}).then((response) => response.json()).then((spec) => {
  document.getElementById('about').textContent = spec.info.description + ' (OpenAPI ' + spec.openapi + ', version ' + spec.info.version + ')';
  const main = document.getElementById('operations');
  for (const [path, item] of Object.entries(spec.paths)) {
    for (const [method, operation] of Object.entries(item)) {
      const details = document.createElement('details');
      const summary = document.createElement('summary');
      summary.append(text('span', method.toUpperCase(), 'method ' + method.toUpperCase()), text('code', path), text('span', ' ' + operation.summary));
      const who = operation.security && operation.security.length === 0 ? 'public' : operation['x-shop-role'] === 'admin' ? 'admin' : 'signed in';
      summary.append(text('span', who, 'tag'), text('span', operation.tags.join(', '), 'tag'));
      details.append(summary);
      const body = document.createElement('div');
      body.className = 'body';
      if (operation.description) body.append(text('p', operation.description));
      if (operation.parameters) { body.append(text('h4', 'Parameters')); body.append(json(operation.parameters)); }
      if (operation.requestBody) { body.append(text('h4', 'Body')); body.append(json(operation.requestBody.content['application/json'].schema)); }
      body.append(text('h4', 'Answers'));
      for (const [status, reference] of Object.entries(operation.responses)) {
        // The answers many routes share are defined once, under components.responses.
        const answer = reference.$ref ? spec.components.responses[reference.$ref.split('/').pop()] : reference;
        body.append(text('div', status + ' ' + answer.description));
        const content = answer.content && answer.content['application/json'];
        // A body several routes answer (a product, a review) is a component, shown where it is answered;
        // the shared error bodies are not repeated under every route.
        const schema = content && (content.schema.$ref
          ? (reference.$ref ? undefined : spec.components.schemas[content.schema.$ref.split('/').pop()])
          : content.schema);
        if (schema) body.append(json(schema));
      }
      details.append(body);
      main.append(details);
    }
  }
}).catch((error) => { document.getElementById('about').textContent = 'Could not load the document: ' + error; });
</script>
</body>
</html>
`;
}
