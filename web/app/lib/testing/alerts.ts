// Alerts for unit tests: an open HIGH alert with nothing attached, changed where a test says.
import type { Alert } from '../graphql/fragments';

export const anAlert = (id: string, overrides: Partial<Alert> = {}): Alert => ({
  id,
  kind: 'NUMBER_DANGEROUS',
  severity: 'HIGH',
  status: 'OPEN',
  title: `Alert ${id}`,
  message: '',
  number: null,
  createdAt: '2026-11-24T00:00:00.000Z',
  acknowledgedAt: null,
  acknowledger: null,
  resolvedAt: null,
  resolver: null,
  resolution: null,
  campaign: null,
  case: null,
  ...overrides,
});
