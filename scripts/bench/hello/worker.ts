// B5's baseline: the smallest Hono worker, built and profiled exactly like the real one.
import { Hono } from "hono";

const app = new Hono();
app.get("/", (c) => c.text("hello"));

export default app;
