import { z } from 'zod';
import { createApp } from 'vue';
import { createPinia } from 'pinia';
import App from './App.vue';
import { router } from './router';
import './styles/app.css';

// The strict CSP forbids eval; without this zod probes `new Function` and the browser reports a violation.
z.config({ jitless: true });

createApp(App).use(createPinia()).use(router).mount('#app');
