/** Plain-fetch clients for the sandbox servers (what a third party would write from the specs). */
import { randomBytes } from 'node:crypto';
import { signIndustrialRequest, type RunningSandbox } from '../../../sandbox';

export function industrialFetch(sandbox: RunningSandbox, pathWithQuery: string, overrides: Partial<Record<'timestamp' | 'nonce' | 'sign' | 'appKey', string>> = {}): Promise<Response> {
  const appKey = overrides.appKey ?? sandbox.credentials.INDUSTRIAL_APP_KEY;
  const timestamp = overrides.timestamp ?? String(Date.now());
  const nonce = overrides.nonce ?? randomBytes(12).toString('hex');
  const sign = overrides.sign ?? signIndustrialRequest(sandbox.credentials.INDUSTRIAL_APP_SECRET, appKey, timestamp, nonce, pathWithQuery);
  return fetch(sandbox.urls.industrial + pathWithQuery, { headers: { 'X-App-Key': appKey, 'X-Timestamp': timestamp, 'X-Nonce': nonce, 'X-Sign': sign } });
}

export async function householdToken(sandbox: RunningSandbox): Promise<string> {
  const res = await fetch(`${sandbox.urls.household}/oauth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'client_credentials', client_id: sandbox.credentials.HOUSEHOLD_CLIENT_ID, client_secret: sandbox.credentials.HOUSEHOLD_CLIENT_SECRET }),
  });
  return ((await res.json()) as { access_token: string }).access_token;
}

