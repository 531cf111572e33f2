import { z } from "zod";
import { typedKeySchema } from "@/lib/domain/keys/code";

export const uploadActivityQuerySchema = z.object({ key: typedKeySchema });

export const activitySummarySchema = z
  .object({
    id: z.uuid(),
    starterId: z.uuid(),
    startedAt: z.iso.datetime({ offset: true }).meta({ example: "2027-05-01T08:00:00.000Z" }),
    durationSeconds: z.number().int().meta({ example: 3600 }),
    distanceMeters: z.number().meta({ example: 10012.4 }),
    points: z.number().int().meta({ example: 3601 }),
    insideEventWindow: z.boolean().meta({ description: "The activity lies inside the event's start and end" }),
  })
  .meta({ id: "ActivitySummary" });
export type ActivitySummary = z.infer<typeof activitySummarySchema>;

/** What the organiser's list shows of each activity: the summary, the participant and the outline. */
export const activityListItemSchema = activitySummarySchema
  .extend({
    format: z.enum(["fit", "gpx", "tcx"]),
    movingSeconds: z.number().int(),
    droppedPoints: z
      .number()
      .int()
      .meta({ description: "Points read but dropped: invalid position or time, time going backwards" }),
    startNumber: z.string().nullable(),
    name: z.string().nullable(),
    key: z.string().nullable(),
    uploadedAt: z.iso.datetime({ offset: true }),
  })
  .meta({ id: "Activity" });
export type ActivityListItem = z.infer<typeof activityListItemSchema>;

export const MAX_ACTIVITIES_PAGE = 500;
const limitMessage = `limit must be an integer from 1 to ${MAX_ACTIVITIES_PAGE}`;

export const activityListQuerySchema = z.object({
  cursor: z
    .uuid({ message: "cursor is not a cursor of this list" })
    .optional()
    .meta({ description: "nextCursor of the previous page" }),
  limit: z
    .string({ message: limitMessage })
    .regex(/^\d{1,4}$/, limitMessage)
    .transform(Number)
    .pipe(z.number().int().min(1, limitMessage).max(MAX_ACTIVITIES_PAGE, limitMessage))
    .default(100)
    .meta({ description: "Activities per page", example: "100" }),
});

export const activityPageSchema = z
  .object({
    activities: z.array(activityListItemSchema),
    nextCursor: z.uuid().nullable().meta({ description: "Pass as cursor for the next page; null on the last page" }),
  })
  .meta({ id: "ActivityPage" });

export const activityParamsSchema = z.object({
  eventId: z.uuid({ message: "eventId is not an event id" }),
  activityId: z.uuid({ message: "activityId is not an activity id" }),
});

export const activityTrackQuerySchema = z.object({
  format: z.enum(["json", "geojson", "gpx"], { message: "format must be json, geojson or gpx" }).default("json"),
});

export const trackPointSchema = z.object({
  time: z.iso.datetime({ offset: true }),
  lat: z.number(),
  lon: z.number(),
  elevation: z.number().optional(),
  heartRate: z.number().int().optional(),
});

export const activityTrackSchema = z
  .object({ activity: activityListItemSchema, points: z.array(trackPointSchema) })
  .meta({ id: "ActivityTrack" });
