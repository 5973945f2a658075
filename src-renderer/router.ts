import { createRouter, createWebHashHistory } from 'vue-router';
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
    { path: '/history', component: HistoryView, meta: { title: 'History' } },
    { path: '/runs/:id', component: RunView, props: true, meta: { title: 'Run' } },
    { path: '/:pathMatch(.*)*', redirect: '/experiment' },
  ],
});

router.afterEach((to) => {
  const title = typeof to.meta.title === 'string' ? to.meta.title : '';
  document.title = title ? `${title} · ReLU Lab` : 'ReLU Lab';
});
