import { describe, expect, it } from 'vitest';
import { STYLED_COMPONENTS } from './theme';

// the console's own sources, tests left out
const SOURCES = import.meta.glob<string>(['./**/*.tsx', './**/*.ts', '!./**/*.test.*', '!./test/**'], { query: '?raw', import: 'default', eager: true });

describe('the build-time Ant Design styles', () => {
  it('cover every component the console imports from antd', () => {
    const imported = new Set<string>();
    for (const source of Object.values(SOURCES)) {
      for (const [, names] of source.matchAll(/import\s*\{([^}]*)\}\s*from\s*'antd'/g)) {
        for (const name of names!.split(',')) {
          const [component] = name.trim().split(/\s+as\s+/);
          if (component && !component.startsWith('type ') && /^[A-Z]/.test(component) && component !== 'ConfigProvider') imported.add(component);
        }
      }
    }
    expect(imported.size).toBeGreaterThan(10);
    expect([...imported].filter((name) => !STYLED_COMPONENTS.includes(name))).toEqual([]);
  });
});
