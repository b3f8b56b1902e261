// A tiny static file server for the built site, on 127.0.0.1 and a free
// port: directories serve their index.html, a missing file serves 404.html
// with status 404. Like Netlify and Cloudflare Pages, it sends the headers
// of the site's `_headers` file, so the pages run under the HTTP security
// policy the build writes for static hosts. Only for the browser tests; it
// never leaves loopback.
import http from "node:http";
import fs from "node:fs/promises";
import path from "node:path";

const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".xml": "application/xml; charset=utf-8",
  ".csv": "text/csv; charset=utf-8",
  ".txt": "text/plain; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".jpg": "image/jpeg",
  ".jpeg": "image/jpeg",
  ".gif": "image/gif",
  ".webp": "image/webp",
  ".avif": "image/avif",
  ".ico": "image/x-icon",
  ".woff2": "font/woff2",
  ".pdf": "application/pdf",
};

async function fileAt(root, urlPath) {
  let rel;
  try {
    rel = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  const full = path.resolve(root, "." + path.posix.normalize("/" + rel));
  if (full !== root && !full.startsWith(root + path.sep)) return null;
  try {
    const st = await fs.stat(full);
    if (st.isDirectory()) {
      const index = path.join(full, "index.html");
      await fs.access(index);
      return index;
    }
    return st.isFile() ? full : null;
  } catch {
    return null;
  }
}

/** The rules of a `_headers` file: [pattern, [[name, value]…]]. */
async function headerRules(root) {
  let text;
  try {
    text = await fs.readFile(path.join(root, "_headers"), "utf8");
  } catch {
    return [];
  }
  const rules = [];
  for (const line of text.split("\n")) {
    if (!line.trim() || line.trim().startsWith("#")) continue;
    if (!/^\s/.test(line)) {
      rules.push([line.trim(), []]);
    } else if (rules.length) {
      const at = line.indexOf(":");
      if (at > 0) rules[rules.length - 1][1].push([line.slice(0, at).trim(), line.slice(at + 1).trim()]);
    }
  }
  return rules;
}

function headersFor(rules, urlPath) {
  const out = {};
  for (const [pattern, headers] of rules) {
    const matches = pattern.endsWith("*") ? urlPath.startsWith(pattern.slice(0, -1)) : urlPath === pattern;
    if (matches) for (const [name, value] of headers) out[name.toLowerCase()] = value;
  }
  return out;
}

/** Starts the server; resolves to { url, close() }. */
export async function serve(root) {
  root = path.resolve(root);
  const rules = await headerRules(root);
  const server = http.createServer(async (req, res) => {
    try {
      const url = new URL(req.url, "http://127.0.0.1");
      if (req.method !== "GET" && req.method !== "HEAD") {
        res.writeHead(405, { "content-type": "text/plain" }).end("method not allowed");
        return;
      }
      let status = 200;
      let file = await fileAt(root, url.pathname);
      if (!file) {
        status = 404;
        file = path.join(root, "404.html");
      }
      let body;
      try {
        body = await fs.readFile(file);
      } catch {
        res.writeHead(404, { "content-type": "text/plain" }).end("not found");
        return;
      }
      const type = TYPES[path.extname(file).toLowerCase()] || "application/octet-stream";
      res.writeHead(status, {
        ...headersFor(rules, url.pathname),
        "content-type": type,
        "content-length": body.length,
        "cache-control": "no-store",
      });
      res.end(req.method === "HEAD" ? undefined : body);
    } catch (e) {
      res.writeHead(500, { "content-type": "text/plain" }).end(String(e));
    }
  });
  server.keepAliveTimeout = 1000;
  await new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", resolve);
  });
  const { port } = server.address();
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections?.();
        server.close(() => resolve());
      }),
  };
}
