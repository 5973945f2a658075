import { z } from 'zod';
import { createApp } from 'vue';
import { createPinia } from 'pinia';
import App from './App.vue';
import { installTheme } from './composables/useTheme';
import { router } from './router';
import './styles/app.css';

// The strict CSP forbids eval; without this zod probes `new Function` and the browser reports a violation.
z.config({ jitless: true });

// Before the first paint, so that a dark-theme user never sees a white flash.
installTheme();

createApp(App).use(createPinia()).use(router).mount('#app');
