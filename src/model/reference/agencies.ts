/**
 * The agencies that own or consume the hub's data, with their former names (the pilot documents use
 * pre-2019 names such as 环境保护局), and the streams each owns. Auth scopes are derived from here.
 */

export const STREAMS = ['industrial', 'household', 'construction', 'medical', 'taxstat'] as const;
export type Stream = (typeof STREAMS)[number];

/** Source ids (connectors). Each source currently carries exactly the stream of the same name. */
export const SOURCES = STREAMS;
export type SourceId = Stream;

export interface Agency {
  code: string;
  name: string;
  fullName: string;
  /** names used before reorganisations, as they appear in older documents and records */
  formerNames: readonly string[];
  streams: readonly Stream[];
}

export const AGENCIES = [
  {
    code: 'EEB',
    name: '生态环境局',
    fullName: '石景山区生态环境局',
    formerNames: ['环境保护局', '环保局'],
    // owns the industrial platform; disposer receipts (medical) and 环境统计 (taxstat) report to it
    streams: ['industrial', 'medical', 'taxstat'],
  },
  {
    code: 'UMC',
    name: '城市管理委',
    fullName: '石景山区城市管理委员会',
    formerNames: ['城市管理局', '城管委', '市政市容委'],
    streams: ['household', 'construction'],
  },
  {
    code: 'HUC',
    name: '住房城乡建设委',
    fullName: '石景山区住房和城乡建设委员会',
    formerNames: ['住房和城市建设委', '住建委', '建设局', '建设发展局', '开发建设局'],
    streams: ['construction'],
  },
  {
    code: 'HHC',
    name: '卫生健康委',
    fullName: '石景山区卫生健康委员会',
    formerNames: ['卫生和计划生育委员会', '卫计委', '卫生局', '卫健委'],
    streams: ['medical'],
  },
  {
    code: 'TAX',
    name: '税务局',
    fullName: '国家税务总局北京市石景山区税务局',
    formerNames: ['地方税务局', '国家税务局', '地税局', '国税局'],
    streams: ['taxstat'],
  },
  {
    code: 'STATS',
    name: '统计局',
    fullName: '石景山区统计局',
    formerNames: [],
    streams: ['taxstat'],
  },
  {
    code: 'TASKFORCE',
    name: '无废城市建设工作专班',
    fullName: '石景山区“无废城市”建设工作专班',
    formerNames: ['专班', '无废城市专班'],
    streams: ['industrial', 'household', 'construction', 'medical', 'taxstat'],
  },
] as const satisfies readonly Agency[];

export type AgencyCode = (typeof AGENCIES)[number]['code'];
export const AGENCY_CODES = AGENCIES.map((a) => a.code) as readonly AgencyCode[];

export const AGENCIES_VERSION = { version: '2019', validFrom: new Date('2019-01-01T00:00:00+08:00') } as const;

export function agencyByCode(code: string): (typeof AGENCIES)[number] | undefined {
  return AGENCIES.find((a) => a.code === code);
}

/** Current or former name (with or without the district prefix) → agency code. */
export function agencyByName(name: string): AgencyCode | null {
  const text = name.replace(/\s+/g, '').replace(/^(北京市)?(石景山)?区?/, '');
  const agency = AGENCIES.find(
    (a) => a.name === text || a.fullName === name.trim() || (a.formerNames as readonly string[]).includes(text),
  );
  return agency?.code ?? null;
}

export function streamsOfAgency(code: AgencyCode): readonly Stream[] {
  return agencyByCode(code)!.streams;
}
