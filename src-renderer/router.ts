import { createRouter, createWebHashHistory, START_LOCATION } from 'vue-router';
import { isString, readStored, writeStored } from './dom/storage';
import CompareView from './views/CompareView.vue';
import DatasetsView from './views/DatasetsView.vue';
import ExperimentResultsView from './views/ExperimentResultsView.vue';
import ExperimentsView from './views/ExperimentsView.vue';
import ExperimentView from './views/ExperimentView.vue';
import HistoryView from './views/HistoryView.vue';
import RunView from './views/RunView.vue';

// Hash history: the desktop app loads index.html from file://, where path routes cannot resolve.
export const router = createRouter({
  history: createWebHashHistory(),
  routes: [
    { path: '/', redirect: '/experiment' },
    { path: '/datasets', component: DatasetsView, meta: { title: 'Data sets' } },
    { path: '/experiment', component: ExperimentView, meta: { title: 'Experiment' } },
    { path: '/experiments', component: ExperimentsView, meta: { title: 'Experiments' } },
    { path: '/experiments/:id', component: ExperimentResultsView, props: true, meta: { title: 'Experiment results' } },
    { path: '/compare', component: CompareView, meta: { title: 'Compare' } },
    { path: '/history', component: HistoryView, meta: { title: 'History' } },
    { path: '/runs/:id', component: RunView, props: true, meta: { title: 'Run' } },
    { path: '/:pathMatch(.*)*', redirect: '/experiment' },
  ],
});

router.afterEach((to) => {
  const title = typeof to.meta.title === 'string' ? to.meta.title : '';
  document.title = title ? `${title} · ReLU Lab` : 'ReLU Lab';
});

const LAST_ROUTE_KEY = 'lastRoute';
// A route is a path and a short query; anything longer was not written by this app.
const MAX_ROUTE_LENGTH = 2000;

/**
 * The app opens where the user left it (a run, an experiment's results, a comparison), but only
 * when it is opened without a page of its own: a link or a reload to a page goes to that page.
 */
router.beforeEach((to, from) => {
  if (from !== START_LOCATION || to.redirectedFrom?.path !== '/') return true;
  const last = readStored(LAST_ROUTE_KEY, isString, '');
  if (!last.startsWith('/') || last.length > MAX_ROUTE_LENGTH || last === to.fullPath) return true;
  return router.resolve(last).matched.length ? last : true;
});

router.afterEach((to, _from, failure) => {
  if (!failure) writeStored(LAST_ROUTE_KEY, to.fullPath);
});
