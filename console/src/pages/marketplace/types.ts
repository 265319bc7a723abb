// The marketplace's shapes, read from the typed client so a schema change breaks the build.
import type { InferRequestType, InferResponseType } from "hono/client";
import type { Client } from "../../lib/api.ts";

export type Template = InferResponseType<Client["v1"]["templates"][":id"]["$get"], 200>;
export type RequiredCredential = Template["requiredCredentials"][number];
export type Rating = InferResponseType<
  Client["v1"]["templates"][":id"]["ratings"]["$get"],
  200
>["data"][number];
export type Sort = "popular" | "rating" | "newest";
/** A definition as the admin routes take it (raw JSON the API checks). */
export type DefinitionInput = InferRequestType<
  Client["v1"]["admin"]["templates"]["$post"]
>["json"]["definition"];
