/**
 * Trusted documents: a key created `trustedOnly` may run only operations an ADMIN registered, each
 * known by the SHA-256 of its exact text (the way public GraphQL APIs open to third parties). The
 * registry is one collection keyed by that hash (`_id`), so the check per request is a point read.
 */
import { createHash } from 'node:crypto';
import { Schema, model, type InferSchemaType } from 'mongoose';

const trustedOperationSchema = new Schema(
  {
    _id: { type: String, required: true },
    name: { type: String, default: null },
    document: { type: String, required: true },
    registeredBy: { type: String, required: true },
    registeredAt: { type: Date, required: true },
  },
  { collection: 'trustedOperations', versionKey: false },
);

export type TrustedOperation = InferSchemaType<typeof trustedOperationSchema>;
export const TrustedOperationModel = model('TrustedOperation', trustedOperationSchema);

/** The hash a document is registered and checked under: SHA-256 of its exact text, hex. */
export function operationHash(document: string): string {
  return createHash('sha256').update(document, 'utf8').digest('hex');
}

/** Registers `document` (idempotent: registering the same text again returns the first registration). */
export async function registerTrustedOperation(document: string, name: string | null, registeredBy: string): Promise<TrustedOperation> {
  const hash = operationHash(document);
  const existing = await TrustedOperationModel.findById(hash).lean();
  if (existing) return existing;
  try {
    return (await TrustedOperationModel.create({ _id: hash, name, document, registeredBy, registeredAt: new Date() })).toObject();
  } catch (err) {
    // registered concurrently by another request: the first one stands
    const raced = await TrustedOperationModel.findById(hash).lean();
    if (raced) return raced;
    throw err;
  }
}

export async function isTrustedOperation(document: string): Promise<boolean> {
  return (await TrustedOperationModel.findById(operationHash(document)).select({ _id: 1 }).lean()) !== null;
}
