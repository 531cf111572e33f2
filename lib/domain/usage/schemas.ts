import { z } from "zod";

const counts = {
  keysMinted: z.int().min(0).meta({ description: "Keys minted (also at checkout)", example: 500 }),
  keysUsed: z.int().min(0).meta({ description: "Keys connected to a phone for the first time (billed)", example: 420 }),
  passcodeDevices: z.int().min(0).meta({ description: "Phones that joined with the event's passcode", example: 12 }),
};
const usageCountsSchema = z.object(counts);
export type UsageCounts = z.output<typeof usageCountsSchema>;

export const usageSchema = z
  .object({
    timeZone: z.string().meta({ description: "The zone of the days (TIME_ZONE)", example: "Europe/Berlin" }),
    total: usageCountsSchema,
    days: z
      .array(z.object({ date: z.iso.date().meta({ example: "2027-05-01" }), ...counts }))
      .meta({ description: "Days with any usage, in order" }),
  })
  .meta({ id: "Usage" });
export type Usage = z.output<typeof usageSchema>;

export const usageQuerySchema = z.object({
  format: z.enum(["json", "csv"], { message: "format must be json or csv" }).default("json"),
});
