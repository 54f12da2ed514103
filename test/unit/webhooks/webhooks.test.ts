/** The pure parts of webhooks: signatures, who receives an event, which status change is an event, URL checks, revisions. */
import { Types } from 'mongoose';
import type { Caller } from '../../../src/auth/roles';
import { webhookUrl } from '../../../src/graphql/resolvers/webhooks';
import { indicatorRevisions } from '../../../src/indicators/close';
import { mayReceive, recipients } from '../../../src/webhooks/dispatch';
import { flagTransitionEvent, periodClosedEvent, type EventScope } from '../../../src/webhooks/events';
import type { WebhookSubscriptionRecord } from '../../../src/webhooks/models';
import { signWebhook, verifyWebhook } from '../../../src/webhooks/signature';
import { isPrivateAddress } from '../../../src/webhooks/target';

const caller = (role: Caller['role'], agency: string): Caller => ({ keyId: `${role}-${agency}`, label: 'k', role, agency });

describe('signWebhook / verifyWebhook', () => {
  const secret = 'whsec_test';
  const body = '{"id":"flag:HW-QTY|M1|2026-03:0","type":"FLAG_RAISED"}';
  const now = 1_780_000_000;

  it('signs `timestamp.body` with HMAC-SHA256 (the known answer of openssl dgst -sha256 -hmac)', () => {
    // printf '%s' '1780000000.{"id":"flag:HW-QTY|M1|2026-03:0","type":"FLAG_RAISED"}' | openssl dgst -sha256 -hmac whsec_test
    expect(signWebhook(secret, now, body)).toBe('sha256=4f581eed2bca98d5f6adf11fd08f494f2c6e656e5cbbea794a153b7598fbaffe');
    expect(signWebhook(secret, now, body)).not.toBe(signWebhook(secret, now + 1, body));
  });

  it.each([
    ['the signature as sent', {}, true],
    ['another body', { body: body.replace('M1', 'M2') }, false],
    ['another secret', { secret: 'whsec_other' }, false],
    ['a timestamp 6 minutes old', { timestamp: now - 360 }, false],
    ['a timestamp 4 minutes old', { timestamp: now - 240 }, true],
    ['no signature', { signature: '' }, false],
    ['a signature of another length', { signature: 'sha256=00' }, false],
  ] as const)('%s → %s', (_name, change: { body?: string; secret?: string; timestamp?: number; signature?: string }, expected) => {
    const timestamp = change.timestamp ?? now;
    const signature = change.signature ?? signWebhook(secret, timestamp, body);
    expect(verifyWebhook(change.secret ?? secret, { signature, timestamp: String(timestamp) }, change.body ?? body, now)).toBe(expected);
  });
});

describe('mayReceive: the API scope for pushes', () => {
  const industrialFlag: EventScope = { streams: ['industrial'], agencies: [] };
  const escalatedToTax: EventScope = { streams: ['industrial'], agencies: ['TAX'] };
  it.each([
    [caller('ADMIN', 'TASKFORCE'), industrialFlag, true],
    [caller('PARTNER', 'EEB'), industrialFlag, true],
    [caller('PARTNER', 'UMC'), industrialFlag, false],
    [caller('PARTNER', 'TAX'), industrialFlag, false],
    // escalated flags are read by the agency's operators, not by its partner keys (as `flag(id)`)
    [caller('STEWARD', 'TAX'), escalatedToTax, true],
    [caller('ANALYST', 'TAX'), escalatedToTax, true],
    [caller('PARTNER', 'TAX'), escalatedToTax, false],
    [caller('ANALYST', 'HHC'), escalatedToTax, false],
    [caller('PARTNER', 'UMC'), periodClosedEvent('2026-03', 1, new Date(), 40).scope, true],
  ])('%o receives %o: %s', (who, scope, expected) => {
    expect(mayReceive(who, scope)).toBe(expected);
  });

  it('recipients: subscribed to the type, key live, scope read', () => {
    const sub = (keyId: string, events: WebhookSubscriptionRecord['events']) =>
      ({ _id: new Types.ObjectId(), keyId, url: 'https://x', events, secret: 's', createdAt: new Date(), createdBy: 'k', deletedAt: null, deletedBy: null }) satisfies WebhookSubscriptionRecord;
    const eeb = sub('eeb', ['FLAG_RAISED']);
    const umc = sub('umc', ['FLAG_RAISED']);
    const closesOnly = sub('eeb', ['PERIOD_CLOSED']);
    const revoked = sub('gone', ['FLAG_RAISED']);
    const callers = new Map([
      ['eeb', caller('PARTNER', 'EEB')],
      ['umc', caller('PARTNER', 'UMC')],
    ]);
    expect(recipients({ type: 'FLAG_RAISED', scope: { streams: ['industrial'], agencies: [] } }, [eeb, umc, closesOnly, revoked], callers)).toEqual([eeb]);
    expect(recipients({ type: 'PERIOD_CLOSED', scope: { streams: [], agencies: [] } }, [eeb, umc, closesOnly, revoked], callers)).toEqual([closesOnly]);
  });
});

describe('flagTransitionEvent', () => {
  it.each([
    ['OPEN', 'RESOLVED', 'FLAG_RESOLVED'],
    ['ACKNOWLEDGED', 'DISMISSED', 'FLAG_RESOLVED'],
    ['RESOLVED', 'OPEN', 'FLAG_REOPENED'],
    ['DISMISSED', 'OPEN', 'FLAG_REOPENED'],
    ['OPEN', 'ACKNOWLEDGED', null],
    ['OPEN', 'OPEN', null],
    [null, null, null],
  ])('%s → %s: %s', (from, to, expected) => {
    expect(flagTransitionEvent(from, to)).toBe(expected);
  });
});

describe('webhookUrl', () => {
  it.each(['https://partner.example/hooks/zw?x=1', 'http://10.0.0.5:8080/hook'])('accepts %s', (url) => {
    expect(webhookUrl(url)).toBe(new URL(url).toString());
  });
  it.each([
    ['ftp://partner.example/hook', /scheme must be http or https/],
    ['javascript:alert(1)', /scheme must be http or https/],
    ['https://user:pw@partner.example/hook', /credentials/],
    ['https://user@partner.example/hook', /credentials/],
    ['/relative/hook', /not an absolute URL/],
    [`https://partner.example/${'a'.repeat(2000)}`, /at most 2000/],
  ])('refuses %s', (url, message) => {
    expect(() => webhookUrl(url)).toThrow(message);
  });
});

describe('indicatorRevisions', () => {
  const v = (code: string, area: string, value: string | null, version: number) => ({ code, period: '2026-03', area, value, version });
  it('lists the values a re-close changed, with the previous value', () => {
    const previous = [v('ZW01', 'DISTRICT', '0.5', 1), v('ZW01', 'BAJIAO', '0.4', 1), v('ZW09', 'DISTRICT', null, 1)];
    const current = [v('ZW01', 'DISTRICT', '0.5', 2), v('ZW01', 'BAJIAO', '0.45', 2), v('ZW09', 'DISTRICT', '0.9', 2), v('ZW10', 'DISTRICT', '1', 2)];
    expect(indicatorRevisions(previous, current)).toEqual([
      { code: 'ZW01', period: '2026-03', area: 'BAJIAO', version: 2, value: '0.45', previousVersion: 1, previousValue: '0.4' },
      { code: 'ZW09', period: '2026-03', area: 'DISTRICT', version: 2, value: '0.9', previousVersion: 1, previousValue: null },
      { code: 'ZW10', period: '2026-03', area: 'DISTRICT', version: 2, value: '1', previousVersion: 1, previousValue: null },
    ]);
    expect(indicatorRevisions(previous, previous.map((p) => ({ ...p, version: 2 })))).toEqual([]);
  });
});

describe('isPrivateAddress (webhook targets)', () => {
  it.each([
    ['127.0.0.1', true],
    ['10.1.2.3', true],
    ['172.20.0.1', true],
    ['172.32.0.1', false],
    ['192.168.1.1', true],
    ['169.254.169.254', true],
    ['100.64.0.1', true],
    ['0.0.0.0', true],
    ['8.8.8.8', false],
    ['::1', true],
    ['fe80::1', true],
    ['fd00::1', true],
    ['::ffff:127.0.0.1', true],
    ['::ffff:7f00:1', true],
    ['::ffff:8.8.8.8', true],
    ['2001:4860:4860::8888', false],
    ['not-an-address', true],
  ])('%s → %s', (address, expected) => {
    expect(isPrivateAddress(address)).toBe(expected);
  });
});
