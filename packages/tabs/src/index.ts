export { createTabs, type TabsOptions } from './create-tabs';
