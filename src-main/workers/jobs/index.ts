import { methodParamSchemas } from '../../../shared/domain/methods';
import type { JobContext, RunJobOutcome, RunJobRequest } from '../protocol';
import { runEvaluate } from './evaluate';
import { runLinearRegression } from './linear-regression';
import { runLogistic } from './logistic';
import { runMlp } from './mlp';
import { runMilpTrain } from './milp-train';
import { runAttack } from './adversarial';

type Handler = (request: RunJobRequest, context: JobContext) => RunJobOutcome | Promise<RunJobOutcome>;

/** Params were validated by the service; parsing again here applies defaults and keeps types honest. */
const handlers: Record<string, Handler> = {
  evaluate: (request) => runEvaluate(methodParamSchemas.evaluate.parse(request.params), request.data),
  'linear-regression': (request) => runLinearRegression(methodParamSchemas['linear-regression'].parse(request.params), request.data),
  'logistic-regression': (request, context) => runLogistic(methodParamSchemas['logistic-regression'].parse(request.params), request.data, context),
  'mlp-gd': (request, context) => runMlp(methodParamSchemas['mlp-gd'].parse(request.params), request.data, context),
  'milp-train': (request, context) => runMilpTrain(methodParamSchemas['milp-train'].parse(request.params), request.data, context),
  adversarial: (request, context) => {
    const params = methodParamSchemas.adversarial.parse(request.params);
    const network = typeof params.network === 'string' ? request.resolved?.network : params.network;
    if (!network) throw new Error('the network to attack was not resolved');
    return runAttack(params, request.data, network, context);
  },
};

export async function runJob(request: RunJobRequest, context: JobContext): Promise<RunJobOutcome> {
  const handler = handlers[request.method];
  if (!handler) throw new Error(`no worker handler for method '${request.method}'`);
  return handler(request, context);
}
