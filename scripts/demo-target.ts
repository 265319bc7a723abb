// `npm run demo-target`: runs the demo target on its own (npm run dev starts it too).
import { createDemoTarget } from "./lib/demo-target.ts";
import { DEMO_TARGET_PORT } from "./lib/local-defaults.ts";

const server = createDemoTarget();
server.listen(DEMO_TARGET_PORT, "127.0.0.1", () => {
  console.log(`demo target on http://127.0.0.1:${DEMO_TARGET_PORT}`);
});
