import { z } from "@hono/zod-openapi";

export { TemplateIdParams } from "../templates/schema.ts";

const USER_ID_EXAMPLE = "bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb";

export const RatingSchema = z
  .object({
    templateId: z.uuid().openapi({
      description: "The rated template.",
      example: "e0000000-0000-4000-8000-000000000001",
    }),
    userId: z.uuid().openapi({ description: "Who rated it.", example: USER_ID_EXAMPLE }),
    rating: z.number().int().openapi({ description: "1–5.", example: 4 }),
    review: z.string().nullable().openapi({
      description: "Optional review text.",
      example: "Worked on the first try.",
    }),
    createdAt: z.string().openapi({ format: "date-time", example: "2026-11-22T10:15:30.123Z" }),
    updatedAt: z.string().openapi({ format: "date-time", example: "2026-11-22T10:15:30.123Z" }),
  })
  .openapi("Rating");

export const RatingResultSchema = RatingSchema.extend({
  template: z
    .object({
      id: z.uuid().openapi({
        description: "The template.",
        example: "e0000000-0000-4000-8000-000000000001",
      }),
      ratingAvg: z.number().openapi({
        description: "The template's average rating, this one included.",
        example: 4.5,
      }),
      ratingCount: z.number().int().openapi({ description: "Its number of ratings.", example: 2 }),
    })
    .openapi({ description: "The template's aggregates right after this rating." }),
}).openapi("RatingResult");

export const PutRatingBody = z
  .strictObject({
    rating: z.number().int().min(1).max(5).openapi({ description: "1–5 stars.", example: 4 }),
    review: z.string().trim().min(1).max(2000).nullable().optional().openapi({
      description: "Optional review (≤ 2000 characters). Rating again replaces both.",
      example: "Worked on the first try.",
    }),
  })
  .openapi("PutRating");
