import { createSessionPlugin } from '@imstate/vue';
import { createApp } from 'vue';
import App from './App.vue';
import { createSimulatedService, sessionOptionsFor, simulatedServiceKey } from './simulated-service';
import './style.css';

// A little latency, so "connecting" is visible for a moment, as it is on a real network.
const service = createSimulatedService({ latencyMs: 200 });

createApp(App)
  .use(createSessionPlugin(sessionOptionsFor(service.server, service.device)))
  .provide(simulatedServiceKey, service)
  .mount('#app');
