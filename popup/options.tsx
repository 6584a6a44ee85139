import { render } from 'preact';
render(<p>Keyhole options</p>, document.getElementById('app')!);
