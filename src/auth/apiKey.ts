/** ApiKey collection: keys are random, shown once, stored only as a SHA-256 hash with role and agency. */
import { Schema, model, type InferSchemaType } from 'mongoose';
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
