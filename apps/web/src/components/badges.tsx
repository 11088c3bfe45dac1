import type { CoverageStatus, RiskLevel } from '@clearance/contracts';
import { riskLabels, statusLabels } from '../lib/format';

export function StatusBadge({ status }: { status: CoverageStatus }) {
  return <span className={`badge status-${status}`}>{statusLabels[status]}</span>;
}

export function RiskBadge({ risk }: { risk: RiskLevel }) {
  return <span className={`risk risk-${risk}`}>{riskLabels[risk]}</span>;
}
