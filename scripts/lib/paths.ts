import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/** The project's root folder, wherever the clone lives. */
export const ROOT = join(dirname(fileURLToPath(import.meta.url)), "../..");
export const DATA_DIR = join(ROOT, ".data");
