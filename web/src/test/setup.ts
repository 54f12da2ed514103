import { afterEach } from 'vitest';
import { cleanup } from '@testing-library/react';

// jsdom lacks what Ant Design measures with; these answer like a wide desktop screen.
Object.defineProperty(window, 'matchMedia', {
  writable: true,
  value: (query: string) => ({
    matches: false,
    media: query,
    onchange: null,
    addListener: () => undefined,
    removeListener: () => undefined,
    addEventListener: () => undefined,
    removeEventListener: () => undefined,
    dispatchEvent: () => false,
  }),
});
class NoResizeObserver {
  observe() {}
  unobserve() {}
  disconnect() {}
}
Object.defineProperty(window, 'ResizeObserver', { writable: true, value: NoResizeObserver });

// Without vitest globals Testing Library cannot register its own cleanup: unmount after each test.
afterEach(cleanup);
