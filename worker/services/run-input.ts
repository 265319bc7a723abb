import { checkInputShape } from "../../engine/input-schema.ts";
import { Invalid } from "../lib/errors.ts";

/** The run input's own shape (size, depth, keys), checked before any connector is read. */
export function assertRunInputShape(input: unknown): void {
  const shape = checkInputShape(input);
  if (!shape.ok) throw new Invalid("The input is not acceptable.", shape.errors);
}
