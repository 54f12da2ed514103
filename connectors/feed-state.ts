/**
 * State shapes of the REST sources, validated when handed back to read(): a stored state that does
 * not parse is an error to look at, never silently a fresh start (that would re-read everything).
 */
import { z } from 'zod';
import { watermarkSchema } from './api-records';
import { bundleProgressSchema } from './bundle';
import type { JsonObject } from './contract';
import { SourceStateError } from './errors';

/** industrial, construction: the change-feed watermark, and progress through an export bundle. */
export const watermarkFeedStateSchema = z.object({
  watermark: watermarkSchema.nullable().default(null),
  bundle: bundleProgressSchema.nullable().default(null),
});
export type WatermarkFeedState = z.infer<typeof watermarkFeedStateSchema>;

export function parseSavedState<Schema extends z.ZodType>(sourceId: string, stream: string, schema: Schema, state: JsonObject | null): z.output<Schema> {
  const parsed = schema.safeParse(state ?? {});
  if (!parsed.success) {
    throw new SourceStateError(sourceId, `saved state of stream ${stream} has the wrong shape: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  }
  return parsed.data;
}

/** Plain JSON copy of a state for a batch (the engine stores it as is). */
export function stateJson(state: object): JsonObject {
  return JSON.parse(JSON.stringify(state)) as JsonObject;
}
