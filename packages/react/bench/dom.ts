// A DOM for react-dom/client. Import for its side effect, before anything that imports react-dom.
import { Window } from 'happy-dom';

const window = new Window({ url: 'http://127.0.0.1/' });
Object.assign(globalThis, { window, document: window.document });
if (!('navigator' in globalThis)) Object.assign(globalThis, { navigator: window.navigator });
