import { computeMetrics } from '../../src/server/platform/modules/metrics';
import { chinaToday } from '../../src/server/platform/workbench/service';
import { incomingModule } from '../../src/server/modules/incoming/module';
import { call } from './http';
import type { Op } from './types';

/**
 * 效能: the yearly 收文 figures of an office (收文数, 办结数, mean working days, 承办按时办结率 and 承办超期未办
 * by 承办 unit) for the last full year, asked by the office's registrar, in turn for the provincial office
 * and each city office. The API computes them per office; a province-wide table would be one call per office.
 */
export const metricsOp: Op = {
  key: 'metrics',
  title: '效能 年度统计 metrics',
  call: 'GET /api/v1/metrics/incoming?from=Y-01-01&to=Y-12-31&unitId=office',
  budget: { 1: { count: 48, warmup: 4, maxSeconds: 30 }, 16: { count: 160, warmup: 16, maxSeconds: 30 } },
  async api(ctx, i) {
    const { office, registrar } = ctx.subjects.offices[i % ctx.subjects.offices.length]!;
    const y = ctx.subjects.metricsYear;
    await call(
      ctx.http,
      ctx.session(registrar),
      'GET',
      `/api/v1/metrics/incoming?from=${y}-01-01&to=${y}-12-31&unitId=${office.unitId}`,
    );
  },
  async bare(ctx) {
    const y = ctx.subjects.metricsYear;
    const sequences = [];
    for (const { office } of ctx.subjects.offices) {
      const scope = { unitId: office.unitId, from: `${y}-01-01`, to: `${y}-12-31`, today: chinaToday(ctx.now()) };
      sequences.push(await ctx.capture.read((db) => computeMetrics(db, ctx.cal, incomingModule, scope)));
    }
    return { kind: 'read', sequences, note: 'unit names + the five metric statements' };
  },
};
