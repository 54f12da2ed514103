/**
 * The embedded servers' settings (embedded.ts, services.ts), part of the one validated configuration
 * (src/config.ts spreads them in): where the FerretDB and redis-server binaries are, and which backend
 * the embedded FerretDB stores into.
 */
import { z } from 'zod';

const postgresqlUrl = z.string().refine((v) => {
  try {
    return ['postgres:', 'postgresql:'].includes(new URL(v).protocol);
  } catch {
    return false;
  }
}, 'must be a URL starting with postgres:// or postgresql://');

export const embeddedSettings = {
  FERRETDB_BIN: z.string().min(1).optional(),
  /**
   * the embedded FerretDB's backend: `sqlite` (files in DATA_DIR, nothing to install) or `postgresql`
   * (FERRETDB_POSTGRESQL_URL, or a local cluster at LOCAL_POSTGRESQL_URL); default sqlite, or postgresql
   * when FERRETDB_POSTGRESQL_URL is set
   */
  STORE_BACKEND: z.enum(['sqlite', 'postgresql']).optional(),
  FERRETDB_POSTGRESQL_URL: postgresqlUrl.optional(),
  REDIS_SERVER_BIN: z.string().min(1).optional(),
};
