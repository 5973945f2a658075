import { methodParamSchemas } from '../../../shared/domain/methods';
import { buildSparseTrainModel } from '../../engine/sparse-train/formulation';
import type { ModelExportRequest } from '../protocol';
import { trainingRows } from './data';

/** The same model the run's solve used, written as text a user can feed to another solver. */
export function exportModel(request: ModelExportRequest): string {
  if (request.method === 'milp-train') {
    const params = methodParamSchemas['milp-train'].parse(request.params);
    const built = buildSparseTrainModel(trainingRows(request.data), params);
    return request.format === 'lp' ? built.model.toLpText() : built.model.toMpsText('free');
  }
  throw new Error(`runs of ${request.method} have no optimisation model to export`);
}
