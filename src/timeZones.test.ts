import { setTimeZoneResolver } from '@grafana/data';

import { surroundingTimeZone, toIanaZone } from './timeZones';

describe('toIanaZone', () => {
  it("maps Grafana's internal names to what the backend understands", () => {
    expect(toIanaZone('utc')).toBe('UTC');
    // jest runs with TZ=UTC (jest.config.js), so the browser's zone is UTC here.
    expect(toIanaZone('browser')).toBe('UTC');
    expect(toIanaZone('')).toBeUndefined();
    expect(toIanaZone(undefined)).toBeUndefined();
    expect(toIanaZone('America/New_York')).toBe('America/New_York');
  });
});

describe('surroundingTimeZone', () => {
  afterEach(() => setTimeZoneResolver(() => undefined));

  it("uses the zone of the panel's last request", () => {
    setTimeZoneResolver(() => 'Asia/Tokyo');
    const data = { request: { timezone: 'Europe/Berlin' } } as Parameters<typeof surroundingTimeZone>[0];
    expect(surroundingTimeZone(data)).toBe('Europe/Berlin');
  });

  it("falls back to the user's preferred zone when the dashboard uses the default", () => {
    setTimeZoneResolver(() => 'Asia/Tokyo');
    const data = { request: { timezone: '' } } as Parameters<typeof surroundingTimeZone>[0];
    expect(surroundingTimeZone(data)).toBe('Asia/Tokyo');
    expect(surroundingTimeZone(undefined)).toBe('Asia/Tokyo');
  });
});
