describe('runtime', () => {
  it('runs on Node 24 or newer (the node@24 devDependency comes first on PATH)', () => {
    expect(Number(process.versions.node.split('.')[0])).toBeGreaterThanOrEqual(24);
  });
});
