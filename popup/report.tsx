import { render } from 'preact';
render(<p>Keyhole report</p>, document.getElementById('app')!);
