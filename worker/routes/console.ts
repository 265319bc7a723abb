// The console (SPEC §11): a single-page app built by Vite into the worker's static assets under
// /console. wrangler.toml sends every /console path through the worker first, so each answer
// carries the console's Content-Security-Policy, and any path that is not a file answers the
// app's index.html: client-side routes survive a reload. /console/config.json tells the app
// where Supabase Auth is (public values only).
import type { Hono, Schema } from "hono";
import { errorBody } from "../lib/errors.ts";
import { consoleSecurityHeaders } from "../middleware/security-headers.ts";
import type { AppEnv } from "../types.ts";

const HASHED_ASSET = /^\/console\/assets\/[\w.-]+$/;
/**
 * A request for a file, not a page: anything under /console/assets/ or a name with a static
 * file's extension. Missing, it is a 404 — answering the shell (HTML, 200) would hand a stale
 * page's old script name an HTML "script" and hide the broken deploy behind a MIME error.
 */
const FILE_PATH =
  /^\/console\/assets\/|\.(?:js|mjs|css|map|json|png|jpe?g|gif|svg|ico|webp|avif|woff2?|ttf|txt|webmanifest|wasm)$/i;

export function registerConsole<S extends Schema, B extends string>(app: Hono<AppEnv, S, B>) {
  app.get("/console", (c) => c.redirect("/console/", 308));
  app.get("/console/config.json", consoleSecurityHeaders, (c) => {
    c.header("cache-control", "no-store");
    return c.json({
      supabaseUrl: c.var.config.supabaseUrl,
      supabaseAnonKey: c.var.config.supabaseAnonKey,
    });
  });
  app.get("/console/*", consoleSecurityHeaders, async (c) => {
    const assets = c.env.ASSETS;
    if (!assets) {
      return c.json(
        errorBody("not_found", "The console is not part of this deployment.", c.var.requestId),
        404,
      );
    }
    const path = new URL(c.req.url).pathname;
    let res = await assets.fetch(new Request(new URL(path, c.req.url)));
    const isFile = res.ok && path !== "/console/" && !path.endsWith("/index.html");
    if (!isFile && FILE_PATH.test(path)) {
      return c.json(errorBody("not_found", "No such file in the console.", c.var.requestId), 404);
    }
    if (!isFile) {
      // A client-side route (or the app's root): the app's shell, never cached.
      res = await assets.fetch(new Request(new URL("/console/", c.req.url)));
      if (!res.ok) {
        return c.json(
          errorBody(
            "not_found",
            "The console is not built (npm run build:assets).",
            c.var.requestId,
          ),
          404,
        );
      }
      const shell = new Response(res.body, res);
      shell.headers.set("cache-control", "no-cache");
      return shell;
    }
    const file = new Response(res.body, res);
    // Vite names built files by content hash: they never change under one name.
    if (HASHED_ASSET.test(path))
      file.headers.set("cache-control", "public, max-age=31536000, immutable");
    return file;
  });
  return app;
}
