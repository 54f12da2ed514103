import { ConfigError, loadConfig } from '../../src/config';

describe('loadConfig', () => {
  it('applies defaults when nothing is set', () => {
    const config = loadConfig({});
    expect(config.PORT).toBe(4000);
    expect(config.DATA_DIR).toBe('.data');
    expect(config.MONGODB_URI).toBeUndefined();
  });

  it.each([
    ['PORT', 'eighty', 'PORT'],
    ['PORT', '70000', 'PORT'],
    ['MONGODB_URI', 'http://localhost:27017', 'MONGODB_URI'],
    ['REDIS_URL', 'localhost:6379', 'REDIS_URL'],
    ['SOURCE_INDUSTRIAL_URL', 'ftp://agency/openapi', 'SOURCE_INDUSTRIAL_URL'],
    ['SCHEDULE_SYNC_REST', 'every fifteen minutes', 'SCHEDULE_SYNC_REST'],
    ['LOG_LEVEL', 'loud', 'LOG_LEVEL'],
    ['TOKEN_SECRET', 'short', 'TOKEN_SECRET'],
  ])('rejects %s=%s naming the variable', (name, value, named) => {
    expect(() => loadConfig({ [name]: value })).toThrow(ConfigError);
    try {
      loadConfig({ [name]: value });
    } catch (err) {
      expect((err as ConfigError).problems.join('\n')).toContain(named);
    }
  });

  it('requires TOKEN_SECRET in production', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/TOKEN_SECRET/);
  });

  it('treats empty strings as unset', () => {
    expect(loadConfig({ PORT: '', MONGODB_URI: '' }).PORT).toBe(4000);
  });

  it('accepts file:// and https:// source URLs', () => {
    const config = loadConfig({ SOURCE_MEDICAL_URL: 'file:///srv/drop', SOURCE_INDUSTRIAL_URL: 'https://sw.example.gov.cn/openapi' });
    expect(config.SOURCE_MEDICAL_URL).toBe('file:///srv/drop');
  });
});
