/**
 * GET /docs: a browsable rendering of /openapi.json in one self-contained page (no CDN: the
 * service must document itself on machines without internet access). It lists operations by
 * tag with their scope, parameters, bodies and responses, and expands schemas on demand.
 */
export const DOCS_PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Batchport API</title>
<style>
  :root { --fg:#1d2330; --muted:#5b6475; --line:#dde1e8; --get:#1f7a4d; --post:#1f5fa8; --put:#8a5a00; --delete:#a3222f; }
  body { font: 15px/1.5 system-ui, -apple-system, "Segoe UI", sans-serif; color: var(--fg); margin: 0; }
  header { padding: 20px 32px; border-bottom: 1px solid var(--line); }
  main { display: grid; grid-template-columns: 260px 1fr; }
  nav { padding: 16px 24px; border-right: 1px solid var(--line); position: sticky; top: 0; align-self: start; max-height: 100vh; overflow: auto; }
  nav a { display: block; color: var(--muted); text-decoration: none; font-size: 13px; padding: 2px 0; }
  nav h3 { font-size: 13px; text-transform: uppercase; letter-spacing: .05em; margin: 16px 0 4px; }
  section { padding: 8px 32px 32px; }
  details.op { border: 1px solid var(--line); border-radius: 6px; margin: 10px 0; }
  details.op > summary { cursor: pointer; padding: 8px 12px; list-style: none; display: flex; gap: 12px; align-items: baseline; }
  .method { font: 600 12px ui-monospace, monospace; color: #fff; border-radius: 4px; padding: 2px 8px; min-width: 52px; text-align: center; }
  .get { background: var(--get); } .post { background: var(--post); } .put { background: var(--put); } .delete { background: var(--delete); }
  .path { font-family: ui-monospace, monospace; }
  .summary { color: var(--muted); }
  .body { padding: 0 16px 12px; }
  .scope { font-size: 12px; border: 1px solid var(--line); border-radius: 10px; padding: 0 8px; margin-left: auto; }
  table { border-collapse: collapse; width: 100%; font-size: 13px; }
  td, th { border-bottom: 1px solid var(--line); padding: 4px 8px; text-align: left; vertical-align: top; }
  pre { background: #f5f7fa; padding: 8px; border-radius: 4px; overflow: auto; font-size: 12px; }
  h4 { margin: 12px 0 4px; }
</style>
</head>
<body>
<header><h1 id="title">Batchport API</h1><div id="description"></div><p><a href="openapi.json">openapi.json</a></p></header>
<main><nav id="nav"></nav><section id="content"><p>Loading the specification...</p></section></main>
<script>
(async () => {
  const base = location.pathname.replace(/\\/docs\\/?$/, "");
  const spec = await (await fetch(base + "/openapi.json")).json();
  const el = (tag, attrs = {}, ...children) => {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
    for (const c of children) e.append(c instanceof Node ? c : document.createTextNode(String(c)));
    return e;
  };
  const resolve = (schema) => {
    if (schema && schema.$ref) return spec.components.schemas[schema.$ref.split("/").pop()] || {};
    return schema || {};
  };
  const expand = (schema, depth = 0, seen = new Set()) => {
    if (!schema || depth > 8) return schema;
    if (schema.$ref) {
      if (seen.has(schema.$ref)) return { $ref: schema.$ref };
      return expand(resolve(schema), depth + 1, new Set([...seen, schema.$ref]));
    }
    const out = Array.isArray(schema) ? [] : {};
    for (const [k, v] of Object.entries(schema)) out[k] = typeof v === "object" && v !== null ? expand(v, depth + 1, seen) : v;
    return out;
  };
  const schemaBlock = (schema) => el("pre", {}, JSON.stringify(expand(schema), null, 2));
  document.getElementById("title").textContent = spec.info.title + " " + spec.info.version;
  document.getElementById("description").textContent = spec.info.description || "";
  const byTag = new Map();
  for (const [path, ops] of Object.entries(spec.paths)) {
    for (const [method, op] of Object.entries(ops)) {
      const tag = (op.tags && op.tags[0]) || "other";
      if (!byTag.has(tag)) byTag.set(tag, []);
      byTag.get(tag).push({ path, method, op });
    }
  }
  const nav = document.getElementById("nav");
  const content = document.getElementById("content");
  content.textContent = "";
  for (const [tag, ops] of byTag) {
    nav.append(el("h3", {}, tag));
    content.append(el("h2", { id: "tag-" + tag }, tag));
    for (const { path, method, op } of ops) {
      nav.append(el("a", { href: "#" + op.operationId }, method.toUpperCase() + " " + path));
      const scope = (op.security || []).flatMap((s) => Object.values(s).flat());
      const body = el("div", { class: "body" });
      if (op.description) body.append(el("p", {}, op.description));
      if (op.parameters && op.parameters.length) {
        const rows = op.parameters.map((p) => el("tr", {}, el("td", {}, el("code", {}, p.name)), el("td", {}, p.in), el("td", {}, p.required ? "required" : ""), el("td", {}, JSON.stringify(expand(p.schema))), el("td", {}, p.description || "")));
        body.append(el("h4", {}, "Parameters"), el("table", {}, el("tr", {}, el("th", {}, "name"), el("th", {}, "in"), el("th", {}, ""), el("th", {}, "schema"), el("th", {}, "")), ...rows));
      }
      if (op.requestBody) {
        body.append(el("h4", {}, "Request body" + (op.requestBody.required ? "" : " (optional)")));
        if (op.requestBody.description) body.append(el("p", {}, op.requestBody.description));
        for (const [type, media] of Object.entries(op.requestBody.content)) body.append(el("div", {}, el("code", {}, type)), schemaBlock(media.schema));
      }
      body.append(el("h4", {}, "Responses"));
      for (const [status, response] of Object.entries(op.responses)) {
        body.append(el("div", {}, el("strong", {}, status + " "), response.description));
        for (const [type, media] of Object.entries(response.content || {})) {
          const d = el("details", {}, el("summary", {}, type));
          d.append(schemaBlock(media.schema));
          body.append(d);
        }
      }
      const summary = el("summary", {}, el("span", { class: "method " + method }, method.toUpperCase()), el("span", { class: "path" }, path), el("span", { class: "summary" }, op.summary || ""));
      if (scope.length) summary.append(el("span", { class: "scope" }, "scope: " + scope.join(", ")));
      content.append(el("details", { class: "op", id: op.operationId }, summary, body));
    }
  }
})().catch((e) => { document.getElementById("content").textContent = "Could not load openapi.json: " + e; });
</script>
</body>
</html>
`;
