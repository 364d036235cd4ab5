// force timezone to UTC to allow tests to work regardless of local timezone
// generally used by snapshots, but can affect specific tests
process.env.TZ = 'UTC';

const scaffolded = require('./.config/jest.config');

module.exports = {
  // Jest configuration provided by Grafana scaffolding
  ...scaffolded,
  transform: {
    ...scaffolded.transform,
    // d3-color 3.1.1 (a dependency of @grafana/data 12.4) ships only .mjs files, which the
    // scaffolded transform pattern (.js/.ts/.jsx/.tsx) does not cover.
    '^.+\\.mjs$': scaffolded.transform['^.+\\.(t|j)sx?$'],
  },
  // Editor tests drive Grafana's real inputs (selects, virtualised menus) in jsdom; on a shared
  // two-core machine a single test can exceed jest's 5 s default without anything being wrong.
  testTimeout: 30000,
};
