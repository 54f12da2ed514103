/** ApiKey collection: keys are random, shown once, stored only as a SHA-256 hash with role and agency. */
import { Schema, model, type InferSchemaType, type Types } from 'mongoose';
import { keyedObjectId } from '../store/keys';
import { ROLES } from './roles';

const apiKeySchema = new Schema(
  {
    keyId: { type: String, required: true, unique: true },
    secretHash: { type: String, required: true },
    label: { type: String, required: true },
    role: { type: String, enum: ROLES, required: true },
    agency: { type: String, required: true },
    createdBy: { type: String, required: true },
    createdAt: { type: Date, required: true },
    revokedAt: { type: Date, default: null },
    revokedBy: { type: String, default: null },
    lastUsedAt: { type: Date, default: null },
    /** may run only registered operations (trustedOperations.ts) */
    trustedOnly: { type: Boolean, default: false },
  },
  { collection: 'apiKeys', versionKey: false },
);
apiKeySchema.index({ agency: 1, role: 1 });

export type ApiKey = InferSchemaType<typeof apiKeySchema>;
export const ApiKeyModel = model('ApiKey', apiKeySchema);

/** A key's `_id`, derived from its key id (src/store/keys.ts): every request reads its key by a point read. */
export const apiKeyObjectId = (keyId: string) => keyedObjectId('ApiKey', keyId);

/**
 * The key record of `keyId`: a point read by the `_id` the key id derives; keys created before keyed
 * ids (another `_id`) by their key id, which the embedded store answers by reading the collection.
 */
export async function findApiKey(keyId: string): Promise<(ApiKey & { _id: Types.ObjectId }) | null> {
  const keyed = await ApiKeyModel.findOne({ _id: apiKeyObjectId(keyId) }).lean<ApiKey & { _id: Types.ObjectId }>().exec();
  if (keyed && keyed.keyId === keyId) return keyed;
  return ApiKeyModel.findOne({ keyId }).lean<ApiKey & { _id: Types.ObjectId }>().exec();
}
